import Foundation
import StabilityCore
import StabilitySQLite

/// Writes the demo's *source* database: an SQLite file standing in for a
/// team's warehouse, for a fictional game. Six versions roll out over two
/// weeks (each new one ramps up over days while older ones decay), sessions
/// start every minute with a daily rhythm, every session plays some minutes,
/// crashes follow a Zipf distribution over fingerprints; each session belongs
/// to one of a version's players, who play several sessions a day; 3.16.10 regresses
/// and brings a brand-new crash; some sessions report no version; one version
/// is a pre-release. Deterministic for a seed and a day.
package struct DemoData {
  /// One version: its name, the day (offset from the start) it is released,
  /// and how crashy it is relative to the baseline.
  struct Release {
    /// Position in `releases`, which numbers its players apart.
    let index: Int
    let version: String
    let day: Double
    let crashFactor: Double
  }

  static let releases = [
    Release(index: 0, version: "3.15.9", day: -30, crashFactor: 1.1),
    Release(index: 1, version: "3.16.0", day: -6, crashFactor: 1.0),
    Release(index: 2, version: "3.16.1", day: 1, crashFactor: 0.9),
    Release(index: 3, version: "3.16.2", day: 4, crashFactor: 0.8),
    Release(index: 4, version: "3.16.10", day: 8, crashFactor: 3.0),
    Release(index: 5, version: "3.17.0-beta.1", day: 11, crashFactor: 1.0),
  ]

  static let platforms = ["android", "ios", "windows"]
  /// Players per version at scale 1: a busy version's players each start
  /// about three sessions a day.
  static let playersPerVersion = 3000
  /// The crash that first appears in 3.16.10.
  package static let newCrash = "RenderThread::deadlock@present_frame"
  static let fingerprints = (0..<40).map { index in
    [
      "NullPointerException@GameLoop.tick", "SIGSEGV@libshader_cache.so",
      "OutOfMemory@TextureAtlas.grow",
      "AssertionFailure@NetSync.apply", "SIGABRT@AudioMixer.render",
      "IndexOutOfRange@Inventory.slot",
      "Timeout@Matchmaking.join", "SIGBUS@AssetLoader.map",
    ][index % 8] + (index < 8 ? "" : "#\(index / 8)")
  }

  /// Days of data ending at `end`.
  let days: Int
  let end: Int64
  let scale: Double
  let seed: UInt64

  /// Demo data for `days` days up to `end`, `scale` times the default volume.
  init(end: Int64, days: Int = 14, scale: Double = 1, seed: UInt64 = 1) {
    self.end = end
    self.days = days
    self.scale = scale
    self.seed = seed
  }

  /// What was written.
  package struct Summary: Sendable {
    /// Sessions started.
    package let sessions: Int
    /// Crash events.
    package let crashes: Int
  }

  /// Creates (replacing) the source database at `path`.
  func write(to path: String) throws -> Summary {
    try? FileManager.default.removeItem(atPath: path)
    let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
    try database.execute(
      """
      PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
      CREATE TABLE sessions(session_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, version TEXT, platform TEXT NOT NULL, user_id INTEGER NOT NULL);
      CREATE TABLE metric_table(version TEXT, mins_played REAL NOT NULL, time TEXT NOT NULL);
      CREATE TABLE crashes(time TEXT NOT NULL, fingerprint TEXT NOT NULL, version TEXT, platform TEXT NOT NULL, session_id INTEGER NOT NULL);
      """)
    var random = SeededRandom(seed: seed)
    // Players come from their own stream, so the sessions and crashes stay
    // those of every earlier demo.
    var players = SeededRandom(seed: seed &+ 0x9E37_79B9)
    let playerPool = max(1, Int(Double(Self.playersPerVersion) * scale))
    let zipf = ZipfTable(count: Self.fingerprints.count, exponent: 1.1)
    let insertSession = try database.prepare("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)")
    let insertMinutes = try database.prepare("INSERT INTO metric_table VALUES (?, ?, ?)")
    let insertCrash = try database.prepare("INSERT INTO crashes VALUES (?, ?, ?, ?, ?)")
    var sessions = 0
    var crashes = 0
    let start = end - Int64(days) * UTCTime.day
    try database.transaction {
      for minute in stride(from: start, to: end, by: 60) {
        let dayOffset = Double(minute - start) / Double(UTCTime.day)
        let hour = Double((minute % UTCTime.day) / 3600)
        let rhythm = 1 + 0.6 * sin(2 * Double.pi * (hour - 9) / 24)
        let shares = Self.shares(at: dayOffset)
        for _ in 0..<random.poisson(8 * scale * rhythm) {
          sessions += 1
          let version = Self.pick(shares, &random)
          let reported: String? = random.unit() < 0.02 ? nil : version.version
          let platform = Self.platforms[Int(random.unit() * 3)]
          let time = UTCTime.iso8601(minute + Int64(random.unit() * 60))
          let player = version.index * 1_000_000 + Int(players.unit() * Double(playerPool))
          try insertSession.bind(
            .integer(Int64(sessions)), .text(time), reported.map(SourceValue.text) ?? .null,
            .text(platform), .integer(Int64(player)))
          try insertSession.run()
          try insertMinutes.bind(
            reported.map(SourceValue.text) ?? .null,
            .real((random.exponential(22) * 10).rounded() / 10),
            .text(time))
          try insertMinutes.run()
          for _ in 0..<random.poisson(0.004 * version.crashFactor) {
            crashes += 1
            let fingerprint =
              version.version == "3.16.10" && random.unit() < 0.3
              ? Self.newCrash : Self.fingerprints[zipf.sample(&random)]
            try insertCrash.bind(
              .text(time), .text(fingerprint), reported.map(SourceValue.text) ?? .null,
              .text(platform),
              .integer(Int64(sessions)))
            try insertCrash.run()
          }
        }
      }
    }
    try database.execute(
      """
      CREATE INDEX sessions_by_time ON sessions(started_at);
      CREATE INDEX sessions_by_user ON sessions(user_id, started_at);
      CREATE INDEX minutes_by_version_time ON metric_table(version, time);
      CREATE INDEX crashes_by_time ON crashes(time);
      CREATE INDEX crashes_by_session ON crashes(session_id);
      """)
    return Summary(sessions: sessions, crashes: crashes)
  }

  /// Each release's share of sessions at `day`: a logistic ramp-up after its
  /// release, multiplied by the decay that newer releases bring.
  static func shares(at day: Double) -> [(release: Release, share: Double)] {
    func ramp(_ since: Double) -> Double { 1 / (1 + exp(-(since - 1.5) * 1.6)) }
    var weights: [Double] = []
    for (index, release) in releases.enumerated() {
      var weight = release.day <= day ? ramp(day - release.day) : 0
      for newer in releases[(index + 1)...] where newer.day <= day {
        weight *= 1 - 0.85 * ramp(day - newer.day)
      }
      if release.version.contains("-") { weight *= 0.08 }
      weights.append(weight)
    }
    let total = weights.reduce(0, +)
    return zip(releases, weights).map { ($0, total > 0 ? $1 / total : 0) }
  }

  static func pick(_ shares: [(release: Release, share: Double)], _ random: inout SeededRandom)
    -> Release
  {
    var target = random.unit()
    for entry in shares {
      target -= entry.share
      if target < 0 { return entry.release }
    }
    return shares.last { $0.share > 0 }?.release ?? releases[0]
  }
}
