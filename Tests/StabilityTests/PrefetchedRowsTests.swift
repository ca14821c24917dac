import StabilityTestSupport
import Testing

@testable import StabilityCore
@testable import StabilityIngest
@testable import StabilitySQLite

/// The SQLite source's reading thread: rows arrive complete and in order,
/// a failing query or a failing consumer ends the read promptly.
@Suite struct PrefetchedRowsTests {
  /// A database with one table of `count` rows mixing every storage class.
  func database(rows count: Int) throws -> SQLiteDatabase {
    let workspace = try TestWorkspace()
    let database = try SQLiteDatabase(path: workspace.path("rows.db"), mode: .readWriteCreate)
    try database.execute(
      """
      CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, n);
      WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < \(count - 1))
      INSERT INTO t SELECT i, i / 4.0, 'row ' || i || char(0) || 'é', CAST('b' || i AS BLOB),
        CASE WHEN i % 3 = 0 THEN NULL ELSE '' END FROM k;
      """)
    return database
  }

  @Test func rowsArriveCompleteAndInOrderAcrossChunks() throws {
    let database = try database(rows: 10_000)
    let direct = try database.prepare("SELECT i, r, s, b, n FROM t ORDER BY i")
    var expected: [[SourceValue]] = []
    while try direct.step() { expected.append((0..<5).map { direct.value(Int32($0)) }) }
    let statement = try database.prepare("SELECT i, r, s, b, n FROM t ORDER BY i")
    var read: [[SourceValue]] = []
    var textBytes: [Int] = []
    try PrefetchedRows(statement: statement, database: database).forEachRow { row in
      read.append((0..<5).map { row.value($0) })
      textBytes.append(row.withTextBytes(2) { $0.count } ?? -1)
      // A blob is lent as its bytes too, so a key that is not UTF-8 is caught (issue 31.4).
      #expect(row.withTextBytes(3) { $0.count } == row.value(3).displayText.utf8.count)
    }
    #expect(read.count == 10_000)
    #expect(read == expected)
    #expect(textBytes[12] == "row 12\u{0}é".utf8.count)
  }

  @Test func aQueryFailingMidwayThrowsItsError() throws {
    let database = try database(rows: 10_000)
    // abs() of the smallest integer fails with "integer overflow" on that row
    // only; the rows before it still arrive, as when reading directly.
    let statement = try database.prepare(
      "SELECT abs(CASE WHEN i = 9000 THEN -9223372036854775807 - 1 ELSE i END) FROM t")
    var rows = 0
    #expect(throws: SQLiteError.self) {
      try PrefetchedRows(statement: statement, database: database).forEachRow { _ in rows += 1 }
    }
    #expect(rows == 9000)
  }

  struct Stop: Error {}

  @Test func aFailingConsumerStopsTheReader() throws {
    let database = try database(rows: 200_000)
    let statement = try database.prepare("SELECT i, s FROM t")
    var rows = 0
    #expect(throws: Stop.self) {
      try PrefetchedRows(statement: statement, database: database).forEachRow { _ in
        rows += 1
        if rows == 5000 { throw Stop() }
      }
    }
    #expect(rows == 5000)
    // The connection is free again: the reader let go of it.
    let again = try database.prepare("SELECT count(*) FROM t")
    #expect(try again.step() && again.integer(0) == 200_000)
  }
}
