import StabilityCore
import StabilityReport
import StabilityTestSupport
import Testing

/// Properties that hold for any data: sums, intervals, and independence from
/// how the rows were imported.
@Suite struct ScoresPropertyTests {
  static func randomData(seed: UInt64) -> ([StoreSeeder.Metric], [StoreSeeder.Errors]) {
    var random = SeededRandom(seed: seed)
    let versions = ["3.16.2", "3.16.10", "3.17.0-beta", "3.17.0", "4.0"]
    let platforms = ["ios", "android", "web"]
    func attributes() -> [(String, String)] {
      var result: [(String, String)] = []
      if Int.random(in: 0..<10, using: &random) > 0 {
        result.append(("version", versions.randomElement(using: &random) ?? "4.0"))
      }
      result.append(("platform", platforms.randomElement(using: &random) ?? "ios"))
      return result
    }
    func time() -> Int64 {
      TestTime.nov20 - 86_400 + Int64.random(in: 0..<(9 * 86_400), using: &random)
    }
    let metrics = (0..<300).map { _ in
      StoreSeeder.metric(
        "sessions", attributes(), at: time(), Double(Int.random(in: 0...400, using: &random)))
    }
    let errors = (0..<200).map { _ in
      let count = Int64.random(in: 0...20, using: &random)
      let impacted: Int64? =
        Bool.random(using: &random) ? Int64.random(in: 0...count, using: &random) : nil
      return StoreSeeder.errors(
        "fp-\(Int.random(in: 0..<15, using: &random))", attributes(), at: time(), count: count,
        impacted: impacted)
    }
    return (metrics, errors)
  }

  func render(metrics: [[StoreSeeder.Metric]], errors: [[StoreSeeder.Errors]]) throws -> String {
    let fixture = try ScoresFixture(metrics: [], errors: [])
    for (index, chunk) in metrics.enumerated() {
      try StoreSeeder.seed(fixture.store, importer: "m\(index)", metrics: chunk)
    }
    for (index, chunk) in errors.enumerated() {
      try StoreSeeder.seed(fixture.store, importer: "e\(index)", errors: chunk)
    }
    return ScoresJSON.render(try fixture.scores(), listing: 10_000)
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func shufflingAndSplittingImportsChangesNothing(seed: UInt64) throws {
    let (metrics, errors) = Self.randomData(seed: seed)
    let whole = try render(metrics: [metrics], errors: [errors])
    var random = SeededRandom(seed: seed &* 31)
    let shuffled = try render(
      metrics: [metrics.shuffled(using: &random)], errors: [errors.shuffled(using: &random)])
    let split = try render(
      metrics: stride(from: 0, to: metrics.count, by: 37).map {
        Array(metrics[$0..<min($0 + 37, metrics.count)])
      },
      errors: stride(from: 0, to: errors.count, by: 23).map {
        Array(errors[$0..<min($0 + 23, errors.count)])
      })
    #expect(whole == shuffled)
    #expect(whole == split)
  }

  @Test(arguments: [4, 5, 6] as [UInt64])
  func valuesSumToTotalsAndPointEstimatesLieInTheirIntervals(seed: UInt64) throws {
    let (metrics, errors) = Self.randomData(seed: seed)
    let fixture = try ScoresFixture(metrics: metrics, errors: errors)
    let group = try #require(try fixture.scores().groups.first)
    for table in group.by {
      #expect(abs(table.values.reduce(0) { $0 + $1.metric } - group.metric) < 1e-9)
      #expect(table.values.reduce(0) { $0 + $1.errors } == group.errors)
      for row in table.values {
        if let stability = row.stability, let low = row.stabilityLow, let high = row.stabilityHigh {
          #expect(low <= stability && stability <= high)
        }
        if let rate = row.rate, let low = row.rateLow, let high = row.rateHigh {
          #expect(low <= rate && rate <= high)
        }
        #expect(row.rate == nil || row.rate?.isFinite == true)
      }
    }
    #expect(abs(group.daily.reduce(0) { $0 + $1.metric } - group.metric) < 1e-9)
    #expect(group.daily.reduce(0) { $0 + $1.errors } == group.errors)
  }

  @Test func canonicallyEquivalentSpellingsStayTwoValues() throws {
    let nfc = "caf\u{E9}"
    let nfd = "cafe\u{301}"
    #expect(nfc == nfd)  // Swift's String == says equal; the scores must not.
    let fixture = try ScoresFixture(
      metrics: [
        StoreSeeder.metric(
          "sessions", [("version", "1.0"), ("platform", nfc)], at: ScoresFixture.day, 200),
        StoreSeeder.metric(
          "sessions", [("version", "1.0"), ("platform", nfd)], at: ScoresFixture.day, 100),
      ],
      errors: [
        StoreSeeder.errors(nfc, [("version", "1.0")], at: ScoresFixture.day, count: 2, impacted: 2),
        StoreSeeder.errors(nfd, [("version", "1.0")], at: ScoresFixture.day, count: 1, impacted: 1),
      ])
    let group = try #require(try fixture.scores().groups.first)
    let platforms = group.by[1].values.filter { !$0.isDefault }
    #expect(platforms.map { Array($0.value.string.utf8) } == [Array(nfc.utf8), Array(nfd.utf8)])
    #expect(platforms.map(\.metric) == [200, 100])
    #expect(
      group.fingerprints.map { Array($0.fingerprint.string.utf8) } == [
        Array(nfc.utf8), Array(nfd.utf8),
      ])
  }
}
