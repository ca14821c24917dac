import StabilityCore
import StabilityReport
import StabilityStore
import StabilityTestSupport

/// The hand-computed scenario of `ScoresTests`: one count group with an
/// ordered `version` and an unordered `platform`, one amount group.
struct ScoresFixture {
  static let config = """
    version: 1
    project: Scores Fixture
    metric_groups:
      - id: sessions
        name: Sessions Started
        kind: count
        target: 99.5
        critical: 99.0
        attributes:
          - {name: version, default: unknown}
          - {name: platform, default: unknown}
      - id: minutesPlayed
        name: Minutes Played
        kind: amount
        attributes: [{name: version, default: unknown}]
    report:
      group_by: {sessions: [version, platform]}
    """

  static let day = TestTime.nov20 + 36 * 3600  // 2026-11-21T12:00:00Z, inside the window
  static let beforeWindow = TestTime.nov20 - 3600

  static var metrics: [StoreSeeder.Metric] {
    let rows: [(String, [(String, String)], Double)] = [
      ("sessions", [("version", "3.16.2"), ("platform", "ios")], 600),
      ("sessions", [("version", "3.16.2"), ("platform", "android")], 400),
      ("sessions", [("version", "3.16.10"), ("platform", "ios")], 1000),
      ("sessions", [("version", "3.16.10"), ("platform", "android")], 1000),
      ("sessions", [("version", "3.17.0-beta"), ("platform", "ios")], 50),
      ("sessions", [("version", "3.17.0"), ("platform", "ios")], 500),
      ("sessions", [("platform", "ios")], 100),
      ("minutesPlayed", [("version", "3.16.2")], 20_000),
      ("minutesPlayed", [("version", "3.16.10")], 40_000),
    ]
    // 3.16.2 was live before the window, in the group's first stored hour:
    // its history began before the store's (method §3 `new_in`); the
    // others reach 1% of the sessions first at `day` (their release hour).
    return rows.map { StoreSeeder.metric($0.0, $0.1, at: day, $0.2) }
      + [
        StoreSeeder.metric(
          "sessions", [("version", "3.16.2"), ("platform", "ios")], at: beforeWindow, 600)
      ]
  }

  static var errors: [StoreSeeder.Errors] {
    [
      StoreSeeder.errors("fp-a", [("version", "3.16.2")], at: day, count: 10, impacted: 8),
      StoreSeeder.errors("fp-a", [("version", "3.16.10")], at: day, count: 40, impacted: 30),
      StoreSeeder.errors("fp-b", [("version", "3.17.0")], at: day, count: 5, impacted: nil),
      StoreSeeder.errors("fp-c", [("version", "3.16.10")], at: day, count: 2, impacted: 2),
      StoreSeeder.errors("fp-c", [("version", "3.16.2")], at: beforeWindow, count: 7, impacted: 7),
      StoreSeeder.errors("fp-d", [], at: day, count: 3, impacted: 3),
      StoreSeeder.errors("fp-e", [("version", "3.18.0")], at: day, count: 1, impacted: 1),
    ]
  }

  let workspace: TestWorkspace
  let config: Config
  let store: Store

  init(metrics: [StoreSeeder.Metric] = Self.metrics, errors: [StoreSeeder.Errors] = Self.errors)
    throws
  {
    workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.config)
    config = try workspace.config()
    store = try Store(path: config.storePath)
    try StoreSeeder.seed(store, importer: "metrics", metrics: metrics)
    try StoreSeeder.seed(store, importer: "errors", errors: errors)
  }

  static let window = ReportWindow(start: TestTime.nov20, end: TestTime.nov27, timezone: "UTC")

  func scores() throws -> Scores {
    try ScoreCalculator(config: config, store: store).scores(
      window: Self.window, generatedAt: TestTime.nov27)
  }
}
