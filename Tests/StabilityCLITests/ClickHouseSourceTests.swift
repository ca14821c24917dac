import Foundation
import StabilityCore
import StabilityStore
import StabilityTestSupport
import Testing

/// `type: clickhouse` against a real ClickHouse 18.16 (set to a non-UTC time
/// zone): raw events aggregated in ClickHouse give the same scores as the
/// same events in SQLite; server errors, a refused login, a server that
/// dies mid-answer.
@Suite(.enabled(if: ClickHouseTestServer.isInstalled, ClickHouseTestServer.skip))
struct ClickHouseSourceTests {
  /// Sessions and crashes from 2026-11-20 to 2026-11-23, the same in both stores:
  /// (epoch seconds, version, platform) and (epoch, fingerprint, version, platform).
  static let events:
    (sessions: [(Int64, String, String)], crashes: [(Int64, String, String, String)]) = {
      var random = SeededRandom(seed: 21)
      let versions = ["1.0", "1.1", "1.1", "1.2"]
      let platforms = ["ios", "android"]
      let sessions = (0..<4000).map { _ in
        (
          TestTime.nov20 + Int64.random(in: 0..<(3 * 86_400), using: &random),
          versions[Int.random(in: 0..<versions.count, using: &random)],
          platforms[Int.random(in: 0..<platforms.count, using: &random)]
        )
      }
      let crashes = (0..<300).map { _ in
        (
          TestTime.nov20 + Int64.random(in: 0..<(3 * 86_400), using: &random),
          "fp-\(Int.random(in: 0..<8, using: &random))",
          versions[Int.random(in: 0..<versions.count, using: &random)],
          platforms[Int.random(in: 0..<platforms.count, using: &random)]
        )
      }
      return (sessions, crashes)
    }()

  /// Loads the events into `server` (DateTime, DateTime('UTC') and UInt32 time columns).
  func load(_ server: ClickHouseTestServer) throws {
    try server.execute(
      "CREATE TABLE sessions (t DateTime, tu DateTime('UTC'), e UInt32, version String, platform String) "
        + "ENGINE = MergeTree ORDER BY t")
    try server.execute(
      "CREATE TABLE crashes (t DateTime, fingerprint String, version String, platform String) "
        + "ENGINE = MergeTree ORDER BY t")
    try server.execute("CREATE TABLE raw (e UInt32, a String, b String, c String) ENGINE = Memory")
    try server.execute(
      "INSERT INTO raw FORMAT TabSeparated",
      body: Self.events.sessions.map { "\($0.0)\t\($0.1)\t\($0.2)\t" }.joined(separator: "\n"))
    try server.execute(
      "INSERT INTO sessions SELECT toDateTime(e), toDateTime(e), e, a, b FROM raw")
    try server.execute("TRUNCATE TABLE raw")
    try server.execute(
      "INSERT INTO raw FORMAT TabSeparated",
      body: Self.events.crashes.map { "\($0.0)\t\($0.1)\t\($0.2)\t\($0.3)" }.joined(separator: "\n")
    )
    try server.execute("INSERT INTO crashes SELECT toDateTime(e), a, b, c FROM raw")
  }

  func config(source: String, sessions: String, crashes: String, timeFormat: String? = nil)
    -> String
  {
    let format = timeFormat.map { ", time_format: \($0)" } ?? ""
    return """
      version: 1
      project: Events
      sources: [\(source)]
      metric_groups:
        - {id: sessions, kind: count, min_volume: 10, attributes: [{name: version, ordered: true}, {name: platform}]}
      importers:
        - {name: sessions, source: events, group: sessions\(format), query: "\(sessions)"}
      error_importers:
        - {name: crashes, source: events\(format), query: "\(crashes)"}
      """
  }

  func clickHouseSource(_ server: ClickHouseTestServer, database: String = "default") -> String {
    "{name: events, type: clickhouse, url: \"\(server.server.url)\", database: \(database), "
      + "username_env: CH_USER, password_env: CH_PASSWORD}"
  }

  /// Imports 2026-11-20…24 and returns the JSON report's scores.json.
  func scores(_ config: String, environment: [String: String] = [:]) throws -> String {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", config)
    try Self.writeSQLite(workspace)
    let imported = try CommandRunner.run(
      ["import", "--since", "2026-11-20", "--until", "2026-11-24"], in: workspace.directory,
      environment: environment)
    #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
    let report = try CommandRunner.run(
      ["report", "--end", "2026-11-24", "--window", "4d", "--format", "json"],
      in: workspace.directory, environment: ["SOURCE_DATE_EPOCH": "1795737600"])
    #expect(report.status == 0, "\(report.stderr)")
    return try String(contentsOfFile: workspace.path("site/scores.json"), encoding: .utf8)
  }

