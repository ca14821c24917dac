import StabilityCore
import StabilitySources
import StabilityTestSupport
import Testing

/// Nothing is lost silently (method §2.2 steps 7–8), on data shaped like a
/// user's: SQLite `datetime()` text, rows a query cannot read, columns
/// named twice. A failing run stores nothing and keeps its watermark.
@Suite struct RejectedRowsTests {
  static func config(query: String, extra: String = "") -> String {
    ImporterFixture.withCrashesQuery(query, extra: extra)
  }

  static let rawQuery =
    "select time, fingerprint, version from crashes where time >= $1 and time < $2"

  /// 24 crashes an hour from 2026-11-21 00:00 to 2026-11-23 00:00, their
  /// times written by SQLite's own `datetime()`: `2026-11-21 00:02:30`.
  static let datetimeRows = """
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1151)
    INSERT INTO crashes SELECT datetime('2026-11-21 00:02:30', '+' || (i * 150) || ' seconds'),
      'fp-' || (i % 5), '3.16.' || (i % 2), i FROM n;
    """

  @Test func rowsOutsideTheSpanFailTheImporterAndNameTheTimeFormatThatMatches() throws {
    let fixture = try ImporterFixture(config: Self.config(query: Self.rawQuery))
    try fixture.sql(Self.datetimeRows)
    // `time >= '2026-11-21T06:00:00Z'` as text skips all of the 21st and
    // `time < '2026-11-22T06:00:00Z'` keeps all of the 22nd, past 06:00 too.
    let span = ImportOptions(
      since: TestTime.nov20 + 86_400 + 6 * 3600, until: TestTime.nov20 + 2 * 86_400 + 6 * 3600)
    let result = try #require(fixture.importAll(["crashes"], options: span).first)
    let failure = try #require(result.failure)
    #expect(failure.exitStatus == .failed)
    let message = failure.description
    #expect(message.contains("importer `crashes` (source `game-db`)"))
    #expect(message.contains("432 of 576 rows have a time outside [$1, $2)"))
    #expect(message.contains("$1 was bound as `2026-11-21T06:00:00Z` (time_format: iso8601)"))
    #expect(message.contains("`2026-11-22 06:00:00`"))
    #expect(message.contains("SQLite's `datetime()`"))
    #expect(message.contains("Add `time_format: sql` to importer `crashes` (stability.yaml line"))
    #expect(message.contains("`stability import crashes --reset`"))
    #expect(message.contains("Nothing was stored and the watermark is unchanged"))
    #expect(try fixture.inspector().errorTotals().isEmpty)
    #expect(try fixture.state("crashes")?.watermark == nil)
    #expect(try fixture.state("crashes")?.lastError?.contains("time_format: sql") == true)

    // The fix the message names: every row of the span is stored.
    try fixture.workspace.write(
      "stability.yaml", Self.config(query: Self.rawQuery, extra: "\n    time_format: sql"))
    let fixed = try #require(fixture.importAll(["crashes"], options: span).first)
    #expect(fixed.failure == nil)
    // 06:00 on the 21st to 06:00 on the 22nd: 24 h × 24 rows an hour.
    #expect(try fixture.inspector().errorTotals().values.reduce(0) { $0 + $1.count } == 576)
  }

