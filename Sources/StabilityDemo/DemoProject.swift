import Foundation
import StabilityCore

/// The demo end to end: a source database, a `stability.yaml` using both the
/// seed's one-importer-per-version style and grouped importers, notes, an
/// import into a fresh store, and the report site.
package struct DemoProject {
  /// Folder for the source database, config, notes and store.
  let directory: String
  /// Volume multiplier.
  let scale: Double
  /// Random seed.
  let seed: UInt64

  /// A demo in `directory`.
  public init(directory: String, scale: Double, seed: UInt64) {
    self.directory = directory
    self.scale = scale
    self.seed = seed
  }

  /// Path of the written config.
  package var configPath: String {
    (directory as NSString).appendingPathComponent("stability.yaml")
  }

  /// Throws unless `directory` is absent, empty or holds only what a demo
  /// writes (and the demo's own config): the demo replaces its config,
  /// database and store, so it never runs in a user's own project folder.
  package func checkReplaceable() throws {
    let demoNames: Set<String> = ["game.db", "stability.yaml", "notes", ".stability"]
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var foreign = entries.filter { !demoNames.contains($0) }.sorted()
    if let config = try? String(contentsOfFile: configPath, encoding: .utf8), config != Self.config
    {
      foreign.insert("stability.yaml", at: 0)  // a config the demo did not write
    }
    guard foreign.isEmpty else {
      throw UsageError(
        "refusing to write the demo into \(directory): it holds "
          + Plural.list(foreign.map { "`\($0)`" })
          + ", and the demo replaces stability.yaml, game.db and the store there. "
          + "Choose a new folder with \(CommandSyntax.demoFolder) (e.g. \(CommandSyntax.demoFolder) demo)."
      )
    }
  }

  /// Writes the source database, config and notes; replaces any previous demo store.
  package func writeFiles(now: Int64) throws -> DemoData.Summary {
    let manager = FileManager.default
    try manager.createDirectory(
      atPath: (directory as NSString).appendingPathComponent("notes"),
      withIntermediateDirectories: true)
    try? manager.removeItem(atPath: (directory as NSString).appendingPathComponent(".stability"))
    let today = UTCTime.floorDiv(now, UTCTime.day) * UTCTime.day
    let summary = try DemoData(end: today, scale: scale, seed: seed)
      .write(to: (directory as NSString).appendingPathComponent("game.db"))
    try Self.config.write(toFile: configPath, atomically: true, encoding: .utf8)
    for (name, text) in Self.notes {
      try text.write(
        toFile: (directory as NSString).appendingPathComponent("notes/\(name).md"),
        atomically: true,
        encoding: .utf8)
    }
    return summary
  }

  static let notes = [
    "index": """
    **Release train 3.16** is rolling out to all platforms. 3.17.0-beta.1 is on the beta channel only.
    See the [release calendar](https://tracker.example/calendar) for dates.
    """,
    "3.16.10": """
    Rollout paused at 40% while the **render thread deadlock** is investigated ([REL-2041](https://tracker.example/REL-2041)).
    """,
  ]

  /// Crash-free players: one row per player and UTC day, in the hour of
  /// that day's first session (so the hours add up to daily players);
  /// impacted: the players who crashed that day. It reads back to the day's
  /// start; the importer's `overlap: 1d` re-reads every hour of today on each
  /// run, so a crash this afternoon reaches a player first seen this morning.
  package static let playersQuery = """
    with player_days as (
      select s.user_id, s.version, min(s.started_at) as first_session,
             max(exists(select 1 from crashes c where c.session_id = s.session_id)) as crashed
      from sessions s where s.started_at >= date($1) and s.started_at < $2
      group by s.user_id, s.version, date(s.started_at))
    select strftime('%Y-%m-%dT%H:00:00Z', first_session) as time, version,
           count(*) as value, sum(crashed) as impacted
    from player_days where first_session >= $1 group by 1, 2
    """

  static var config: String {
    let perVersion = DemoData.releases.map(\.version)
    let metrics = perVersion.map {
      "  - {name: minutesPlayed-version\($0), group: minutesPlayed, attributes: {version: \"\($0)\"}}"
    }.joined(separator: "\n")
    let importers = perVersion.map {
      """
        - name: MinsPlayedVersion\($0)
          source: game-db
          metric: minutesPlayed-version\($0)
          query: select mins_played, time from metric_table where version = '\($0)' and time >= $1 and time < $2
          history: 30d
          period: 1h
      """
    }.joined(separator: "\n")
    return """
      # The stability demo: a fictional game's warehouse in game.db.
      version: 1
      project: Demo Game
      sources:
        - name: game-db
          type: sqlite
          path: game.db
      metric_groups:
        - id: sessions
          name: Sessions Started
          kind: count
          target: 99.5
          critical: 99.0
          attributes:
            - {name: version, default: unknown}
            - {name: platform, default: unknown}
        - id: users
          name: Daily Players
          kind: count
          target: 99.0
          critical: 98.0
          attributes:
            - {name: version, default: unknown}
        - id: minutesPlayed
          name: Minutes Played
          kind: amount
          per: 1000
          attributes:
            - {name: version, default: unknown}
      metrics:
      \(metrics)
      importers:
      \(importers)
        - name: sessions-by-version
          source: game-db
          group: sessions
          # impacted: the sessions that crashed, each once (exact stability).
          query: |
            select count(*) as value,
                   sum(exists(select 1 from crashes c where c.session_id = s.session_id)) as impacted,
                   strftime('%Y-%m-%dT%H:00:00Z', s.started_at) as time,
                   s.version as version, s.platform as platform
            from sessions s where s.started_at >= $1 and s.started_at < $2 group by 3, 4, 5
          history: 30d
          period: 1h
          overlap: 2h
        - name: players-by-version
          source: game-db
          group: users
          # Crash-free players: one row per player and UTC day, in the hour of
          # that day's first session (so the hours add up to daily players);
          # impacted: the players who crashed that day. It reads back to the
          # day's start; overlap 1d re-reads all of today on every run (a crash
          # this afternoon reaches a player first seen this morning) and reread
          # completes yesterday on the first run of a day.
          query: |
      \(playersQuery.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
          history: 30d
          period: 1h
          overlap: 1d
          reread: 2d
      error_importers:
        - name: crashes
          source: game-db
          query: |
            select strftime('%Y-%m-%dT%H:00:00Z', time) as time, fingerprint, version, platform,
                   count(*) as count, count(distinct session_id) as impacted
            from crashes where time >= $1 and time < $2 group by 1, 2, 3, 4
          history: 30d
          period: 1h
          overlap: 2h
      report:
        window: 7d
        end: today
        timezone: UTC
        group_by: {sessions: [version, platform]}
        top_fingerprints: 15
        notes: notes
      annotations:
        "SIGSEGV@libshader_cache.so": "Known crash in the **shader cache** on older GPUs; fix planned for 3.17 ([REL-1988](https://tracker.example/REL-1988))."
        "\(DemoData.newCrash)": "New in 3.16.10: the render thread waits on the present fence forever. Owner: graphics team."

      """
  }
}
