import Foundation
import StabilityReport
import StabilitySources
import StabilityStore
import StabilityTestSupport
import Testing

/// Bad rows are counted by reason and never stored; bad queries fail the
/// importer with a message naming it and its source, storing nothing. The
/// importers here allow any share of rejected rows (`max_rejected: 100%`), so
/// the good rows are stored beside the count; `RejectedRowsTests` covers the
/// limit itself.
@Suite struct BadInputTests {
  @Test func rejectsBadMetricRowsByReason() throws {
    let fixture = try ImporterFixture(config: ImporterFixture.allowingRejections())
    try fixture.sql(
      """
      INSERT INTO metric_table VALUES ('3.16.2', 10, '2026-11-26T10:00:00Z'),
        ('3.16.2', 'lots', '2026-11-26T10:00:00Z'), ('3.16.2', -3, '2026-11-26T10:00:00Z'),
        ('3.16.2', 'NaN', '2026-11-26T10:00:00Z'), ('3.16.2', NULL, '2026-11-26T10:00:00Z');
      """)
    let results = try fixture.importAll(["MinsPlayedVersion3.16.2"])
    let rejections = try #require(results.first?.rejections)
    let reasons = Dictionary(uniqueKeysWithValues: rejections.sorted.map { ($0.reason, $0.count) })
    #expect(reasons["value is not a number"] == 1)
    #expect(reasons["value is negative"] == 1)
    #expect(reasons["value is not finite"] == 1)
    #expect(reasons["value is null"] == 1)
    #expect(try fixture.inspector().metricTotals() == ["minutesPlayed-version3.16.2": 10])
  }

  /// Issue 22: keys are bytes (method §2.0). A NUL byte would end the stored text
  /// (`crash\0OOM` and `crash\0ANR` both `crash`) and bytes that are not
  /// UTF-8 would become U+FFFD (`f\xff` and `f\xfe` both `f�`): such rows are
  /// rejected by reason, never merged; the good ones are stored apart.
  @Test func keysWithANulByteOrInvalidUTF8AreRejectedNotMerged() throws {
    let fixture = try ImporterFixture(config: ImporterFixture.allowingRejections())
    try fixture.sql(
      """
      INSERT INTO crashes VALUES ('2026-11-26T10:00:00Z', 'crash' || char(0) || 'OOM', '3.16.2', 's1'),
        ('2026-11-26T10:00:00Z', 'crash' || char(0) || 'ANR', '3.16.2', 's2'),
        ('2026-11-26T10:00:00Z', CAST(X'66FF' AS TEXT), '3.16.2', 's3'),
        ('2026-11-26T10:00:00Z', CAST(X'66FE' AS TEXT), '3.16.2', 's4'),
        ('2026-11-26T10:00:00Z', 'fp-ok', CAST(X'332E3136FF' AS TEXT), 's5'),
        ('2026-11-26T10:00:00Z', 'Fp-ok', '3.16.2', 's6'), ('2026-11-26T10:00:00Z', 'fp-ok', '3.16.2', 's7');
      """)
    let rejections = try #require(try fixture.importAll(["crashes"]).first?.rejections)
    let reasons = Dictionary(uniqueKeysWithValues: rejections.sorted.map { ($0.reason, $0.count) })
    #expect(reasons["fingerprint contains a NUL byte"] == 2)
    #expect(reasons["fingerprint is not valid UTF-8"] == 2)
    #expect(reasons["attribute `version` is not valid UTF-8"] == 1)
    #expect(rejections.total == 5)
    #expect(try fixture.inspector().errorTotals().keys.sorted() == ["Fp-ok", "fp-ok"])
  }

