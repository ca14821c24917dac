import StabilityCore
import StabilityStore
import StabilityTestSupport
import Testing

@testable import StabilityReport

/// method §5 regression attribution: per fingerprint `E(f,v)/M(v) − E(f,u)/M(u)`,
/// which sum to the version's change in rate — checked over random stores.
@Suite struct AttributionTests {
  /// The report of the week from 2026-11-20 over `store`.
  static func pipeline(_ workspace: TestWorkspace, _ config: Config, _ store: Store) throws
    -> ReportPipeline
  {
    try ReportPipeline(
      config: config, store: store,
      window: ReportWindow(start: TestTime.nov20, end: TestTime.nov27, timezone: "UTC"),
      environment: workspace.environment(now: TestTime.nov27), templatesDirectory: nil)
  }

  /// With `top_fingerprints: 5` the summary lists the five largest changes
  /// in order and sums the others, as a full sort would — checked against
  /// the changes computed here from the seeded counts.
  @Test(arguments: 1...12)
  func contributionsSumToTheChangeInRate(seed: UInt64) throws {
    var random = SeededRandom(seed: seed)
    let (workspace, config, store) = try TestWorkspace.sessionsStore(
      report: ["top_fingerprints: 5"])
    let hour = TestTime.nov20 + 3600
    let versions = ["1.0", "1.1"]
    var errors: [StoreSeeder.Errors] = []
    var counts: [String: [String: Int64]] = [:]
    for fingerprint in 0..<Int.random(in: 1...30, using: &random) {
      for version in versions where Bool.random(using: &random) {
        // Few distinct counts, so equal changes (ties) happen.
        let count = Int64.random(in: 1...4, using: &random) * 50
        errors.append(
          StoreSeeder.errors(
            "fp-\(fingerprint)", [("version", version)], at: hour, count: count, impacted: count))
        counts["fp-\(fingerprint)", default: [:]][version] = count
      }
    }
    let metrics = versions.map { _ in Double.random(in: 1e3...1e7, using: &random).rounded() }
    try StoreSeeder.seed(
      store, importer: "seed",
      metrics: zip(versions, metrics).map {
        StoreSeeder.metric("sessions", [("version", $0)], at: hour, $1)
      },
      errors: errors)
    let pipeline = try Self.pipeline(workspace, config, store)
    let group = try #require(pipeline.scores.groups.first)
    let rows = group.by[0].values
    let newer = try #require(rows.first { $0.value == ByteString("1.1") })
    let older = try #require(rows.first { $0.value == ByteString("1.0") })
    let parts = pipeline.site.attribution(group, groupIndex: 0, row: newer)
    let total = (newer.rate ?? 0) - (older.rate ?? 0)
    #expect(abs(parts.total - total) <= 1e-12 * max(1, abs(total)), "\(parts.total) vs \(total)")
    let listed = parts.top.reduce(0) { $0 + $1.change } + parts.restChange
    #expect(abs(listed - total) <= 1e-12 * max(1, abs(total)))
    let changes = counts.map { fingerprint, byVersion in
      (
        fingerprint,
        Double(byVersion["1.1"] ?? 0) / metrics[1] - Double(byVersion["1.0"] ?? 0) / metrics[0]
      )
    }
    let sorted = changes.sorted { ($1.1, $0.0) < ($0.1, $1.0) }
    #expect(parts.top.map(\.fingerprint.string) == sorted.prefix(5).map(\.0))
    #expect(parts.restCount == max(0, sorted.count - 5))
    #expect(parts.restHere + parts.top.reduce(0) { $0 + $1.here } == newer.errors)
    #expect(parts.restBaseline + parts.top.reduce(0) { $0 + $1.baseline } == older.errors)
    let smallest = changes.min { ($0.1, $0.0) < ($1.1, $1.0) }
    #expect(parts.smallest?.fingerprint.string == smallest?.0)
  }

  /// The sentence says "most" only when the top driver carries at least half
  /// of the net change. 10,000 sessions at each of 1.0 and 1.1, so a
  /// fingerprint's change in rate is (errors at 1.1 − errors at 1.0) / 10,000.
  @Test(arguments: [
    // fp-a +40 of a net +50: 80%.
    (
      [("fp-a", 0, 40), ("fp-b", 0, 10)],
      "Most of the increase comes from fp-a (new in 1.1), +0.400 points of +0.500 points."
    ),
    // fp-a +30 of +90 (three equal new ones): 33.3%.
    (
      [("fp-a", 0, 30), ("fp-b", 0, 30), ("fp-c", 0, 30)],
      "The largest contributor is fp-a (new in 1.1), +0.300 points of +0.900 points (33.3%)."
    ),
    // fp-a +60 while fp-b falls by 30: net +30.
    (
      [("fp-a", 0, 60), ("fp-b", 40, 10)],
      "fp-a (new in 1.1) alone adds +0.600 points, more than the net +0.300 points: others fell."
    ),
  ])
  func theTopDriverIsDescribedByItsShare(
    cells: [(String, Int64, Int64)], expected: String
  ) throws {
    let (workspace, config, store) = try TestWorkspace.sessionsStore()
    let hour = TestTime.nov20 + 3600
    var errors: [StoreSeeder.Errors] = []
    for (fingerprint, older, newer) in cells {
      for (version, count) in [("1.0", older), ("1.1", newer)] where count > 0 {
        errors.append(
          StoreSeeder.errors(
            fingerprint, [("version", version)], at: hour, count: count, impacted: count))
      }
    }
    try StoreSeeder.seed(
      store, importer: "seed",
      metrics: ["1.0", "1.1"].map {
        StoreSeeder.metric("sessions", [("version", $0)], at: hour, 10_000)
      }
        // 1.0 alone a day before the window: 1.1 is released in the store,
        // so its fingerprints can be new (method §3 `new_in`).
        + [StoreSeeder.metric("sessions", [("version", "1.0")], at: TestTime.nov20 - 86_400, 100)],
      errors: errors)
    let pipeline = try Self.pipeline(workspace, config, store)
    let group = try #require(pipeline.scores.groups.first)
    let row = try #require(group.by[0].values.first { $0.value == ByteString("1.1") })
    let sentence = pipeline.site.verdictSentence(
      group, row: row, attribution: pipeline.site.attribution(group, groupIndex: 0, row: row))
    #expect(sentence.hasSuffix(expected), "\(sentence)")
  }
}
