import Foundation
import StabilityCore
import StabilityIngest
import StabilitySQLite

/// `type: sqlite`: a read-only connection to the team's SQLite database;
/// `$1`/`$2` are bound as parameters, looked up by name.
struct SQLiteSource: MetricSource {
  let config: SourceConfig

  func read<Sink: SourceRowSink>(_ request: SourceRequest, into sink: inout Sink) throws {
    try open(request).read(into: &sink)
  }

  func start(_ request: SourceRequest) -> (any StartedRead)? { try? open(request) }

  /// Opens the file, prepares and binds the query and starts its reading thread.
  private func open(_ request: SourceRequest) throws -> StartedSQLiteRead {
    guard let path = config.path, FileManager.default.fileExists(atPath: path) else {
      throw SourceError.unavailable(
        "database file \(config.path ?? "(no path)") does not exist; check `path` in the source")
    }
    let database: SQLiteDatabase
    do {
      database = try SQLiteDatabase(path: path, mode: .readOnly)
    } catch let error as SQLiteError {
      throw SourceError.unavailable("cannot open \(path): \(error.message)")
    }
    let statement: SQLiteStatement
    do {
      statement = try database.prepare(request.importer.query ?? "")
    } catch let error as SQLiteError {
      throw SourceError.query("the query does not compile: \(error.message)")
    }
    try bindBounds(statement, request: request)
    return StartedSQLiteRead(path: path, database: database, statement: statement)
  }

  private func bindBounds(_ statement: SQLiteStatement, request: SourceRequest) throws {
    let format = request.importer.timeFormat
    var bound: Int32 = 0
    for (name, time) in [("$1", request.start), ("$2", request.end)] {
      guard let index = statement.parameterIndex(name) else {
        throw SourceError.query(
          "the query does not use \(name); write the span as `time >= $1 and time < $2`")
      }
      try statement.bind(format.format(time), at: index)
      bound += 1
    }
    if statement.parameterCount > bound {
      throw SourceError.query(
        "the query has parameters other than $1 and $2; only those two are bound")
    }
  }
}

/// An sqlite query running on its reading thread.
final class StartedSQLiteRead: StartedRead {
  private let path: String
  /// Read before the thread starts: from then on only it touches the statement.
  private let columns: [String]
  private let rows: PrefetchedRows

  init(path: String, database: SQLiteDatabase, statement: SQLiteStatement) {
    self.path = path
    columns = (0..<statement.columnCount).map { statement.columnName($0) }
    rows = PrefetchedRows(statement: statement, database: database)
  }

  func read<Sink: SourceRowSink>(into sink: inout Sink) throws {
    do {
      try sink.begin(columns: columns)
      try rows.forEachRow { try sink.row($0) }
    } catch let error as SQLiteError {
      throw error.isBusy
        ? SourceError.unavailable("\(path) is locked: \(error.message)")
        : SourceError.query("the query failed while running: \(error.message)")
    } catch {
      cancel()
      throw error
    }
  }

  func cancel() { rows.cancel() }
}
