import Foundation
import StabilityCore
import StabilityReport
import StabilitySQLite
import StabilitySources
import StabilityStore
import StabilityTestSupport
import Testing

/// The README's tutorial is a test (issue 16): its config and queries, read
/// from README.md, run over a game database with realistic times — SQLite's
/// own `datetime()` text, and the epoch-integer variant — through hourly and
/// then nightly runs while sessions and late crash reports keep arriving.
/// After every run the store holds exactly what a direct SQL count of the
/// database says, per hour and attribute value.
@Suite struct ReadmeTutorialTests {
  @Test(arguments: [false, true])
  func theTutorialStoresExactlyWhatItsDatabaseHolds(epochVariant: Bool) throws {
    let tutorial = try ReadmeTutorial()
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", tutorial.config(epochVariant: epochVariant))
    try workspace.sqlite("game.db", tutorial.schema(epochVariant: epochVariant))
    let game = try GameDatabase(
      path: workspace.path("game.db"), epochIntegers: epochVariant,
      events: GameEvents(from: TestTime.nov20 - 2 * 86_400, to: TestTime.nov27))
    let config = try workspace.config()

    for now in Self.runTimes {
      try game.deliverEvents(arrivedBefore: now)
      let store = try Store(path: config.storePath)
      let results = try ImportRunner(
        config: config, store: store, environment: workspace.environment(now: now)
      ).run(options: ImportOptions())
      let at = UTCTime.iso8601(now)
      for result in results {
        #expect(result.failure == nil, "run at \(at): \(result.importer) failed: \(result)")
      }
      #expect(try GapReport(config: config, store: store).lines == [], "run at \(at)")
      let stored = try StoredTotals(path: config.storePath)
      try expectEqual(stored.metric(group: "sessions"), game.sessionsPerHour(), "sessions at \(at)")
      // A session that crashed twice is one crashed session (method §3 I(v)).
      try expectEqual(
        stored.metricImpacted(group: "sessions"), game.crashedSessionsPerHour(),
        "crashed sessions at \(at)")
      try expectEqual(
        stored.metric(group: "minutesPlayed"), game.minutesPerHour(), "minutes at \(at)")
      try expectEqual(stored.errors(), game.crashesPerHour(), "crashes at \(at)")
    }
    // The case exact stability is for is in the data: sessions that crashed twice.
    let twice = try game.database.scalarInteger(
      "select count(*) from (select session_id from crashes group by 1 having count(*) > 1)")
    let crashed = try game.crashedSessionsPerHour()
    #expect((twice ?? 0) > 0 && !crashed.isEmpty)
  }

  /// Records the keys whose stored total differs from the database's, at most five.
  private func expectEqual<Total: Equatable>(
    _ stored: [String: Total], _ counted: [String: Total], _ what: String
  ) {
    let keys = Set(stored.keys).union(counted.keys).sorted()
    let differing = keys.filter { stored[$0] != counted[$0] }.prefix(5).map { key in
      "\(key): stored \(stored[key].map { "\($0)" } ?? "nothing"), counted \(counted[key].map { "\($0)" } ?? "nothing")"
    }
    #expect(differing.isEmpty, "\(what): \(differing.joined(separator: "; "))")
  }

