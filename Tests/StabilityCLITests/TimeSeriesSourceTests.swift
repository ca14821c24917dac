import Foundation
import StabilityCore
import StabilityStore
import StabilityTestSupport
import Testing

/// Writes a config and runs `stability` with the InfluxDB/Graphite secrets in its environment.
struct TimeSeriesWorkspace {
  let workspace: TestWorkspace

  init(config: String) throws {
    workspace = try TestWorkspace()
    try workspace.write("stability.yaml", config)
  }

  func run(_ arguments: [String], extra: [String: String] = [:]) throws -> CommandResult {
    try CommandRunner.run(
      arguments, in: workspace.directory,
      environment: [
        "INFLUX_PASSWORD": TimeSeriesTestServers.influxPassword, "SOURCE_DATE_EPOCH": "1795737600",
      ].merging(extra) { $1 })
  }

  func buckets() throws -> [String: Double] {
    try StoreInspector(path: workspace.path(".stability/store.db")).metricBuckets()
  }
}

/// `type: influxdb` against a real InfluxDB 1.6 with authentication enabled.
@Suite(.enabled(if: TimeSeriesTestServers.influxURL != nil, TimeSeriesTestServers.influxSkip))
struct InfluxDBSourceTests {
  static func config(
    database: String, query: String, errorsQuery: String? = nil, url: String? = nil
  )
    -> String
  {
    var text = """
      version: 1
      project: Influx
      sources:
        - {name: influx, type: influxdb, url: "\(url ?? TimeSeriesTestServers.influxURL ?? "")", database: \(database), username_env: INFLUX_USER, password_env: INFLUX_PASSWORD}
      metric_groups:
        - {id: sessions, kind: count, min_volume: 1, attributes: [{name: version}, {name: platform}]}
      importers:
        - name: sessions
          source: influx
          group: sessions
          query: "\(query)"
      """
    if let errorsQuery {
      text +=
        "\nerror_importers:\n  - name: crashes\n    source: influx\n    query: \"\(errorsQuery)\"\n"
    }
    return text
  }

  static let sessionsQuery =
    "SELECT sum(value) FROM sessions WHERE time >= $1 AND time < $2 GROUP BY time(1h), version, platform fill(none)"

  func database() throws -> String {
    let name = "t" + UUID().uuidString.prefix(8).lowercased()
    try TimeSeriesTestServers.influxQuery("CREATE DATABASE \(name)")
    return name
  }