  @Test func aRunThatFindsNothingUnderItsTimeFormatButRowsUnderAnotherFails() throws {
    let fixture = try ImporterFixture(config: Self.config(query: Self.rawQuery))
    try fixture.sql(Self.datetimeRows)
    // An hourly run: `time >= '2026-11-21T05:00:00Z'` as text skips the whole
    // day, so nothing comes back, though the hour holds 24 crashes.
    let hour = TestTime.nov20 + 86_400 + 5 * 3600
    let result = try #require(
      fixture.importAll(["crashes"], options: ImportOptions(since: hour, until: hour + 3600)).first)
    let message = try #require(result.failure).description
    #expect(
      message.contains(
        "the query returned no rows for [2026-11-21T05:00:00Z, 2026-11-21T06:00:00Z), but with "
          + "`time_format: sql` this query finds 24 rows inside the span, with iso8601 0"))
    #expect(message.contains("Add `time_format: sql` to importer `crashes` (stability.yaml line"))
    #expect(try fixture.state("crashes")?.lastError?.contains("time_format: sql") == true)

    // An hour without data under any format is just empty.
    let empty = TestTime.nov20 + 5 * 86_400
    let quiet = try #require(
      fixture.importAll(["crashes"], options: ImportOptions(since: empty, until: empty + 3600))
        .first)
    #expect(quiet.failure == nil)
    #expect(quiet.rejections?.total == 0)
  }

  /// A nightly run across midnight over `datetime()` text with ISO bounds
  /// reads only the rows after midnight — all inside its span — and used to
  /// replace the evening before with nothing, exit 0. Its first hour
  /// returned nothing while another format finds rows there: it fails and
  /// the stored evening stays.
  @Test func aRunWhoseFirstHourIsEmptyUnderItsTimeFormatButNotAnotherFails() throws {
    let fixture = try ImporterFixture(
      config: Self.config(query: Self.rawQuery, extra: "\n    time_format: sql"))
    // The source as the nightly run at 03:15 finds it: nothing later yet.
    try fixture.sql(Self.datetimeRows + "DELETE FROM crashes WHERE time >= '2026-11-22 03:15:00';")
    let evening = TestTime.nov20 + 86_400 + 22 * 3600  // 2026-11-21T22:00Z
    let span = ImportOptions(since: evening, until: evening + 5 * 3600 + 15 * 60)
    #expect(try fixture.importAll(["crashes"], options: span).first?.failure == nil)
    let stored = try fixture.inspector().errorBucketLines()
    // 22:00 to 03:15 at 24 crashes an hour: 5 h × 24 + 6 (03:00–03:15).
    #expect(try fixture.inspector().errorTotals().values.reduce(0) { $0 + $1.count } == 126)

    try fixture.workspace.write("stability.yaml", Self.config(query: Self.rawQuery))
    let result = try #require(fixture.importAll(["crashes"], options: span).first)
    let message = try #require(result.failure).description
    #expect(
      message.contains(
        "the query returned no rows for its first hour [2026-11-21T22:00:00Z, "
          + "2026-11-21T23:00:00Z), but with `time_format: sql` this query finds 24 rows"))
    #expect(message.contains("or to its source `game-db` for all of its importers"))
    #expect(try fixture.inspector().errorBucketLines() == stored)
  }

  @Test func moreRejectionsThanMaxRejectedFailTheRunAndStoreNothing() throws {
    let rows = """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199)
      INSERT INTO crashes SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-25T00:00:00Z', '+' || (i * 5) || ' minutes'),
        CASE WHEN i % 67 = 3 THEN '' ELSE 'fp-' || (i % 4) END, '3.16.2', i FROM n;
      """
    let fixture = try ImporterFixture(config: Self.config(query: Self.rawQuery))
    try fixture.sql(rows)
    let result = try #require(fixture.importAll(["crashes"]).first)
    let message = try #require(result.failure).description
    // Rows 3, 70 and 137 have an empty fingerprint: 3 of 200 = 1.5% > 1%.
    #expect(
      message.contains("3 of 200 rows were rejected (1.5%), more than max_rejected (1%) allows"))
    #expect(message.contains("empty fingerprint: 3 (e.g. time=2026-11-25T00:15:00Z"))
    #expect(message.contains("raise `max_rejected` on importer `crashes` (stability.yaml line"))
    #expect(try fixture.inspector().errorTotals().isEmpty)
    #expect(try fixture.state("crashes")?.watermark == nil)

    try fixture.workspace.write(
      "stability.yaml", Self.config(query: Self.rawQuery, extra: "\n    max_rejected: 2%"))
    let allowed = try #require(fixture.importAll(["crashes"]).first)
    #expect(allowed.failure == nil)
    #expect(allowed.rejections?.total == 3)
    #expect(try fixture.inspector().errorTotals().values.reduce(0) { $0 + $1.count } == 197)
  }

  @Test func aRunWhoseEveryRowIsRejectedFailsEvenWhenAllMayBe() throws {
    let fixture = try ImporterFixture(
      config: Self.config(query: Self.rawQuery, extra: "\n    max_rejected: 100%"))
    // Day-first text no time_format reads, between the bounds as text.
    try fixture.sql(
      "INSERT INTO crashes VALUES ('2026-11-25 (25/11) 05:00', 'fp', '1.0', 's1'), ('2026-11-25 (25/11) 06:00', 'fp', '1.0', 's2');"
    )
    let result = try #require(fixture.importAll(["crashes"]).first)
    let message = try #require(result.failure).description
    #expect(message.contains("all 2 rows were rejected"))
    #expect(message.contains("unparsable time (expected ISO 8601 or time_format iso8601): 2"))
    #expect(try fixture.state("crashes")?.watermark == nil)
  }

  @Test func twoResultColumnsWithOneNameAreAnError() throws {
    let fixture = try ImporterFixture(
      config: Self.config(
        query:
          "select time, fingerprint, count(*) as count, count(distinct session_id) as count from crashes where time >= $1 and time < $2 group by 1, 2"
      ))
    try fixture.sql("INSERT INTO crashes VALUES ('2026-11-25T05:00:00Z', 'fp', '1.0', 's1');")
    let message = try #require(fixture.importAll(["crashes"]).first?.failure).description
    #expect(message.contains("more than one column named `count`"))
    #expect(message.contains("with `AS`"))
  }

  @Test(arguments: [
    ("5", "did you mean `5%`?"), ("0.02", "did you mean `2%`?"), ("150%", "from 0% to 100%"),
  ])
  func maxRejectedIsAPercentage(value: String, expected: String) throws {
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml", Self.config(query: Self.rawQuery, extra: "\n    max_rejected: \(value)"))
    #expect(throws: (any Error).self) { try workspace.config() }
    do {
      _ = try workspace.config()
    } catch {
      #expect("\(error)".contains("`error_importers[0].max_rejected` must be a percentage"))
      #expect("\(error)".contains(expected))
    }
  }
}

