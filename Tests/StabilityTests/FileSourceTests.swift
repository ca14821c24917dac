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
