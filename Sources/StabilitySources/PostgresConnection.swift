import CLibPQ
import Foundation
import StabilityCore
import StabilityIngest

/// One libpq connection; results are streamed row by row (single-row mode),
/// so a result of millions of rows never sits in memory.
final class PostgresConnection {
  private let handle: OpaquePointer
  private let secrets: [String]

  /// Connects with libpq keywords, in order: earlier ones are defaults that a
  /// `dbname` URL (expanded in place) can override; later ones override it.
  init(keywords: [(String, String)], secrets: [String]) throws {
    self.secrets = secrets
    // C strings for libpq: copied here, freed after the call that reads them.
    let keyCopies = keywords.map { strdup($0.0) }
    let valueCopies = keywords.map { strdup($0.1) }
    defer { (keyCopies + valueCopies).forEach { free($0) } }
    let keys = keyCopies.map { $0.map { UnsafePointer($0) } } + [nil]
    let values = valueCopies.map { $0.map { UnsafePointer($0) } } + [nil]
    let pointer = PQconnectdbParams(keys, values, 1)
    guard let pointer else {
      throw SourceError.unavailable("libpq could not allocate a connection")
    }
    handle = pointer
    // On failure deinit still runs (self is fully initialised) and frees the handle.
    guard PQstatus(handle) == CONNECTION_OK else { throw SourceError.unavailable(lastError) }
  }

  deinit { PQfinish(handle) }

  private var lastError: String {
    let text = String(cString: PQerrorMessage(handle)).trimmingCharacters(
      in: .whitespacesAndNewlines)
    return Secrets.scrub(text.replacingOccurrences(of: "\n", with: " "), secrets: secrets)
  }

  /// Runs a statement without parameters or rows (session settings).
  func execute(_ sql: String) throws {
    guard let result = PQexec(handle, sql) else { throw SourceError.unavailable(lastError) }
    defer { PQclear(result) }
    let status = PQresultStatus(result)
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
      throw error(result, query: sql)
    }
  }

  /// The result columns of `query` without running it (PQprepare + PQdescribePrepared).
  func describe(_ query: String, parameterCount: Int32) throws -> [String] {
    guard let prepared = PQprepare(handle, "", query, parameterCount, nil) else {
      throw SourceError.unavailable(lastError)
    }
    defer { PQclear(prepared) }
    guard PQresultStatus(prepared) == PGRES_COMMAND_OK else { throw error(prepared, query: query) }
    guard let description = PQdescribePrepared(handle, "") else {
      throw SourceError.unavailable(lastError)
    }
    defer { PQclear(description) }
    guard PQresultStatus(description) == PGRES_COMMAND_OK else {
      throw error(description, query: query)
    }
    return (0..<PQnfields(description)).map { String(cString: PQfname(description, $0)) }
  }

  /// Runs `query` with text parameters, calling `begin` with the column names
  /// and `row` for each row as it arrives.
  func stream(
    _ query: String, parameters: [String], begin: ([String]) throws -> Void,
    row: (ValuesRow) throws -> Void
  ) throws {
    // C strings for libpq: copied here, freed when the query returns.
    let copies = parameters.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let values = copies.map { $0.map { UnsafePointer($0) } }
    let sent = PQsendQueryParams(handle, query, Int32(parameters.count), nil, values, nil, nil, 0)
    guard sent == 1 else { throw SourceError.unavailable(lastError) }
    PQsetSingleRowMode(handle)
    var failure: Error?
    var started = false
    // One buffer for every row: the sink lets go of each row before the next.
    var current = ValuesRow(values: [])
    while let result = PQgetResult(handle) {
      defer { PQclear(result) }
      guard failure == nil else { continue }
      switch PQresultStatus(result) {
      case PGRES_SINGLE_TUPLE, PGRES_TUPLES_OK:
        do {
          if !started {
            started = true
            try begin((0..<PQnfields(result)).map { String(cString: PQfname(result, $0)) })
          }
          if PQntuples(result) == 1 {
            current.values.removeAll(keepingCapacity: true)
            for column in 0..<PQnfields(result) {
              current.values.append(PostgresCell.value(result, column: column))
            }
            try row(current)
          }
        } catch {
          failure = error
          PQrequestCancel(handle)
        }
      default:
        failure = error(result, query: query)
      }
    }
    if let failure { throw failure }
    if PQstatus(handle) != CONNECTION_OK {
      throw SourceError.unavailable("connection lost: \(lastError)")
    }
  }

  /// A failed result as a `SourceError`: connection trouble is "unavailable";
  /// type mismatches on `$1`/`$2` point at `time_format`.
  private func error(_ result: OpaquePointer, query: String) -> SourceError {
    func field(_ code: Character) -> String? {
      PQresultErrorField(result, Int32(code.asciiValue ?? 0)).map { String(cString: $0) }
    }
    let state = field("C") ?? ""
    var message = Secrets.scrub(
      (field("M") ?? lastError).replacingOccurrences(of: "\n", with: " "), secrets: secrets)
    if let position = field("P").flatMap(Int.init) {
      let index = query.index(query.startIndex, offsetBy: min(max(0, position - 1), query.count))
      let context = query[index...].prefix(30).replacingOccurrences(of: "\n", with: " ")
      message += " at character \(position) (near “\(context)”)"
    }
    if state == "08P01", message.contains("bind message supplies") {
      // The server's word for a query that uses $3 or more: a query error.
      return .query(
        "\(message) [SQLSTATE 08P01]; only $1 (the span's start) and $2 (its end) are bound: "
          + "remove the other $N from the query")
    }
    if PQstatus(handle) != CONNECTION_OK || state.hasPrefix("08") || state == "57P01" {
      return .unavailable("connection lost: \(message)")
    }
    switch state {
    case "22P02", "42883", "42804", "22007", "22008":
      return .query(
        "\(message) [SQLSTATE \(state)]; $1/$2 are passed as time_format says: check it matches the "
          + "time column's type (iso8601 or sql for timestamp/timestamptz, unix or unix_ms for integer epochs)"
      )
    case "57014":
      return .query(
        "\(message) [SQLSTATE 57014]; raise the source's statement_timeout if the query needs longer"
      )
    default:
      return .query(state.isEmpty ? message : "\(message) [SQLSTATE \(state)]")
    }
  }
}

/// A cell of a single-row-mode result; numbers come back as numbers, times
/// as text (any ISO 8601 form is read), NULL as `.null`.
enum PostgresCell {
  private static let integerTypes: Set<UInt32> = [20, 21, 23, 26]  // int8, int2, int4, oid
  private static let realTypes: Set<UInt32> = [700, 701, 1700]  // float4, float8, numeric

  /// The value in `column` of the result's only row.
  static func value(_ result: OpaquePointer, column: Int32) -> SourceValue {
    if PQgetisnull(result, 0, column) == 1 { return .null }
    let text = String(cString: PQgetvalue(result, 0, column))
    let type = PQftype(result, column)
    if integerTypes.contains(type) {
      return Int64(text).map(SourceValue.integer) ?? .text(text)
    }
    if realTypes.contains(type) {
      if let integer = Int64(text) { return .integer(integer) }
      return Double(text).map(SourceValue.real) ?? .text(text)
    }
    return .text(text)
  }
}

/// The linked libpq's version, e.g. `15.10` (`PQlibVersion`'s 150010).
package var libpqVersion: String {
  let number = Int(PQlibVersion())
  return number >= 100_000
    ? "\(number / 10_000).\(number % 10_000)"
    : "\(number / 10_000).\(number / 100 % 100).\(number % 100)"
}
