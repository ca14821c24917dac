import StabilityCore
import StabilityIngest
import StabilitySources
import StabilityStore
import StabilityTestSupport
import Testing

/// method §2.2, run by run, against real SQLite files.
@Suite struct ImporterSemanticsTests {
  @Test func seedQueryImportsIntoItsNamedMetricVerbatim() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      INSERT INTO metric_table VALUES
        ('3.16.2', 12.5, '2026-11-26T10:15:00Z'), ('3.16.2', 7.5, '2026-11-26T10:45:00Z'),
        ('3.16.2', 30, '2026-11-26T11:00:00Z'), ('3.16.3', 99, '2026-11-26T10:00:00Z');
      """)
    let results = try fixture.importAll(["MinsPlayedVersion3.16.2"])
    #expect(results.first?.failure == nil)
    let inspector = try fixture.inspector()
    #expect(try inspector.metricTotals() == ["minutesPlayed-version3.16.2": 50])
    #expect(
      try inspector.metricBuckets() == [
        "minutesPlayed-version3.16.2@2026-11-26T10:00:00Z": 20,
        "minutesPlayed-version3.16.2@2026-11-26T11:00:00Z": 30,
      ])
    #expect(try inspector.metricAttributes() == ["minutesPlayed-version3.16.2": "version=3.16.2"])
  }

  @Test func firstRunReachesBackHistoryAndMovesTheWatermarkToNow() throws {
    let fixture = try ImporterFixture()
    let results = try fixture.importAll(["MinsPlayedVersion3.16.2"])
    // $1 = floor_to_hour(now − 7d), $2 = now.
    #expect(results.first?.span?.start == TestTime.nov20)
    #expect(results.first?.span?.end == fixture.now)
    #expect(try fixture.state("MinsPlayedVersion3.16.2")?.watermark == fixture.now)
  }

  @Test func overlapRereadReplacesInsteadOfDoubleCounting() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      INSERT INTO sessions VALUES ('2026-11-26T23:10:00Z', '3.16.2', 'ios'),
        ('2026-11-26T23:20:00Z', '3.16.2', 'ios'), ('2026-11-27T00:05:00Z', '3.16.2', 'android');
      """)
    try fixture.importAll(["sessions-by-version"])
    let first = try fixture.inspector().metricTotals()
    // Two hours later a late event arrives for 23:00 and a new one at 02:10.
    try fixture.sql(
      """
      INSERT INTO sessions VALUES ('2026-11-26T23:50:00Z', '3.16.2', 'ios'),
        ('2026-11-27T02:10:00Z', '3.16.2', 'ios');
      """)
    let later = fixture.now + 2 * 3600
    let results = try fixture.importAll(at: later, ["sessions-by-version"])
    // $1 = floor_to_hour(watermark − 2h) = 2026-11-26T22:00Z.
    #expect(results.first?.span?.start == TestTime.nov27 - 2 * 3600)
    #expect(
      first == [
        "sessions-version3.16.2-platformios": 2, "sessions-version3.16.2-platformandroid": 1,
      ])
    #expect(
      try fixture.inspector().metricTotals() == [
        "sessions-version3.16.2-platformios": 4, "sessions-version3.16.2-platformandroid": 1,
      ])
    // Forcing the same span again changes nothing.
    try fixture.importAll(at: later, ["sessions-by-version"], options: ImportOptions(force: true))
    #expect(try fixture.inspector().metricTotals()["sessions-version3.16.2-platformios"] == 4)
  }

  /// A manual import between two scheduled runs moves the watermark, so by
  /// its period the next `run` is not due — yet its report needs the hours
  /// since (method §2.2 step 1): an importer whose watermark is before the
  /// report's end is due whatever its period.
  @Test func aRunWhoseReportNeedsLaterDataImportsItWhateverThePeriod() throws {
    let fixture = try ImporterFixture()
    try fixture.importAll(["crashes"])
    let watermark = try #require(try fixture.state("crashes")?.watermark)
    let soon = fixture.now + 1800
    #expect(try fixture.importAll(at: soon, ["crashes"]).first?.wasSkipped == true)
    var options = ImportOptions()
    options.needsThrough = watermark + 1200
    #expect(
      try fixture.importAll(at: soon, ["crashes"], options: options).first?.wasSkipped == false)
    options.needsThrough = watermark
    #expect(
      try fixture.importAll(at: soon + 60, ["crashes"], options: options).first?.wasSkipped == true)
  }

  @Test func notDueImporterIsSkippedUnlessForced() throws {
    let fixture = try ImporterFixture()
    try fixture.importAll(["crashes"])
    let soon = try fixture.importAll(at: fixture.now + 600, ["crashes"])
    #expect(soon.first?.wasSkipped == true)
    let forced = try fixture.importAll(
      at: fixture.now + 600, ["crashes"], options: ImportOptions(force: true))
    // The day's first scheduled run after the first is its re-read: the
    // last 7 days (method §2.2 step 10, late reports).
    #expect(forced.first?.span?.start == TestTime.nov27 - 7 * 86_400)
    let due = try fixture.importAll(at: fixture.now + 600 + 3600, ["crashes"])
    #expect(due.first?.wasSkipped == false)
    // Later the same day: the day before its watermark (its 1d overlap).
    #expect(due.first?.span?.start == TestTime.nov27 - 86_400)
  }

  /// An hourly timer fires a little early or late; `period: 1h` still runs
  /// every hour (a tenth of the period is allowed early), not every other.
  @Test func anHourlyImporterIsDueAtATimerThatFiresMinutesEarly() throws {
    let fixture = try ImporterFixture()
    try fixture.importAll(["crashes"])
    // 1h − 6 min = 54 min: due; 53 min: not yet.
    #expect(try fixture.importAll(at: fixture.now + 53 * 60, ["crashes"]).first?.wasSkipped == true)
    #expect(
      try fixture.importAll(at: fixture.now + 54 * 60, ["crashes"]).first?.wasSkipped == false)
  }

  /// The hourly value sums the release hour and age-matched comparison read
  /// follow the buckets exactly through imports, overlapping re-reads, a
  /// backfill that removes rows, and a second importer of the same group.
  @Test func hourlyValueSumsFollowTheBucketsThroughEveryKindOfRun() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)
      INSERT INTO sessions SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-24T00:00:00Z',
        '+' || (i * 11) || ' minutes'), '3.16.' || (i % 3), CASE i % 2 WHEN 0 THEN 'ios' END FROM n;
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99)
      INSERT INTO crashes SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-24T00:00:00Z',
        '+' || (i * 29) || ' minutes'), 'fp-' || (i % 4), '3.16.' || (i % 3), i FROM n;
      INSERT INTO metric_table VALUES ('3.16.2', 12.5, '2026-11-25T10:00:00Z');
      """)
    try fixture.importAll()
    #expect(try fixture.inspector().hourlyValueMismatches() == 0)
    try fixture.sql(
      "DELETE FROM sessions WHERE started_at < '2026-11-25'; DELETE FROM crashes WHERE i % 2 = 0;"
        .replacingOccurrences(of: "i % 2", with: "session_id % 2"))
    try fixture.importAll(
      at: fixture.now + 7200, options: ImportOptions(since: TestTime.nov20 + 4 * 86_400))
    #expect(try fixture.inspector().hourlyValueMismatches() == 0)
    try fixture.importAll(at: fixture.now + 3 * 3600, options: ImportOptions(force: true))
    let inspector = try fixture.inspector()
    #expect(try inspector.hourlyValueMismatches() == 0)
    #expect(try inspector.metricTotals().values.reduce(0, +) > 0)
  }

  @Test func failingRunKeepsWatermarkAndData() throws {
    let fixture = try ImporterFixture()
    try fixture.sql("INSERT INTO crashes VALUES ('2026-11-26T10:00:00Z', 'fp-1', '3.16.2', 's1');")
    try fixture.importAll(["crashes"])
    let before = try fixture.state("crashes")
    try fixture.sql("DROP TABLE crashes;")
    let results = try fixture.importAll(at: fixture.now + 7200, ["crashes"])
    let failure = try #require(results.first?.failure)
    #expect(failure.description.contains("importer `crashes` (source `game-db`)"))
    #expect(failure.description.contains("no such table: crashes"))
    let after = try fixture.state("crashes")
    #expect(after?.watermark == before?.watermark)
    #expect(after?.lastError?.contains("no such table") == true)
    #expect(try fixture.inspector().errorTotals()["fp-1"]?.count == 1)
  }

  @Test func aFailedImporterIsDueAgainAtTheNextRun() throws {
    let fixture = try ImporterFixture()
    try fixture.importAll(["crashes"])
    try fixture.sql("ALTER TABLE crashes RENAME TO crashes_moved;")
    let failed = try fixture.importAll(at: fixture.now + 4000, ["crashes"])
    #expect(failed.first?.failure != nil)
    try fixture.sql("ALTER TABLE crashes_moved RENAME TO crashes;")
    // Within its period after the last success, yet retried because it failed.
    let retried = try fixture.importAll(at: fixture.now + 4060, ["crashes"])
    #expect(retried.first?.wasSkipped == false && retried.first?.failure == nil)
    #expect(try fixture.state("crashes")?.lastError == nil)
  }

  @Test func oneFailingImporterDoesNotStopTheOthers() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      DROP TABLE metric_table;
      INSERT INTO sessions VALUES ('2026-11-26T10:00:00Z', '3.16.2', 'ios');
      """)
    let results = try fixture.importAll()
    #expect(results.map { $0.failure == nil } == [false, true, true])
    #expect(ImportSummary(results: results).exitStatus == .failed)
    #expect(try fixture.inspector().metricTotals()["sessions-version3.16.2-platformios"] == 1)
  }

  @Test func backfillWidensToWholeHoursAndLeavesTheWatermark() throws {
    let fixture = try ImporterFixture()
    try fixture.importAll(["sessions-by-version"])
    try fixture.sql("INSERT INTO sessions VALUES ('2026-10-01T05:30:00Z', '3.15.0', 'ios');")
    let results = try fixture.importAll(
      ["sessions-by-version"],
      options: ImportOptions(
        since: UTCTime.parse("2026-10-01T05:10:00Z"), until: UTCTime.parse("2026-10-01T06:20:00Z")))
    #expect(results.first?.span?.start == UTCTime.parse("2026-10-01T05:00:00Z"))
    #expect(results.first?.span?.end == UTCTime.parse("2026-10-01T07:00:00Z"))
    #expect(try fixture.state("sessions-by-version")?.watermark == fixture.now)
    #expect(try fixture.inspector().metricTotals()["sessions-version3.15.0-platformios"] == 1)
  }

  @Test func resetReachesBackHistoryAgain() throws {
    let fixture = try ImporterFixture()
    try fixture.importAll(["crashes"])
    let results = try fixture.importAll(
      at: fixture.now + 60, ["crashes"], options: ImportOptions(reset: true))
    #expect(results.first?.span?.start == UTCTime.floorToHour(fixture.now + 60 - 30 * 86_400))
  }

  @Test func groupedImporterCreatesAMetricPerValueAndDefaultsMissingAttributes() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      INSERT INTO sessions VALUES ('2026-11-26T10:00:00Z', '3.16.2', 'ios'),
        ('2026-11-26T10:00:00Z', '3.16.3', 'ios'), ('2026-11-26T10:00:00Z', NULL, 'ios'),
        ('2026-11-26T10:00:00Z', '3.16.3', NULL);
      """)
    try fixture.importAll(["sessions-by-version"])
    let inspector = try fixture.inspector()
    #expect(
      try inspector.metricTotals() == [
        "sessions-version3.16.2-platformios": 1, "sessions-version3.16.3-platformios": 1,
        "sessions-versionunknown-platformios": 1, "sessions-version3.16.3-platformother": 1,
      ])
    // A missing attribute is stored as absent; the group default applies at report time.
    #expect(
      try inspector.metricAttributes()["sessions-versionunknown-platformios"] == "platform=ios")
  }

  @Test func errorImporterStoresCountsAndImpacted() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      INSERT INTO crashes VALUES ('2026-11-26T10:01:00Z', 'fp-1', '3.16.2', 's1'),
        ('2026-11-26T10:02:00Z', 'fp-1', '3.16.2', 's1'), ('2026-11-26T10:03:00Z', 'fp-1', '3.16.2', 's2'),
        ('2026-11-26T11:00:00Z', 'fp-2', NULL, 's3');
      """)
    try fixture.importAll(["crashes"])
    let totals = try fixture.inspector().errorTotals()
    #expect(totals["fp-1"] == ErrorTally(count: 3, impacted: 2, approximate: false))
    #expect(totals["fp-2"] == ErrorTally(count: 1, impacted: 1, approximate: false))
  }

  @Test func writingBucketsOutDuringTheReadGivesTheSameTotals() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
      INSERT INTO crashes SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-21T00:00:00Z', '+' || (i * 5) || ' minutes'),
        'fp-' || (i % 7), '3.16.' || (i % 3), 's' || (i % 50) FROM n;
      """)
    var totals: [[String: ErrorTally]] = []
    for (name, threshold) in [("whole", Int.max), ("flushed", 5)] {
      let store = try Store(path: fixture.workspace.path("\(name).db"))
      var flushes = 0
      try fixture.importCrashes(into: store, flushThreshold: threshold, flushes: &flushes)
      #expect(threshold == Int.max ? flushes == 0 : flushes > 10)
      let inspector = try StoreInspector(path: fixture.workspace.path("\(name).db"))
      totals.append(try inspector.errorTotals())
      #expect(try inspector.errorSeriesMismatches() == 0)
    }
    #expect(totals[0] == totals[1])
    #expect(totals[0].values.reduce(0) { $0 + $1.count } == 1000)
  }

  /// The fast path (rows whose key bytes were seen before skip the full
  /// validation) stores exactly what the full path stores: every bucket of
  /// rows with repeated keys, NULL and integer key cells, rejected rows,
  /// rows outside the span, one series reached through text and integer
  /// cells, and flushes in the middle.
  @Test(arguments: [Int.max, 7])
  func theFastPathStoresWhatTheFullPathStores(flushThreshold: Int) throws {
    let metricsOnly = ImporterFixture.config.components(separatedBy: "error_importers:")[0]
    let fixture = try ImporterFixture(
      config: metricsOnly + """
        error_importers:
          - name: crashes
            source: game-db
            query: |
              select time, fingerprint,
                case cast(session_id as integer) % 9 when 0 then 316 when 1 then null else version end
                  as version
              from crashes where time >= $1 and time < $2
            history: 30d
        """)
    try fixture.sql(
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1499)
      INSERT INTO crashes SELECT
        CASE WHEN i % 97 = 5 THEN 'not a time'
          ELSE strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-21T00:00:00Z', '+' || (i * 4) || ' minutes') END,
        CASE WHEN i % 53 = 0 THEN '' ELSE 'fp-' || (i % 13) END, '3.16.' || (i % 4), i FROM n;
      """)
    var stores: [[String]] = []
    // The memo as imports use it, none, and one pruned at every hand-over.
    for (name, keyMemo) in [
      ("memo", KeyMemo.standard), ("full", .off), ("pruned", .on(pruneAt: 1)),
    ] {
      let path = fixture.workspace.path("\(name)-\(flushThreshold).db")
      var flushes = 0
      try fixture.importCrashes(
        into: Store(path: path), flushThreshold: flushThreshold, flushes: &flushes,
        keyMemo: keyMemo)
      let inspector = try StoreInspector(path: path)
      stores.append(try inspector.errorBucketLines())
      #expect(try inspector.errorSeriesMismatches() == 0)
    }
    #expect(stores[0].count > 100)
    #expect(stores[0] == stores[1])
    #expect(stores[0] == stores[2])
  }

  @Test func errorSeriesStaysExactAcrossReplacingRuns() throws {
    let fixture = try ImporterFixture()
    try fixture.sql(
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 299)
      INSERT INTO crashes SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-25T00:00:00Z', '+' || (i * 7) || ' minutes'),
        'fp-' || (i % 11), '3.16.' || (i % 4), 's' || i FROM n;
      """)
    try fixture.importAll(["crashes"])
    #expect(try fixture.inspector().errorSeriesMismatches() == 0)
    // The re-read span loses fp-3 entirely and half of fp-5's rows; fp-12 is new.
    try fixture.sql(
      """
      DELETE FROM crashes WHERE fingerprint = 'fp-3' OR (fingerprint = 'fp-5' AND session_id > 's150');
      INSERT INTO crashes VALUES ('2026-11-26T09:00:00Z', 'fp-12', '3.16.9', 'x');
      """)
    try fixture.importAll(
      at: fixture.now + 3600, ["crashes"],
      options: ImportOptions(since: TestTime.nov20, until: fixture.now))
    let inspector = try fixture.inspector()
    #expect(try inspector.errorSeriesMismatches() == 0)
    #expect(try inspector.errorTotals()["fp-3"] == nil)
    #expect(try inspector.errorTotals()["fp-12"]?.count == 1)
  }

  @Test func fingerprintsStayDistinctByBytes() throws {
    let fixture = try ImporterFixture()
    // "é" precomposed (NFC) and "e" + combining acute (NFD), and case.
    try fixture.sql(
      """
      INSERT INTO crashes VALUES ('2026-11-26T10:00:00Z', 'caf' || char(233), 'v', 's1'),
        ('2026-11-26T10:00:00Z', 'cafe' || char(769), 'v', 's2'),
        ('2026-11-26T10:00:00Z', 'Fp', 'v', 's3'), ('2026-11-26T10:00:00Z', 'fp', 'v', 's4');
      """)
    try fixture.importAll(["crashes"])
    #expect(try fixture.inspector().fingerprintCount() == 4)
  }

  @Test func oneSeriesReachedThroughDifferentCellsStaysOneSeries() throws {
    // Per series two spellings of its key cells: version 316 as text and as
    // an integer. A fingerprint with an invalid UTF-8 byte is rejected, not
    // merged with the replacement character it would decode to (issue 22).
    let metricsOnly = ImporterFixture.config.components(separatedBy: "error_importers:")[0]
    let fixture = try ImporterFixture(
      config: metricsOnly + """
        error_importers:
          - name: crashes
            source: game-db
            query: |
              select time, fingerprint,
                case when cast(session_id as integer) % 8 = 0 then 316 else version end as version
              from crashes where time >= $1 and time < $2
            history: 30d
        """)
    try fixture.sql(
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 399)
      INSERT INTO crashes SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-21T00:00:00Z', '+' || (i * 7) || ' minutes'),
        CASE i % 4 WHEN 2 THEN CAST(x'66ff' AS TEXT) WHEN 3 THEN CAST(x'66efbfbd' AS TEXT) ELSE 'fpA' END,
        '316', i FROM n;
      """)
    for threshold in [Int.max, 3] {
      let path = fixture.workspace.path("flush-\(threshold).db")
      var flushes = 0
      try fixture.importCrashes(
        into: Store(path: path), flushThreshold: threshold, flushes: &flushes)
      let inspector = try StoreInspector(path: path)
      #expect(try inspector.errorSeriesCount() == 2)
      #expect(try inspector.errorTotals().mapValues(\.count) == ["fpA": 200, "f\u{FFFD}": 100])
      #expect(try inspector.errorSeriesMismatches() == 0)
    }
  }
}