  /// Issue 31.4: BLOB cells were decoded with U+FFFD and merged with a real
  /// `U+FFFD` key (`fp\u{FFFD}` 72 = 8 + 64). A blob is checked as text:
  /// valid UTF-8 is that text, anything else is rejected by reason.
  @Test func blobKeysThatAreNotUTF8AreRejectedNotMerged() throws {
    let fixture = try ImporterFixture(config: ImporterFixture.allowingRejections())
    try fixture.sql(
      """
      INSERT INTO crashes VALUES ('2026-11-26T10:00:00Z', X'6670FF', '3.16.2', 's1'),
        ('2026-11-26T10:00:00Z', X'6670EDA080', '3.16.2', 's2'),
        ('2026-11-26T10:00:00Z', 'fp' || char(65533), '3.16.2', 's3'),
        ('2026-11-26T10:00:00Z', X'66702D626C6F62', '3.16.2', 's4'),
        ('2026-11-26T10:00:00Z', 'fp-ok', X'322E30FF', 's5');
      """)
    let rejections = try #require(try fixture.importAll(["crashes"]).first?.rejections)
    let reasons = Dictionary(uniqueKeysWithValues: rejections.sorted.map { ($0.reason, $0.count) })
    #expect(reasons["fingerprint is not valid UTF-8"] == 2)
    #expect(reasons["attribute `version` is not valid UTF-8"] == 1)
    // The real U+FFFD key keeps its one crash; the valid blob `fp-blob` is that text.
    let totals = try fixture.inspector().errorTotals()
    #expect(totals.keys.sorted() == ["fp-blob", "fp\u{FFFD}"])
    #expect(totals["fp\u{FFFD}"]?.count == 1)
  }

