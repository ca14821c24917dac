import Foundation
import StabilityCore
import StabilityDemo
import StabilitySQLite
import StabilitySources
import StabilityStore
import StabilityTestSupport
import Testing

/// The demo's (and README's) crash-free daily players query, run on a pinned
/// clock through a day: a player first seen in the morning who crashes in
/// the afternoon must be counted as impacted by the afternoon's run — a
/// release gate at `--end now` reads exactly this — and the day's totals
/// must equal SQL over the raw sessions.
@Suite struct DailyPlayersTests {
  static let day = TestTime.nov20

  func workspace() throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    let query = DemoProject.playersQuery.split(separator: "\n").map { "      " + $0 }
      .joined(separator: "\n")
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      sources: [{name: db, type: sqlite, path: game.db}]
      metric_groups:
        - {id: users, kind: count, attributes: [{name: version, default: unknown}]}
      importers:
        - name: players
          source: db
          group: users
          query: |
      \(query)
          history: 2d
          period: 1h
          overlap: 1d
          reread: 2d
      """)
    try workspace.sqlite(
      "game.db",
      """
      CREATE TABLE sessions(session_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL,
        version TEXT, platform TEXT NOT NULL, user_id INTEGER NOT NULL);
      CREATE TABLE crashes(time TEXT NOT NULL, fingerprint TEXT NOT NULL, version TEXT,
        platform TEXT NOT NULL, session_id INTEGER NOT NULL);
      """)
    return workspace
  }

  func at(_ hours: Double) -> String { UTCTime.iso8601(Self.day + Int64(hours * 3600)) }

  /// (players, impacted) the store holds for `day`'s hours.
  func stored(_ workspace: TestWorkspace) throws -> (Double, Int64) {
    let store = try SQLiteDatabase(path: workspace.path(".stability/store.db"), mode: .readOnly)
    let statement = try store.prepare(
      """
      select total(b.value), coalesce(sum(b.impacted), 0) from metric_buckets b
      join metrics m on m.id = b.metric_id where m.group_id = 'users' and b.hour >= ?1 and b.hour < ?2
      """)
    try statement.bind(.integer(Self.day), .integer(Self.day + 86_400))
    _ = try statement.step()
    return (statement.real(0), statement.integer(1))
  }

  /// Player-days on `day` and those with a crash, by SQL over the raw rows.
  func counted(_ workspace: TestWorkspace) throws -> (Double, Int64) {
    let game = try SQLiteDatabase(path: workspace.path("game.db"), mode: .readOnly)
    let statement = try game.prepare(
      """
      with days as (
        select user_id, version, max(exists(select 1 from crashes c where c.session_id = s.session_id)) as crashed
        from sessions s where started_at >= ?1 and started_at < ?2 group by 1, 2)
      select count(*), coalesce(sum(crashed), 0) from days
      """)
    try statement.bind(.text(at(0)), .text(at(24)))
    _ = try statement.step()
    return (Double(statement.integer(0)), statement.integer(1))
  }

  func run(_ workspace: TestWorkspace, at hours: Double) throws {
    let config = try workspace.config()
    let store = try Store(path: config.storePath)
    let results = try ImportRunner(
      config: config, store: store,
      environment: workspace.environment(now: Self.day + Int64(hours * 3600))
    ).run(options: ImportOptions())
    for result in results { #expect(result.failure == nil, "\(result)") }
  }

  @Test func aCrashInTheAfternoonCountsThePlayerFirstSeenInTheMorning() throws {
    let workspace = try workspace()
    // 02:10 and 02:20: players 1 and 2 start a session each; no crash yet.
    try workspace.sqlite(
      "game.db",
      """
      INSERT INTO sessions VALUES (1, '\(at(2 + 10 / 60.0))', '1.0', 'ios', 1),
        (2, '\(at(2 + 20 / 60.0))', '1.0', 'ios', 2);
      """)
    // Hourly runs; the day's re-read (reread: 2d) is behind us by 11:00.
    try run(workspace, at: 10)
    try run(workspace, at: 11)
    #expect(try stored(workspace) == (2, 0))
    // 13:30: player 1 plays again and crashes at 13:40. The player-day is
    // filed under 02:00, eleven hours before the 15:00 run; an overlap of a
    // few hours would leave it at "no crash" until tomorrow.
    try workspace.sqlite(
      "game.db",
      """
      INSERT INTO sessions VALUES (3, '\(at(13.5))', '1.0', 'ios', 1);
      INSERT INTO crashes VALUES ('\(at(13 + 40 / 60.0))', 'fp-a', '1.0', 'ios', 3);
      """)
    try run(workspace, at: 15)
    #expect(try counted(workspace) == (2, 1))
    #expect(try stored(workspace) == (2, 1), "99.5% would read 100% crash-free")
    // The next day's first run (the re-read) changes nothing.
    try run(workspace, at: 24 + 3.25)
    #expect(try stored(workspace) == (2, 1))
  }
}
