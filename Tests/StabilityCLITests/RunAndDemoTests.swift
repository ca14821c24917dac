import Foundation
import StabilityDemo
import StabilitySQLite
import StabilityStore
import StabilityTestSupport
import Testing

/// The nightly job and the demo, run as a user runs them.
@Suite struct RunAndDemoTests {
  func demo() throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    let result = try CommandRunner.run(
      ["demo", "--dir", "demo", "--out", "site"], in: workspace.directory)
    try #require(result.status == 0, "\(result.stdout)\(result.stderr)")
    return workspace
  }

  func scores(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test func demoFlagsTheRegressionTheNewCrashAndVersionlessSessions() throws {
    let workspace = try demo()
    for page in [
      "site/index.html", "site/index.md", "site/versions/3.16.10.html", "site/versions/3.16.10.md",
    ] {
      #expect(FileManager.default.fileExists(atPath: workspace.path(page)), "\(page) missing")
    }
    let json = try scores(workspace.path("site/scores.json"))
    let groups = try #require(json["groups"] as? [[String: Any]])
    let sessions = try #require(groups.first { $0["id"] as? String == "sessions" })
    let by = try #require(sessions["by"] as? [[String: Any]])
    let versions = try #require(
      by.first { $0["attribute"] as? String == "version" }?["values"] as? [[String: Any]])
    let regression = try #require(versions.first { $0["value"] as? String == "3.16.10" })
    #expect(regression["verdict"] as? String == "regressed")
    #expect((regression["new_in"] as? [String])?.contains(DemoData.newCrash) == true)
    let unknown = try #require(versions.last)
    #expect(unknown["value"] as? String == "unknown")
    #expect((unknown["metric"] as? Double ?? 0) > 0)
    #expect(versions.contains { $0["value"] as? String == "3.17.0-beta.1" })
  }

  /// Crash-free players are Google Play's figure: per version, the player-days
  /// with a crash ÷ all player-days in the window. The demo's hourly query
  /// files each player-day under the hour of its first session, so the
  /// store's sums must equal this SQL over the raw sessions exactly.
  @Test func demoCrashFreePlayersEqualDistinctPlayerDaysInSQL() throws {
    let workspace = try demo()
    let json = try scores(workspace.path("site/scores.json"))
    let groups = try #require(json["groups"] as? [[String: Any]])
    let users = try #require(groups.first { $0["id"] as? String == "users" })
    let window = try #require(json["window"] as? [String: String])
    let values = try #require(
      (users["by"] as? [[String: Any]])?.first?["values"] as? [[String: Any]])
    let database = try SQLiteDatabase(path: workspace.path("demo/game.db"), mode: .readOnly)
    let statement = try database.prepare(
      """
      with player_days as (
        select user_id, coalesce(version, 'unknown') as version, date(started_at),
               max(exists(select 1 from crashes c where c.session_id = s.session_id)) as crashed
        from sessions s where started_at >= ?1 and started_at < ?2 group by 1, 2, 3)
      select version, count(*), sum(crashed) from player_days group by 1
      """)
    try statement.bind(.text(window["start"] ?? ""), .text(window["end"] ?? ""))
    var expected: [String: (players: Int64, crashed: Int64)] = [:]
    while try statement.step() {
      expected[statement.text(0) ?? ""] = (statement.integer(1), statement.integer(2))
    }
    #expect(values.count == expected.count)
    #expect(expected.keys.contains("3.16.10"))
    for value in values {
      let name = try #require(value["value"] as? String)
      let sql = try #require(expected[name], "\(name) not in SQL")
      #expect(value["metric"] as? Double == Double(sql.players), "\(name)")
      #expect(value["impacted"] as? Double == Double(sql.crashed), "\(name)")
      #expect(value["impacted_basis"] as? String == "metric", "\(name)")
      let stability = try #require(value["stability"] as? Double)
      #expect(abs(stability - (1 - Double(sql.crashed) / Double(sql.players))) < 1e-12, "\(name)")
    }
  }

  @Test func secondRunImportsNothingNewAndKeepsTheScores() throws {
    let workspace = try demo()
    let pinned = ["SOURCE_DATE_EPOCH": "1795737600"]
    let first = try CommandRunner.run(
      ["run", "--config", "demo/stability.yaml"], in: workspace.directory, environment: pinned)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("0 imported, 9 not due, 0 failed"))
    let before = try String(
      contentsOfFile: workspace.path("demo/site/scores.json"), encoding: .utf8)
    let second = try CommandRunner.run(
      ["run", "--config", "demo/stability.yaml"], in: workspace.directory, environment: pinned)
    #expect(second.status == 0)
    #expect(
      try String(contentsOfFile: workspace.path("demo/site/scores.json"), encoding: .utf8) == before
    )
  }

  @Test func aSecondRunWhileTheFirstHoldsTheLockExitsSeventyFive() throws {
    let workspace = try demo()
    do {
      let lock = try StoreLock(
        storePath: workspace.path("demo/.stability/store.db"), command: "run", now: 0)
      let result = try CommandRunner.run(
        ["run", "--config", "demo/stability.yaml"], in: workspace.directory)
      withExtendedLifetime(lock) {}
      #expect(result.status == 75)
      #expect(
        result.stderr.contains("another stability run holds the store's lock (pid \(getpid())"))
    }
    let afterRelease = try CommandRunner.run(
      ["run", "--config", "demo/stability.yaml"], in: workspace.directory)
    #expect(afterRelease.status == 0)
  }

  @Test func aMissingSourceFailsItsImporterButTheRunStillReportsWithAWarning() throws {
    let workspace = try demo()
    let config = try String(contentsOfFile: workspace.path("demo/stability.yaml"), encoding: .utf8)
    let broken = config.replacingOccurrences(
      of: "error_importers:\n  - name: crashes\n    source: game-db",
      with: "error_importers:\n  - name: crashes\n    source: gone-db"
    )
    .replacingOccurrences(
      of: "sources:\n  - name: game-db",
      with: "sources:\n  - {name: gone-db, type: sqlite, path: gone.db}\n  - name: game-db")
    #expect(broken != config)
    try workspace.write("demo/stability.yaml", broken)
    try FileManager.default.removeItem(atPath: workspace.path("demo/.stability"))
    let result = try CommandRunner.run(
      ["run", "--config", "demo/stability.yaml"], in: workspace.directory,
      environment: ["NO_COLOR": "1"])
    // method §6: a source that is unavailable exits 3 (an importer whose query fails exits 1).
    #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
    #expect(result.stderr.contains("importer `crashes` (source `gone-db`): source unavailable"))
    #expect(result.stdout.contains("sessions-by-version: imported"))
    let index = try String(contentsOfFile: workspace.path("demo/site/index.html"), encoding: .utf8)
    #expect(index.contains("Data freshness warning"))
    #expect(index.contains("Importer crashes failed at"))
  }

  @Test func versionMarkdownPrintsForATicket() throws {
    let workspace = try demo()
    let result = try CommandRunner.run(
      [
        "report", "--config", "demo/stability.yaml", "--version", "3.16.10", "--format", "md",
        "--stdout",
      ],
      in: workspace.directory)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("# Demo Game — version 3.16.10"))
    #expect(result.stdout.contains("| regressed |"))
    let missing = try CommandRunner.run(
      ["report", "--config", "demo/stability.yaml", "--version", "9.9.9", "--stdout"],
      in: workspace.directory)
    #expect(missing.status == 2)
    #expect(
      missing.stderr.contains("version 9.9.9 was never seen in the store"), "\(missing.stderr)")
  }
}