  static func writeSQLite(_ workspace: TestWorkspace) throws {
    let sessions = events.sessions.map { "('\(UTCTime.iso8601($0.0))', '\($0.1)', '\($0.2)')" }
    let crashes = events.crashes.map {
      "('\(UTCTime.iso8601($0.0))', '\($0.1)', '\($0.2)', '\($0.3)')"
    }
    try workspace.sqlite(
      "events.db",
      """
      CREATE TABLE sessions(t TEXT, version TEXT, platform TEXT);
      CREATE TABLE crashes(t TEXT, fingerprint TEXT, version TEXT, platform TEXT);
      INSERT INTO sessions VALUES \(sessions.joined(separator: ","));
      INSERT INTO crashes VALUES \(crashes.joined(separator: ","));
      """)
  }

  @Test func clickHouseAggregatesGiveTheSameScoresAsSQLiteWhateverTheTimeColumn() throws {
    let server = try ClickHouseTestServer(timezone: "Asia/Kolkata")
    try load(server)
    let credentials = ["CH_USER": "default", "CH_PASSWORD": server.password]
    let expected = try scores(
      config(
        source: "{name: events, type: sqlite, path: events.db}",
        sessions:
          "select count(*) as value, strftime('%Y-%m-%dT%H:00:00Z', t) as time, version, platform from sessions where t >= $1 and t < $2 group by 2, 3, 4",
        crashes:
          "select t as time, fingerprint, version, platform from crashes where t >= $1 and t < $2"))
    #expect(expected.contains("\"metric\": 4000.0"), "\(expected.prefix(600))")
    let variants: [(String, String, String, String?)] = [
      // DateTime in the server's zone (Asia/Kolkata): hours asked for in UTC; raw crash times
      // printed in Kolkata time and read back as such.
      (
        "DateTime",
        "SELECT toStartOfHour(t, 'UTC') AS time, count() AS value, version, platform FROM sessions WHERE t >= $1 AND t < $2 GROUP BY time, version, platform",
        "SELECT t AS time, fingerprint, version, platform FROM crashes WHERE t >= $1 AND t < $2",
        nil
      ),
      (
        "DateTime('UTC')",
        "SELECT toStartOfHour(tu) AS time, count() AS value, version, platform FROM sessions WHERE tu >= $1 AND tu < $2 GROUP BY time, version, platform",
        "SELECT toDateTime(t, 'UTC') AS time, fingerprint, version, platform FROM crashes WHERE t >= $1 AND t < $2",
        nil
      ),
      (
        "UInt32 epoch seconds",
        "SELECT intDiv(e, 3600) * 3600 AS time, count() AS value, version, platform FROM sessions WHERE e >= $1 AND e < $2 GROUP BY time, version, platform",
        "SELECT toUInt32(t) AS time, fingerprint, version, platform FROM crashes WHERE toUInt32(t) >= $1 AND toUInt32(t) < $2",
        "unix"
      ),
    ]
    for (name, sessions, crashes, format) in variants {
      let actual = try scores(
        config(
          source: clickHouseSource(server), sessions: sessions, crashes: crashes,
          timeFormat: format), environment: credentials)
      #expect(actual == expected, "\(name): scores differ from SQLite's")
    }
    // Hours started in the server's zone (Kolkata: on the half hour) fall
    // outside the span: the run fails and says what to write instead.
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      config(
        source: clickHouseSource(server),
        sessions:
          "SELECT toStartOfHour(t) AS time, count() AS value, version FROM sessions WHERE t >= $1 AND t < $2 GROUP BY time, version -- hourly",
        crashes: "SELECT t AS time, fingerprint FROM crashes WHERE t >= $1 AND t < $2"))
    let zoned = try CommandRunner.run(
      ["test-query", "sessions", "--since", "2026-11-20", "--until", "2026-11-21"],
      in: workspace.directory, environment: credentials)
    #expect(zoned.status == 1)
    #expect(zoned.stdout.contains("write `toStartOfHour(t, 'UTC')`"), "\(zoned.stdout)")
    // The trailing `-- comment` does not break the description of the columns.
    #expect(
      zoned.stdout.contains(
        "described by the server before running: time DateTime('Asia/Kolkata'), value UInt64, version String"
      ),
      "\(zoned.stdout)")
  }

  @Test func serverErrorsAndARefusedLoginNameTheImporter() throws {
    let server = try ClickHouseTestServer()
    try load(server)
    let good =
      "SELECT toStartOfHour(tu) AS time, count() AS value, version FROM sessions WHERE tu >= $1 AND tu < $2 GROUP BY time, version"
    func run(_ config: String, password: String) throws -> CommandResult {
      let workspace = try TestWorkspace()
      try workspace.write("stability.yaml", config)
      return try CommandRunner.run(
        ["import", "sessions", "--since", "2026-11-20", "--until", "2026-11-21"],
        in: workspace.directory, environment: ["CH_USER": "default", "CH_PASSWORD": password])
    }
    let crashes = "SELECT t AS time, 'x' AS fingerprint FROM crashes WHERE t >= $1 AND t < $2"
    let syntax = try run(
      config(source: clickHouseSource(server), sessions: "SELEC 1 WHERE $1 < $2", crashes: crashes),
      password: server.password)
    #expect(syntax.status == 1)
    #expect(syntax.stderr.contains("sessions"), "\(syntax.stderr)")
    #expect(syntax.stderr.contains("Code: 62, e.displayText() = DB::Exception: Syntax error"))
    let database = try run(
      config(source: clickHouseSource(server, database: "nope"), sessions: good, crashes: crashes),
      password: server.password)
    #expect(database.status == 3)
    #expect(
      database.stderr.contains("Database nope doesn't exist")
        && database.stderr.contains("check the source's `database`"), "\(database.stderr)")
    let refused = try run(
      config(source: clickHouseSource(server), sessions: good, crashes: crashes),
      password: "wrong-\(server.password)")
    #expect(refused.status == 3, "\(refused.stderr)")
    #expect(refused.stderr.contains("authentication failed"))
    #expect(!refused.stderr.contains(server.password))
    let works = try run(
      config(source: clickHouseSource(server), sessions: good, crashes: crashes),
      password: server.password)
    #expect(works.status == 0, "\(works.stderr)")
  }

  @Test func aServerThatStopsMidAnswerFailsTheImporterAndKeepsItsWatermark() throws {
    let server = try ClickHouseTestServer()
    let workspace = try TestWorkspace()
    // Hundreds of millions of rows in the first hour: still streaming when the server dies.
    try workspace.write(
      "stability.yaml",
      config(
        source: clickHouseSource(server),
        sessions:
          "SELECT toDateTime(1795132800 + intDiv(number, 1000000)) AS time, 1 AS value, '1.0' AS version FROM system.numbers WHERE $1 < $2 LIMIT 500000000",
        crashes: "SELECT now() AS time, 'x' AS fingerprint WHERE $1 < $2 AND 0"))
    let process = Process()
    process.executableURL = CommandRunner.binary
    process.arguments = ["import", "sessions", "--since", "2026-11-20", "--until", "2026-11-21"]
    process.currentDirectoryURL = URL(fileURLWithPath: workspace.directory)
    process.environment = ProcessInfo.processInfo.environment.merging([
      "CH_USER": "default", "CH_PASSWORD": server.password,
    ]) { $1 }
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = Pipe()
    try process.run()
    // Wait until the server is streaming the answer (rows read), not for a fixed time.
    let streaming = """
      SELECT count() FROM system.processes WHERE query LIKE '%system.numbers%' \
      AND query NOT LIKE '%system.processes%' AND read_rows > 0
      """
    for _ in 0..<300 where process.isRunning {
      if try server.execute(streaming).trimmingCharacters(in: .whitespacesAndNewlines) != "0" {
        break
      }
      Thread.sleep(forTimeInterval: 0.1)
    }
    #expect(process.isRunning, "the import should still be streaming")
    server.server.stop(abruptly: true)
    process.waitUntilExit()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    #expect(process.terminationStatus == 1 || process.terminationStatus == 3, "\(stderr)")
    #expect(stderr.contains("sessions"), "\(stderr)")
    let state = try Store(path: workspace.path(".stability/store.db")).state(of: "sessions")
    #expect(state?.watermark == nil && state?.lastError != nil)
    #expect(try StoreInspector(path: workspace.path(".stability/store.db")).metricBuckets().isEmpty)
  }
}