  /// The nightly report's headline numbers are the window's direct counts.
  @Test func theNightlyReportCountsTheWindowsRows() throws {
    let tutorial = try ReadmeTutorial()
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", tutorial.config(epochVariant: false))
    try workspace.sqlite("game.db", tutorial.schema(epochVariant: false))
    let game = try GameDatabase(
      path: workspace.path("game.db"), epochIntegers: false,
      events: GameEvents(from: TestTime.nov20 - 2 * 86_400, to: TestTime.nov27 + 86_400))
    let now = TestTime.nov27 + 2 * 3600 + 17 * 60  // 02:17, the nightly run
    try game.deliverEvents(arrivedBefore: now)
    let config = try workspace.config()
    let store = try Store(path: config.storePath)
    let environment = workspace.environment(now: now)
    _ = try ImportRunner(config: config, store: store, environment: environment)
      .run(options: ImportOptions())
    _ = try ReportPipeline.publishConfigured(
      config: config, store: store, environment: environment, out: workspace.path("site"))

    let scores = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: workspace.path("site/scores.json"))))
    let groups = try #require((scores as? [String: Any])?["groups"] as? [[String: Any]])
    let sessions = try #require(groups.first { $0["id"] as? String == "sessions" })
    // report.end defaults to today: the window is the 7 days before nov27.
    let window = (TestTime.nov20, TestTime.nov27)
    #expect(sessions["metric"] as? Double == Double(try game.sessions(in: window)))
    #expect(sessions["errors"] as? Int == Int(try game.crashes(in: window)))
  }

  /// Hourly runs between 3 and 7 minutes past each hour for a day, as timers
  /// fire, then nightly runs.
  static let runTimes: [Int64] = {
    var random = SeededRandom(seed: 16)
    let hourly = (0..<26).map { hour in
      TestTime.nov20 + 2 * 86_400 + Int64(hour) * 3600 + 180
        + Int64.random(in: 0..<240, using: &random)
    }
    let nightly = (4..<7).map { day in TestTime.nov20 + Int64(day) * 86_400 + 2 * 3600 + 17 * 60 }
    return hourly + nightly
  }()
}

/// Sessions and crashes of a small game, each with the time it happened and
/// the later time its row reaches the database: sessions up to 90 minutes
/// late, crash reports up to 5 hours late (inside the error importers'
/// default 1d overlap, and the sessions importer's 6h: a late report
/// changes how many of an hour's sessions crashed). A crash belongs to a
/// session of its hour, within half an hour of its start; some sessions
/// crash twice.
struct GameEvents {
  struct Session {
    let id: String
    let started: Int64
    let arrives: Int64
    let version: String?
    let platform: String?
    let minutesPlayed: Double
  }

  struct Crash {
    let time: Int64
    let arrives: Int64
    let fingerprint: String
    let version: String?
    let platform: String?
    let sessionID: String
  }

  var sessions: [Session] = []
  var crashes: [Crash] = []

  init(from start: Int64, to end: Int64) {
    var random = SeededRandom(seed: 2026)
    let versions: [String?] = ["3.16.2", "3.17.0-beta.1", "3.17.0", nil]
    let platforms: [String?] = ["ios", "android", nil]
    let fingerprints = ["NullPointer@Loader.swift:88", "OOM", "ANR main thread"]
    for hour in stride(from: start, to: end, by: 3600) {
      let first = sessions.count
      for _ in 0..<Int.random(in: 3..<15, using: &random) {
        let started = hour + Int64.random(in: 0..<3600, using: &random)
        let late = Bool.random(using: &random) ? Int64.random(in: 0..<5400, using: &random) : 0
        sessions.append(
          Session(
            id: "s\(sessions.count)", started: started, arrives: started + late,
            version: versions[Int.random(in: 0..<versions.count, using: &random)],
            platform: platforms[Int.random(in: 0..<platforms.count, using: &random)],
            minutesPlayed: Double(Int.random(in: 1...240, using: &random)) / 4))
      }
      for _ in 0..<Int.random(in: 0..<4, using: &random) {
        // One of this hour's sessions; a few draws pick one twice.
        let session = sessions[Int.random(in: first..<sessions.count, using: &random)]
        let time = session.started + Int64.random(in: 0..<1800, using: &random)
        crashes.append(
          Crash(
            time: time, arrives: time + Int64.random(in: 0..<(5 * 3600), using: &random),
            fingerprint: fingerprints[Int.random(in: 0..<fingerprints.count, using: &random)],
            version: session.version, platform: session.platform, sessionID: session.id))
      }
    }
  }
}