  /// The same for raw bytes in a JSON Lines file: the line is rejected.
  @Test func eventLinesWithBytesThatAreNotUTF8AreRejected() throws {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", FileSourceTests.config)
    let start = Data(#"{"time": "2026-11-26T10:00:00Z", "fingerprint": "fp"#.utf8)
    let end = Data(#"", "version": "1", "platform": "ios"}"#.utf8) + Data([0x0A])
    var bytes = start + Data([0xFF]) + end
    bytes += start + Data([0xED, 0xA0, 0x80]) + end
    bytes += start + Data("\u{FFFD}".utf8) + end
    // Not this run's: older than the span, or a metric event — left alone on every run.
    bytes +=
      Data(#"{"time": "2026-10-01T10:00:00Z", "fingerprint": "old"#.utf8) + Data([0xFF]) + end
    bytes += Data(#"{"time": "2026-11-26T11:00:00Z", "group": "sessions", "platform": "a"#.utf8)
    bytes += Data([0xFF]) + Data(#"", "version": "1"}"#.utf8) + Data([0x0A])
    try workspace.write("events/raw.jsonl", "")
    try bytes.write(to: URL(fileURLWithPath: workspace.path("events/raw.jsonl")))
    let config = try workspace.config()
    let results = try ImportRunner(
      config: config, store: try Store(path: config.storePath),
      environment: workspace.environment(now: TestTime.nov27)
    ).run(["errors"], options: ImportOptions())
    let rejections = try #require(results.first?.rejections)
    #expect(rejections.sorted.map(\.reason) == [EventFileReader.invalidUTF8Reason])
    #expect(rejections.total == 2)
    #expect(rejections.sorted.first?.example.hasSuffix("raw.jsonl:1") == true)
    #expect(results.first?.outsideSpan == 1)
    let totals = try StoreInspector(path: config.storePath).errorTotals()
    #expect(totals.keys.sorted() == ["fp\u{FFFD}"] && totals["fp\u{FFFD}"]?.count == 1)
  }

  /// 9,300 crash rows of count 1e15 in the hour 2026-11-26T10:00Z.
  static func hourPastTheIntegerRange() throws -> ImporterFixture {
    let fixture = try ImporterFixture(
      config: ImporterFixture.withCrashesQuery(
        "select time, fingerprint, version, 1000000000000000 as count from crashes "
          + "where time >= $1 and time < $2"))
    try fixture.sql(
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9299)
      INSERT INTO crashes SELECT '2026-11-26T10:00:00Z', 'fp', '3.16.2', i FROM n;
      """)
    return fixture
  }

  /// Issue 22: 9,300 rows of 1e15 (each under the limit) in one hour pass
  /// Int64.max — the run fails instead of storing a clamped count.
  @Test func errorCountsSummingPastTheIntegerRangeFailTheRun() throws {
    let fixture = try Self.hourPastTheIntegerRange()
    let result = try #require(try fixture.importAll(["crashes"]).first)
    let message = try #require(result.failure).description
    #expect(message.contains("the error counts of one hour sum past 9223372036854775807"))
    #expect(message.contains("Nothing was stored"))
    #expect(try fixture.inspector().errorTotals().isEmpty)
  }

  /// The same sum reached across flushed batches (the store adds a bucket's
  /// parts; SQLite would turn the sum into a real): the run fails too.
  @Test func errorCountsSummingPastTheRangeAcrossBatchesFailTheRun() throws {
    let fixture = try Self.hourPastTheIntegerRange()
    let store = try Store(path: fixture.workspace.path("batches.db"))
    var flushes = 0
    #expect(throws: CountOverflow.self) {
      try fixture.importCrashes(into: store, flushThreshold: 1, flushes: &flushes)
    }
    #expect(flushes > 1)
    #expect(try StoreInspector(path: fixture.workspace.path("batches.db")).errorTotals().isEmpty)
  }

  /// A store holding sums past the range (written by an older version, or
  /// by hand) makes the report fail with a message, not trap.
  @Test func aReportOverCountsPastTheIntegerRangeFailsWithoutTrapping() throws {
    let fixture = try ScoresFixture(
      errors: [
        StoreSeeder.errors(
          "fp", [("version", "3.16.2")], at: ScoresFixture.day, count: 5e18.asCount, impacted: 1),
        StoreSeeder.errors(
          "fp", [("version", "3.16.2")], at: ScoresFixture.day + 3600, count: 5e18.asCount,
          impacted: 1),
      ])
    #expect {
      _ = try fixture.scores()
    } throws: { error in
      "\(error)".contains("sum past 9223372036854775807")
    }
  }

  @Test func rejectsHugeAndInfiniteValuesWithoutCrashing() throws {
    let fixture = try ImporterFixture(config: ImporterFixture.allowingRejections())
    try fixture.sql(
      """
      INSERT INTO metric_table VALUES ('3.16.2', 1e308, '2026-11-26T10:00:00Z'),
        ('3.16.2', 1e308, '2026-11-26T10:01:00Z'), ('3.16.2', 'Infinity', '2026-11-26T10:02:00Z'),
        ('3.16.2', '-Infinity', '2026-11-26T10:03:00Z'), ('3.16.2', 9e18, '2026-11-26T10:04:00Z'),
        ('3.16.2', 4, '2026-11-26T10:05:00Z');
      """)
    let rejections = try #require(
      try fixture.importAll(["MinsPlayedVersion3.16.2"]).first?.rejections)
    let reasons = Dictionary(uniqueKeysWithValues: rejections.sorted.map { ($0.reason, $0.count) })
    #expect(reasons["value is too large (over 1e15)"] == 3)
    #expect(reasons["value is not finite"] == 2)
    #expect(rejections.total == 5)
    #expect(try fixture.inspector().metricTotals() == ["minutesPlayed-version3.16.2": 4])
  }

  @Test func rejectsUnparsableAndNullTimes() throws {
    let config = ImporterFixture.allowingRejections().replacingOccurrences(
      of:
        "select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2",
      with:
        "select mins_played, time from metric_table where $1 is not null and $2 is not null union all select 1, 1795140000"
    )
    let fixture = try ImporterFixture(config: config)
    try fixture.sql(
      """
      INSERT INTO metric_table VALUES ('3.16.2', 1, 'last tuesday'),
        ('3.16.2', 1, NULL), ('3.16.2', 2, '2026-11-26T10:00:00Z');
      """)
    let rejections = try #require(
      try fixture.importAll(["MinsPlayedVersion3.16.2"]).first?.rejections)
    let reasons = Dictionary(uniqueKeysWithValues: rejections.sorted.map { ($0.reason, $0.count) })
    #expect(reasons["unparsable time (expected ISO 8601 or time_format iso8601)"] == 1)
    #expect(reasons["time is null"] == 1)
    #expect(
      reasons["time is a number but time_format is iso8601 (set time_format: unix or unix_ms)"] == 1
    )
    #expect(rejections.total == 3)
    #expect(try fixture.inspector().metricTotals() == ["minutesPlayed-version3.16.2": 2])
  }

  @Test(arguments: [
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "1969-12-31 23:59:59",
    "2026-11-26T10:00:00-12:00",
    "2026-02-30T00:00:00Z", "+275760-09-13T00:00:00Z",
  ])
  func farAwayOrImpossibleTimesAreRejectedNotStored(time: String) throws {
    let config = ImporterFixture.allowingRejections().replacingOccurrences(
      of:
        "select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2",
      with: "select mins_played, time from metric_table where $1 is not null and $2 is not null")
    let fixture = try ImporterFixture(config: config)
    try fixture.sql("INSERT INTO metric_table VALUES ('3.16.2', 5, '\(time)');")
    let result = try #require(try fixture.importAll(["MinsPlayedVersion3.16.2"]).first)
    let inside = time == "2026-11-26T10:00:00-12:00"  // 2026-11-26T22:00Z, inside the span
    if inside {
      #expect(result.rejections?.total == 0)
      #expect(try fixture.inspector().metricTotals() == ["minutesPlayed-version3.16.2": 5])
    } else {
      // Outside the span, or no time at all: the run fails whatever max_rejected says.
      let message = try #require(result.failure, "\(time)").description
      #expect(
        message.contains("1 of 1 row has a time outside [$1, $2)")
          || message.contains("its one row was rejected — unparsable time"), "\(message)")
      #expect(try fixture.inspector().metricTotals().isEmpty)
    }
  }

  @Test func rejectsEmptyFingerprints() throws {
    let fixture = try ImporterFixture(config: ImporterFixture.allowingRejections())
    try fixture.sql(
      """
      INSERT INTO crashes VALUES ('2026-11-26T10:00:00Z', '', 'v', 's1'),
        ('2026-11-26T10:00:00Z', NULL, 'v', 's1'), ('2026-11-26T10:00:00Z', 'ok', 'v', 's1');
      """)
    let rejections = try #require(try fixture.importAll(["crashes"]).first?.rejections)
    #expect(rejections.sorted.map(\.reason) == ["empty fingerprint"])
    #expect(rejections.total == 2)
    #expect(try fixture.inspector().fingerprintCount() == 1)
  }

  @Test(arguments: [
    (
      "select mins_played, time, 1 as extra from metric_table where time >= $1 and time < $2",
      "columns `mins_played`, `extra` are neither the time, the value (name it `value`)"
    ),
    ("select mins_played from metric_table where time >= $1 and time < $2", "no `time` column"),
    ("selec mins_played, time from metric_table where time >= $1 and time < $2", "syntax error"),
    (
      "select mins_played, time from nowhere where time >= $1 and time < $2",
      "no such table: nowhere"
    ),
    (
      "select mins_played, time from metric_table where time >= $1 and time < $2 and version = ?",
      "parameters other than $1 and $2"
    ),
  ])
  func badQueriesFailTheImporterAndStoreNothing(query: String, message: String) throws {
    let config = ImporterFixture.config.replacingOccurrences(
      of:
        "select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2",
      with: query)
    let fixture = try ImporterFixture(config: config)
    try fixture.sql("INSERT INTO metric_table VALUES ('3.16.2', 10, '2026-11-26T10:00:00Z');")
    let results = try fixture.importAll(["MinsPlayedVersion3.16.2"])
    let failure = try #require(results.first?.failure)
    #expect(
      failure.description.hasPrefix("importer `MinsPlayedVersion3.16.2` (source `game-db`): "))
    #expect(failure.description.contains(message), "\(failure.description)")
    #expect(failure.exitStatus == .failed)
    #expect(try fixture.state("MinsPlayedVersion3.16.2")?.watermark == nil)
    #expect(try fixture.inspector().metricTotals().isEmpty)
  }

  @Test func singleMetricImporterTakesAttributesFromItsMetric() throws {
    let config = ImporterFixture.config.replacingOccurrences(
      of:
        "select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2",
      with: "select mins_played, version, time from metric_table where time >= $1 and time < $2")
    let fixture = try ImporterFixture(config: config)
    try fixture.sql("INSERT INTO metric_table VALUES ('3.16.9', 10, '2026-11-26T10:00:00Z');")
    #expect(try fixture.importAll(["MinsPlayedVersion3.16.2"]).first?.failure == nil)
    #expect(
      try fixture.inspector().metricAttributes() == [
        "minutesPlayed-version3.16.2": "version=3.16.2"
      ])
  }

  @Test func missingSourceFileIsUnavailable() throws {
    let fixture = try ImporterFixture(
      config: ImporterFixture.config.replacingOccurrences(
        of: "path: game.db", with: "path: gone.db"))
    let results = try fixture.importAll(["crashes"])
    let failure = try #require(results.first?.failure)
    #expect(failure.description.contains("source unavailable"))
    #expect(failure.description.contains("gone.db does not exist"))
    #expect(failure.exitStatus == .unavailable)
    #expect(ImportSummary(results: results).exitStatus == .unavailable)
  }
}

extension Double {
  /// The whole number as a count.
  fileprivate var asCount: Int64 { Int64(self) }
}