/// `test-query` catches the tutorial's mistake before a run: SQLite
/// `datetime()` text filtered with ISO 8601 bounds loses the rows of `$1`'s
/// day without a single row outside the span.
@Suite struct TimeFormatProbeTests {
  @Test func testQueryNamesTheTimeFormatUnderWhichTheQueryFindsMoreRows() throws {
    let fixture = try ImporterFixture(
      config: RejectedRowsTests.config(query: RejectedRowsTests.rawQuery))
    try fixture.sql(RejectedRowsTests.datetimeRows)
    let config = try fixture.workspace.config()
    let importer = try #require(config.importer(named: "crashes"))
    // 2026-11-21T12:00Z to 2026-11-22T06:00Z: 18 h × 24 rows inside the span.
    let start = TestTime.nov20 + 86_400 + 12 * 3600
    let end = TestTime.nov20 + 2 * 86_400 + 6 * 3600
    let report = try TestQueryReport.run(
      importer, config: config, environment: fixture.workspace.environment(now: fixture.now),
      start: start, end: end)
    let text = report.lines.joined(separator: "\n")
    #expect(report.findsAProblem)
    #expect(
      text.contains(
        "with `time_format: sql` this query finds 432 rows inside the span, with iso8601"))
    #expect(text.contains("Add `time_format: sql` to importer `crashes` (stability.yaml line"))

    try fixture.workspace.write(
      "stability.yaml",
      RejectedRowsTests.config(query: RejectedRowsTests.rawQuery, extra: "\n    time_format: sql"))
    let fixedConfig = try fixture.workspace.config()
    let fixed = try TestQueryReport.run(
      try #require(fixedConfig.importer(named: "crashes")), config: fixedConfig,
      environment: fixture.workspace.environment(now: fixture.now), start: start, end: end)
    #expect(!fixed.findsAProblem)
    #expect(fixed.lines.contains { $0.contains("432 rows read, 432 accepted, 0 rejected") })
  }
}