/// The tutorial's `game.db`: events are inserted as they arrive, with times
/// written as SQLite's own `datetime()` text or as epoch integers, and
/// counted back with SQL of the test's own, independent of the importers.
final class GameDatabase {
  let database: SQLiteDatabase
  let epochIntegers: Bool
  var pendingSessions: [GameEvents.Session]
  var pendingCrashes: [GameEvents.Crash]

  init(path: String, epochIntegers: Bool, events: GameEvents) throws {
    database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
    self.epochIntegers = epochIntegers
    pendingSessions = events.sessions.sorted { $0.arrives < $1.arrives }
    pendingCrashes = events.crashes.sorted { $0.arrives < $1.arrives }
  }

  /// The time as the column stores it: `datetime(?, 'unixepoch')` text or the integer.
  private var storedTime: String { epochIntegers ? "?1" : "datetime(?1, 'unixepoch')" }
  /// The column read back as epoch seconds.
  private func epoch(_ column: String) -> String {
    epochIntegers ? column : "cast(strftime('%s', \(column)) as integer)"
  }

  /// Inserts every event that arrived before `now` and is not in yet.
  func deliverEvents(arrivedBefore now: Int64) throws {
    try database.transaction {
      let session = try database.prepare(
        "insert into sessions (started_at, version, platform, minutes_played, id) values (\(storedTime), ?2, ?3, ?4, ?5)"
      )
      while let next = pendingSessions.first, next.arrives < now {
        try session.bind(
          .integer(next.started), Self.text(next.version), Self.text(next.platform),
          .real(next.minutesPlayed), .text(next.id))
        try session.run()
        pendingSessions.removeFirst()
      }
      let crash = try database.prepare(
        "insert into crashes (time, fingerprint, version, platform, session_id) values (\(storedTime), ?2, ?3, ?4, ?5)"
      )
      while let next = pendingCrashes.first, next.arrives < now {
        try crash.bind(
          .integer(next.time), .text(next.fingerprint), Self.text(next.version),
          Self.text(next.platform), .text(next.sessionID))
        try crash.run()
        pendingCrashes.removeFirst()
      }
    }
  }

  private static func text(_ value: String?) -> SourceValue { value.map { .text($0) } ?? .null }

  /// Sessions per "hour | version | platform", defaults applied.
  func sessionsPerHour() throws -> [String: Double] {
    try totals(
      """
      select \(epoch("started_at")) / 3600 * 3600, coalesce(version, 'unknown') || ' | ' ||
        coalesce(platform, 'unknown'), count(*) from sessions group by 1, 2
      """)
  }

  /// Sessions with at least one crash report in, per "hour | version |
  /// platform" of the session's start (hours with none left out).
  func crashedSessionsPerHour() throws -> [String: Double] {
    try totals(
      """
      select \(epoch("s.started_at")) / 3600 * 3600, coalesce(s.version, 'unknown') || ' | ' ||
        coalesce(s.platform, 'unknown'), count(*) from sessions s
      where exists (select 1 from crashes c where c.session_id = s.id) group by 1, 2
      """)
  }

  /// Minutes played per "hour | version".
  func minutesPerHour() throws -> [String: Double] {
    try totals(
      """
      select \(epoch("started_at")) / 3600 * 3600, coalesce(version, 'unknown'),
        sum(minutes_played) from sessions group by 1, 2
      """)
  }

  /// "count/impacted" per "hour | fingerprint | version | platform".
  func crashesPerHour() throws -> [String: String] {
    let statement = try database.prepare(
      """
      select \(epoch("time")) / 3600 * 3600, fingerprint || ' | ' || coalesce(version, 'unknown')
        || ' | ' || coalesce(platform, 'unknown'), count(*), count(distinct session_id)
      from crashes group by 1, 2
      """)
    var result: [String: String] = [:]
    while try statement.step() {
      result["\(UTCTime.iso8601(statement.integer(0))) | \(statement.text(1) ?? "")"] =
        "\(statement.integer(2))/\(statement.integer(3))"
    }
    return result
  }

