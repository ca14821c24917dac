import StabilityCore
import StabilitySources
import StabilityStore
import StabilityTestSupport
import Testing

/// `type: file`: JSON Lines and CSV events through the same importer engine.
/// Its importers allow any share of dropped events (`max_rejected: 100%`):
/// these tests count them.
@Suite struct FileSourceTests {
  static let config = """
    version: 1
    sources:
      - {name: events, type: file, path: "events/*.jsonl"}
      - {name: csv-events, type: file, path: "events/*.csv"}
    metric_groups:
      - id: sessions
        kind: count
        attributes: [{name: version}, {name: platform}]
    importers:
      - {name: sessions, source: events, group: sessions, history: 7d, max_rejected: 100%}
      - {name: csv-sessions, source: csv-events, group: sessions, history: 7d, max_rejected: 100%}
    error_importers:
      - {name: errors, source: events, history: 7d, max_rejected: 100%}
    """

  @Test func dropsMetricEventsMissingALinkedAttributeAndCountsThem() throws {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.config)
    try workspace.write(
      "events/day1.jsonl",
      """
      {"time": "2026-11-26T10:00:00Z", "group": "sessions", "version": "3.16.2", "platform": "ios"}
      {"time": "2026-11-26T10:10:00Z", "group": "sessions", "version": "3.16.2", "platform": "ios", "value": 2}
      {"time": "2026-11-26T10:20:00Z", "group": "sessions", "version": "3.16.2"}
      {"time": "2026-11-26T10:30:00Z", "group": "sessions", "platform": "ios"}
      {"time": "2026-11-26T10:40:00Z", "group": "sessions", "platform": "ios"}
      {"time": "2026-11-26T10:50:00Z", "group": "minutes", "version": "1", "platform": "ios"}
      {"time": "2026-11-26T10:50:00Z", "fingerprint": "fp-1", "version": "3.16.2", "impacted": 1}
      not json

      """)
    let config = try workspace.config()
    let store = try Store(path: config.storePath)
    let runner = ImportRunner(
      config: config, store: store, environment: workspace.environment(now: TestTime.nov27))
    let results = try runner.run(["sessions", "errors"], options: ImportOptions())
    let rejections = try #require(results.first?.rejections)
    let reasons = Dictionary(uniqueKeysWithValues: rejections.sorted.map { ($0.reason, $0.count) })
    #expect(reasons["metric event dropped: missing attribute `platform` (group sessions)"] == 1)
    #expect(reasons["metric event dropped: missing attribute `version` (group sessions)"] == 2)
    #expect(reasons["malformed JSON line (expected one object per line)"] == 1)
    #expect(
      rejections.sorted.first { $0.reason.contains("`version`") }?.example.hasSuffix("day1.jsonl:4")
        == true)
    let inspector = try StoreInspector(path: config.storePath)
    #expect(try inspector.metricTotals() == ["sessions-version3.16.2-platformios": 3])
    #expect(try inspector.errorTotals()["fp-1"] == ErrorTally(count: 1, impacted: 1))
  }

  @Test func readsCSVEventsWithQuotedCells() throws {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.config)
    try workspace.write(
      "events/a.csv",
      #"""
      time,group,version,platform,value
      2026-11-26T10:00:00Z,sessions,3.16.2,"ios, tablet",5
      2026-11-26T11:00:00Z,sessions,"3.16.""2""",android,1
      2026-11-26T12:00:00Z,sessions,3.16.2,android

      """#)
    let config = try workspace.config()
    let store = try Store(path: config.storePath)
    let runner = ImportRunner(
      config: config, store: store, environment: workspace.environment(now: TestTime.nov27))
    let results = try runner.run(["csv-sessions"], options: ImportOptions())
    #expect(results.first?.rejections?.total == 1)
    let totals = try StoreInspector(path: config.storePath).metricTotals()
    #expect(
      totals == [
        "sessions-version3.16.2-platformios, tablet": 5,
        "sessions-version3.16.\"2\"-platformandroid": 1,
      ])
  }

  @Test func noMatchingFilesMakesTheSourceUnavailable() throws {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.config)
    let config = try workspace.config()
    let store = try Store(path: config.storePath)
    let runner = ImportRunner(
      config: config, store: store, environment: workspace.environment(now: TestTime.nov27))
    let failure = try #require(
      try runner.run(["sessions"], options: ImportOptions()).first?.failure)
    #expect(failure.description.contains("no files match"))
    #expect(failure.exitStatus == .unavailable)
  }
}

/// Issue 31.8: a file holds every event ever written, so the file source
/// applies each run's `[$1, $2)` itself — events outside are left out and
/// counted, never an error — and every run after the first works.
@Suite struct FileSourceIncrementalTests {
  static let config = """
    version: 1
    sources:
      - {name: events, type: file, path: "events/*.jsonl"}
    metric_groups:
      - {id: sessions, kind: count, attributes: [{name: version}]}
    importers:
      - {name: sessions, source: events, group: sessions, history: 7d, period: 1h}
    error_importers:
      - {name: crashes, source: events, history: 7d, period: 1h}
    """

  /// Five nightly runs at 00:30 on Nov 21–25; before each, the day's events
  /// are appended to one file: 24 sessions of value 2 an hour apart and 3
  /// crashes, one of them reported for the day before (inside the error
  /// importer's 1d overlap). The file also starts with a session and a crash
  /// from October, older than `history`.
  @Test func fiveRunsOverAGrowingFileCountEveryEventOnce() throws {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.config)
    var lines = [
      #"{"time": "2026-10-01T10:00:00Z", "group": "sessions", "version": "1.0", "value": 50}"#,
      #"{"time": "2026-10-01T10:00:00Z", "fingerprint": "fp-old", "version": "1.0"}"#,
    ]
    let config = try workspace.config()
    let store = try Store(path: config.storePath)
    var outside: [String: [Int]] = [:]
    for day in 0..<5 {
      let start = TestTime.nov20 + Int64(day) * UTCTime.day
      for hour in 0..<24 {
        let time = UTCTime.iso8601(start + Int64(hour) * UTCTime.hour + 600)
        lines.append(#"{"time": "\#(time)", "group": "sessions", "version": "1.0", "value": 2}"#)
      }
      for (offset, fingerprint) in [(3, "fp-a"), (15, "fp-b"), (-2, "fp-late")] {
        let time = UTCTime.iso8601(start + Int64(offset) * UTCTime.hour)
        lines.append(#"{"time": "\#(time)", "fingerprint": "\#(fingerprint)", "version": "1.0"}"#)
      }
      try workspace.write("events/app.jsonl", lines.joined(separator: "\n") + "\n")
      let now = start + UTCTime.day + 1800
      let results = try ImportRunner(
        config: config, store: store, environment: workspace.environment(now: now)
      ).run(options: ImportOptions())
      for result in results {
        guard case .imported(_, _, _, _, let rejections, let skipped) = result.outcome else {
          Issue.record("run \(day): \(result.importer) \(result.outcome)")
          continue
        }
        #expect(rejections.total == 0)
        outside[result.importer, default: []].append(skipped)
      }
    }
    // A direct count: 5 days × 24 sessions × 2 = 240; 15 crashes, the
    // first day's late one (Nov 19 22:00) included — all inside history.
    let inspector = try StoreInspector(path: config.storePath)
    #expect(try inspector.metricTotals() == ["sessions-version1.0": 240])
    let errors = try inspector.errorTotals()
    #expect(errors["fp-a"]?.count == 5 && errors["fp-b"]?.count == 5)
    #expect(errors["fp-late"]?.count == 5)
    #expect(errors["fp-old"] == nil)
    // Run 1 reads [Nov 14 00:00, Nov 21 00:30) and leaves out the October
    // session; run k + 1 reads from its watermark's hour (00:00 of its own
    // day), leaving out the October one and k days of 24: 1, 25, 49, 73, 97.
    #expect(outside["sessions"] == [1, 25, 49, 73, 97])
  }
}