  @Test func pointsWrittenWithLineProtocolLandInHourBuckets() throws {
    let database = try database()
    let t = TestTime.nov20 + 10 * 3600
    try TimeSeriesTestServers.influxWrite(
      """
      sessions,version=3.16.2,platform=ios value=5 \(t)
      sessions,version=3.16.2,platform=ios value=7 \(t + 600)
      sessions,version=3.16.2,platform=ios value=1 \(t + 3600)
      sessions,version=3.16.3 value=2 \(t + 60)
      crashes,fingerprint=fp-1,version=3.16.2 count=3 \(t + 120)
      crashes,fingerprint=fp-1,version=3.16.2 count=4 \(t + 180)
      """, database: database)
    let workspace = try TimeSeriesWorkspace(
      config: Self.config(
        database: database, query: Self.sessionsQuery,
        errorsQuery:
          "SELECT sum(count) FROM crashes WHERE time >= $1 AND time < $2 GROUP BY time(1h), fingerprint, version fill(none)"
      ))
    let result = try workspace.run(
      ["import", "--since", "2026-11-20", "--until", "2026-11-21"], extra: ["INFLUX_USER": "admin"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let buckets = try workspace.buckets()
    #expect(
      buckets == [
        "sessions-version3.16.2-platformios@2026-11-20T10:00:00Z": 12,
        "sessions-version3.16.2-platformios@2026-11-20T11:00:00Z": 1,
        "sessions-version3.16.3-platformunknown@2026-11-20T10:00:00Z": 2,
      ], "\(buckets)")
    let errors = try StoreInspector(path: workspace.workspace.path(".stability/store.db"))
      .errorTotals()
    #expect(errors == ["fp-1": ErrorTally(count: 7, impacted: 7, approximate: true)])
    let report = try workspace.run(["report", "--format", "json", "--end", "2026-11-27"])
    #expect(report.status == 0)
    let json = try String(
      contentsOfFile: workspace.workspace.path("site/scores.json"), encoding: .utf8)
    #expect(json.contains("\"metric\": 15.0") && json.contains("\"errors\": 7"))
  }

  @Test func wrongPasswordIsAnAuthenticationFailureWithoutTheSecret() throws {
    let database = try database()
    let workspace = try TimeSeriesWorkspace(
      config: Self.config(database: database, query: Self.sessionsQuery))
    let result = try workspace.run(
      ["import"], extra: ["INFLUX_USER": "admin", "INFLUX_PASSWORD": "wrong-secret-123"])
    #expect(result.status == 3)
    #expect(result.stderr.contains("authentication failed (HTTP 401)"))
    #expect(!result.stderr.contains("wrong-secret-123"))
  }

  @Test func unknownDatabaseAnsweredWithStatus200IsAnError() throws {
    let workspace = try TimeSeriesWorkspace(
      config: Self.config(database: "nope_db", query: Self.sessionsQuery))
    let result = try workspace.run(["import"], extra: ["INFLUX_USER": "admin"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("database not found: nope_db"))
    #expect(
      try Store(path: workspace.workspace.path(".stability/store.db")).state(of: "sessions")?
        .watermark == nil)
  }

  @Test func syntaxErrorShowsTheServersMessage() throws {
    let database = try database()
    let workspace = try TimeSeriesWorkspace(
      config: Self.config(
        database: database, query: "SELEC sum(value) FROM s WHERE time >= $1 AND time < $2"))
    let result = try workspace.run(["import"], extra: ["INFLUX_USER": "admin"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("HTTP 400"))
    #expect(result.stderr.contains("found SELEC"))
  }

  @Test func aServerThatIsNotThereFailsCleanlyAfterRetries() throws {
    let workspace = try TimeSeriesWorkspace(
      config: Self.config(database: "x", query: Self.sessionsQuery, url: "http://127.0.0.1:1"))
    let result = try workspace.run(["import"], extra: ["INFLUX_USER": "admin"])
    #expect(result.status == 3)
    #expect(result.stderr.contains("failed after 3 tries"))
    #expect(
      try Store(path: workspace.workspace.path(".stability/store.db")).state(of: "sessions")?
        .watermark == nil)
  }

  @Test func testQueryWarnsAboutDoubleQuotedStrings() throws {
    let database = try database()
    let workspace = try TimeSeriesWorkspace(
      config: Self.config(
        database: database,
        query:
          "SELECT sum(value) FROM sessions WHERE version = \\\"3.16.2\\\" AND time >= $1 AND time < $2 GROUP BY time(1h)"
      ))
    let result = try workspace.run(["test-query", "sessions"], extra: ["INFLUX_USER": "admin"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("hint: InfluxQL compares strings in 'single quotes'"))
  }
}

/// `type: graphite` against real carbon-cache + graphite-web.
@Suite(.enabled(if: TimeSeriesTestServers.graphiteURL != nil, TimeSeriesTestServers.graphiteSkip))
struct GraphiteSourceTests {
  static func config(target: String, extraSource: String = "") -> String {
    """
    version: 1
    sources:
      - {name: graphite, type: graphite, url: "\(TimeSeriesTestServers.graphiteURL ?? "")"\(extraSource)}
    metric_groups:
      - {id: sessions, kind: count, attributes: [{name: version}, {name: platform}]}
    importers:
      - name: sessions
        source: graphite
        group: sessions
        query: "\(target)"
    """
  }

  @Test func taggedSeriesBecomeAttributesAndSumIntoHours() throws {
    let name = "sessions_" + UUID().uuidString.prefix(8).lowercased()
    let t = TestTime.nov20 + 5 * 3600
    try TimeSeriesTestServers.carbonSend(
      """
      \(name);version=3.16.2;platform=ios 5 \(t)
      \(name);version=3.16.2;platform=ios 7 \(t + 60)
      \(name);version=3.16.2;platform=ios 1 \(t + 3600)
      \(name);version=3.16.10 2 \(t + 120)

      """)
    let target = "seriesByTag('name=\(name)')"
    try TimeSeriesTestServers.waitForGraphite(target: target, from: t, until: t + 3600, count: 4)
    let workspace = try TimeSeriesWorkspace(config: Self.config(target: target))
    let result = try workspace.run(["import", "--since", "2026-11-20", "--until", "2026-11-21"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(
      try workspace.buckets() == [
        "sessions-version3.16.2-platformios@2026-11-20T05:00:00Z": 12,
        "sessions-version3.16.2-platformios@2026-11-20T06:00:00Z": 1,
        "sessions-version3.16.10-platformunknown@2026-11-20T05:00:00Z": 2,
      ])
  }

  @Test func untaggedNamesGiveAttributesThroughAPattern() throws {
    let prefix = "plain_" + UUID().uuidString.prefix(8).lowercased()
    let t = TestTime.nov20 + 8 * 3600
    try TimeSeriesTestServers.carbonSend(
      "\(prefix).3_16_2 4 \(t)\n\(prefix).3_16_2 6 \(t + 60)\n\(prefix).3_17_0 1 \(t + 60)\n")
    let target = "\(prefix).*"
    try TimeSeriesTestServers.waitForGraphite(target: target, from: t, until: t + 60, count: 3)
    let workspace = try TimeSeriesWorkspace(
      config: Self.config(
        target: target,
        extraSource: ", attributes_from: '^\(prefix)\\.(?<version>[^.]+)$', dot_replacement: '_'"))
    let result = try workspace.run(["import", "--since", "2026-11-20", "--until", "2026-11-21"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(
      try workspace.buckets() == [
        "sessions-version3.16.2-platformunknown@2026-11-20T08:00:00Z": 10,
        "sessions-version3.17.0-platformunknown@2026-11-20T08:00:00Z": 1,
      ])
  }

  @Test func anUnknownFunctionIsAnErrorAndAnEmptyAnswerGetsAHint() throws {
    let failing = try TimeSeriesWorkspace(config: Self.config(target: "noSuchFunction(a.b)"))
    let result = try failing.run(["import"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("HTTP 400"))
    let empty = try TimeSeriesWorkspace(config: Self.config(target: "no.such.metric"))
    let tried = try empty.run(["test-query", "sessions"])
    #expect(tried.status == 0)
    #expect(tried.stdout.contains("hint: Graphite answers an empty list"))
  }
}
