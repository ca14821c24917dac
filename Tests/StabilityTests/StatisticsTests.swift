import Foundation
import StabilityCore
import StabilityReport
import Testing

@Suite struct StatisticsTests {
  struct Reference: Decodable {
    struct Row: Decodable {
      let errors: Int64
      let low: Double
      let high: Double
    }
    let rows: [Row]
  }

  static let reference: [Reference.Row] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/garwood.json")
    guard let data = try? Data(contentsOf: url),
      let decoded = try? JSONDecoder().decode(Reference.self, from: data)
    else { return [] }
    return decoded.rows
  }()

  /// E from 0 to 10^15 (issue 31.11: the bounds drifted from scipy past 10^12).
  @Test func garwoodMatchesScipyToOneBillionthRelative() throws {
    try #require(Self.reference.count == 24)
    for row in Self.reference {
      let interval = Statistics.garwood(row.errors)
      if row.errors == 0 {
        #expect(interval.low == 0)
      } else {
        #expect(
          abs(interval.low / row.low - 1) < 1e-9,
          "low for E=\(row.errors): \(interval.low) vs \(row.low)")
      }
      #expect(
        abs(interval.high / row.high - 1) < 1e-9,
        "high for E=\(row.errors): \(interval.high) vs \(row.high)")
    }
  }

  /// method §3's examples: 3 errors in 1,000 sessions → 0.30%, bounds
  /// 0.6186721228956014 / 1000 and 8.767273069742323 / 1000 (scipy); none without metric.
  @Test func aRateEstimateCarriesItsGarwoodInterval() throws {
    let estimate = RateEstimate(errors: 3, metric: 1000)
    #expect(estimate.rate == 0.003)
    #expect(abs(try #require(estimate.low) - 0.000_618_672_122_895_601_4) < 1e-15)
    #expect(abs(try #require(estimate.high) - 0.008_767_273_069_742_323) < 1e-14)
    let none = RateEstimate(errors: 5, metric: 0)
    #expect(none.rate == nil && none.low == nil && none.high == nil)
  }

  /// 40 of 1,000 sessions impacted: stability 0.96, 1 − Wilson bounds
  /// (0.05400964412125796, 0.02951097368545276); impacted past the metric caps at 1.
  @Test func aStabilityEstimateIsOneMinusTheWilsonInterval() throws {
    let estimate = try #require(StabilityEstimate(impacted: 40, metric: 1000))
    #expect(estimate.stability == 0.96)
    #expect(abs(estimate.low - (1 - 0.05400964412125796)) < 1e-12)
    #expect(abs(estimate.high - (1 - 0.02951097368545276)) < 1e-12)
    #expect(StabilityEstimate(impacted: 1500, metric: 1000)?.stability == 0)
    #expect(StabilityEstimate(impacted: 1, metric: 0) == nil)
  }

  @Test func wilsonIntervalByHand() {
    // x = 40, n = 1000, z = 1.959963984540054:
    // p̂ = 0.04, z² = 3.841458820694124, denominator = 1.003841458820694,
    // center = (0.04 + 0.001920729410347062) / denominator = 0.04176030890335536,
    // half = z × sqrt(0.04×0.96/1000 + 3.841458820694124/4e6) / denominator = 0.012249335217902597
    let interval = Statistics.wilson(successes: 40, trials: 1000)
    #expect(abs(interval.low - 0.02951097368545276) < 1e-12)
    #expect(abs(interval.high - 0.05400964412125796) < 1e-12)
  }

  @Test func pooledZByHand() throws {
    // v: 42 errors / 2000, u: 10 / 1000. r̂ = 52/3000; z = 0.011 / sqrt(r̂ × 0.0015) = 2.1572774...
    let z = try #require(
      Statistics.pooledZ(errors: 42, metric: 2000, previousErrors: 10, previousMetric: 1000))
    #expect(abs(z - 0.011 / (52.0 / 3000 * 0.0015).squareRoot()) < 1e-12)
    #expect(abs(z - 2.157277) < 1e-6)
    #expect(Statistics.pooledZ(errors: 0, metric: 10, previousErrors: 0, previousMetric: 10) == nil)
    #expect(Statistics.pooledZ(errors: 3, metric: 0, previousErrors: 1, previousMetric: 10) == nil)
  }
}

@Suite struct VersionOrderTests {
  @Test func ordersVersionsNaturally() {
    let versions = [
      "3.17.0", "3.16.10", "3.16.2", "3.17.0-beta", "1.2.0", "1.2", "3.16.2-beta", "3.16.2-beta.2",
      "3.16.2-alpha", "10.0", "2.0", "2.x", "2.0a",
    ]
    let sorted = versions.map(ByteString.init).sorted(by: VersionOrder.less).map(\.string)
    #expect(
      sorted == [
        "1.2", "1.2.0", "2.0", "2.0a", "2.x", "3.16.2-alpha", "3.16.2-beta", "3.16.2-beta.2",
        "3.16.2",
        "3.16.10", "3.17.0-beta", "3.17.0", "10.0",
      ])
  }

  @Test func tiesBreakByteWise() {
    // Equal as numbers, different bytes: 01 and 1.
    #expect(VersionOrder.less(ByteString("1.01"), ByteString("1.1")))
    #expect(!VersionOrder.less(ByteString("1.1"), ByteString("1.01")))
  }
}