  /// Sessions started in `[window.0, window.1)`.
  func sessions(in window: (Int64, Int64)) throws -> Int64 {
    try database.scalarInteger(
      "select count(*) from sessions where \(epoch("started_at")) >= \(window.0) and \(epoch("started_at")) < \(window.1)"
    ) ?? 0
  }

  /// Crashes in `[window.0, window.1)`.
  func crashes(in window: (Int64, Int64)) throws -> Int64 {
    try database.scalarInteger(
      "select count(*) from crashes where \(epoch("time")) >= \(window.0) and \(epoch("time")) < \(window.1)"
    ) ?? 0
  }

  private func totals(_ sql: String) throws -> [String: Double] {
    let statement = try database.prepare(sql)
    var result: [String: Double] = [:]
    while try statement.step() {
      result["\(UTCTime.iso8601(statement.integer(0))) | \(statement.text(1) ?? "")"] =
        statement.real(2)
    }
    return result
  }
}

/// What the store holds, read with SQL of the test's own, keyed like
/// `GameDatabase`'s counts (missing attributes shown as the groups' default
/// `unknown`, hours with nothing left out).
struct StoredTotals {
  let database: SQLiteDatabase

  init(path: String) throws { database = try SQLiteDatabase(path: path, mode: .readOnly) }

  /// Metric per "hour | version[ | platform]" of `group`.
  func metric(group: String) throws -> [String: Double] {
    let platform = group == "sessions" ? " || ' | ' || coalesce(p.value, 'unknown')" : ""
    let statement = try database.prepare(
      """
      select b.hour, coalesce(v.value, 'unknown')\(platform), sum(b.value)
      from metric_buckets b join metrics m on m.id = b.metric_id
      left join attribute_values v on v.set_id = m.attribute_set_id and v.name = 'version'
      left join attribute_values p on p.set_id = m.attribute_set_id and p.name = 'platform'
      where m.group_id = '\(group)' group by 1, 2 having sum(b.value) != 0
      """)
    var result: [String: Double] = [:]
    while try statement.step() {
      result["\(UTCTime.iso8601(statement.integer(0))) | \(statement.text(1) ?? "")"] =
        statement.real(2)
    }
    return result
  }

  /// The metric's `impacted` per "hour | version | platform" of `group`
  /// (hours with none left out).
  func metricImpacted(group: String) throws -> [String: Double] {
    let statement = try database.prepare(
      """
      select b.hour, coalesce(v.value, 'unknown') || ' | ' || coalesce(p.value, 'unknown'),
        sum(b.impacted)
      from metric_buckets b join metrics m on m.id = b.metric_id
      left join attribute_values v on v.set_id = m.attribute_set_id and v.name = 'version'
      left join attribute_values p on p.set_id = m.attribute_set_id and p.name = 'platform'
      where m.group_id = '\(group)' group by 1, 2 having sum(b.impacted) != 0
      """)
    var result: [String: Double] = [:]
    while try statement.step() {
      result["\(UTCTime.iso8601(statement.integer(0))) | \(statement.text(1) ?? "")"] =
        statement.real(2)
    }
    return result
  }

  /// "count/impacted" per "hour | fingerprint | version | platform".
  func errors() throws -> [String: String] {
    let statement = try database.prepare(
      """
      select b.hour, f.fingerprint || ' | ' || coalesce(v.value, 'unknown') || ' | '
        || coalesce(p.value, 'unknown'), sum(b.count), sum(b.impacted)
      from error_buckets b join fingerprints f on f.id = b.fingerprint_id
      left join attribute_values v on v.set_id = b.attribute_set_id and v.name = 'version'
      left join attribute_values p on p.set_id = b.attribute_set_id and p.name = 'platform'
      group by 1, 2 having sum(b.count) != 0
      """)
    var result: [String: String] = [:]
    while try statement.step() {
      result["\(UTCTime.iso8601(statement.integer(0))) | \(statement.text(1) ?? "")"] =
        "\(statement.integer(2))/\(statement.integer(3))"
    }
    return result
  }
}
