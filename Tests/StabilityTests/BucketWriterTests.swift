import StabilityTestSupport
import Testing

@testable import StabilityStore

/// Batches written in the background while the source is read: a store
/// that fills up mid-import fails as the store (not as the source's query)
/// and rolls the whole run back.
@Suite struct BucketWriterTests {
  @Test func aStoreFillingUpDuringABackgroundWriteFailsAsTheStoreAndRollsBack() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)
      INSERT INTO crashes SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-21T00:00:00Z', '+' || i || ' minutes'),
        'fp-' || i, '3.16.' || (i % 3), 's' || i FROM n;
      """)
    let store = try Store(path: fixture.workspace.path("full.db"))
    let pages = try #require(try store.database.scalarInteger("PRAGMA page_count"))
    // SQLite's own limit on the file's size: SQLITE_FULL once it is reached.
    try store.database.execute("PRAGMA max_page_count = \(pages + 8)")
    var flushes = 0
    #expect {
      try fixture.importCrashes(into: store, flushThreshold: 200, flushes: &flushes)
    } throws: { error in
      guard let error = error as? StoreError, case .sqlite = error else { return false }
      return "\(error)".contains("full")
    }
    #expect(flushes > 1)
    #expect(try store.state(of: "crashes") == nil)
    let inspector = try StoreInspector(path: fixture.workspace.path("full.db"))
    #expect(try inspector.errorTotals().isEmpty)
  }
}
