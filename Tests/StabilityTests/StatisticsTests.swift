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

  /// A reference table in `Fixtures/` (each says the scipy call that made it).
  static func fixture(_ name: String) -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/\(name)")
  }

  static let reference: [Reference.Row] = {
    let url = fixture("garwood.json")
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

  struct BetaReference: Decodable {
    struct Row: Decodable {
      let x: Double
      let n: Double
      let low: Double
      let lowComplement: Double
      let high: Double
      let highComplement: Double

      enum CodingKeys: String, CodingKey {
        case x, n, low, high
        case lowComplement = "low_complement"
        case highComplement = "high_complement"
      }
    }
    let rows: [Row]
  }

  /// Clopper–Pearson bounds of x/n for x, n up to 10⁷ against scipy's
  /// `beta.ppf` (Fixtures/clopper-pearson.json says how it was made), each
  /// bound and its distance to 1 to 1e-9 relative.
  @Test func clopperPearsonMatchesScipyToOneBillionthRelative() throws {
    let url = Self.fixture("clopper-pearson.json")
    let rows = try JSONDecoder().decode(BetaReference.self, from: Data(contentsOf: url)).rows
    try #require(rows.count == 17)
    func close(_ value: Double, _ reference: Double, _ what: String) {
      #expect(abs(value / reference - 1) < 1e-9, "\(what): \(value) vs \(reference)")
    }
    for row in rows {
      let (x, n) = (row.x, row.n)
      let low = Beta.quantile(probability: 0.025, a: x, b: n - x + 1)
      close(low.x, row.low, "low x=\(x) n=\(n)")
      close(low.complement, row.lowComplement, "1 − low x=\(x) n=\(n)")
      guard x < n else { continue }
      let high = Beta.quantile(probability: 0.975, a: x + 1, b: n - x)
      close(high.x, row.high, "high x=\(x) n=\(n)")
      close(high.complement, row.highComplement, "1 − high x=\(x) n=\(n)")
    }
  }

  /// The rate ratio of method §3 by hand (bounds from scipy: k·p/(1−p) with
  /// p = beta.ppf(0.025, x, n−x+1) and beta.ppf(0.975, x+1, n−x), k = M(u)/M(v)).
  @Test func rateRatiosAndTheirExactIntervals() {
    func ratio(_ errors: Int64, _ metric: Double, _ previousErrors: Int64, _ previous: Double)
      -> RateRatio
    {
      Statistics.rateRatio(
        errors: errors, metric: metric, previousErrors: previousErrors, previousMetric: previous)
    }
    func expectClose(_ value: Double?, _ reference: Double, _ what: String) {
      #expect(
        value.map { abs($0 / reference - 1) < 1e-9 } == true,
        "\(what): \(String(describing: value))")
    }
    // 6 errors against none in equal metric: no ratio, no upper bound; the
    // lower bound is p/(1−p) with p = 0.025^(1/6) = 0.5407418735600995.
    let six = ratio(6, 1000, 0, 1000)
    #expect(six.ratio == nil && six.high == nil)
    expectClose(six.low, 1.1774247257241777, "6 vs 0")
    // 0 against 0: nothing to compare.
    #expect(ratio(0, 1000, 0, 1000) == RateRatio())
    // No metric: nothing.
    #expect(ratio(3, 0, 2, 1000) == RateRatio())
    // (E(v), M(v), E(u), M(u)) → ratio (low–high):
    let cases: [(String, RateRatio, ratio: Double, low: Double, high: Double)] = [
      // 1,000 vs 1,000 in equal metric: 1.0 (0.9152–1.0927).
      ("even", ratio(1000, 100_000, 1000, 100_000), 1, 0.9151605121929256, 1.0927044891871267),
      // 50M sessions each, 1.02% vs 1.00%: 1.02 (1.0160–1.0240).
      ("large", ratio(510_000, 5e7, 500_000, 5e7), 1.02, 1.0160270775509936, 1.0239884956916399),
      // 1.5× on 40 errors: 0.7645–3.0217.
      ("young", ratio(24, 1000, 16, 1000), 1.5, 0.7644994946386493, 3.0217174902083457),
      // 3× on 400: 2.3848–3.8007.
      ("clear", ratio(300, 10_000, 100, 10_000), 3, 2.384762330178446, 3.8007333980872695),
      // Unequal metric scales the bounds by k = M(u)/M(v) = 2.
      ("scaled", ratio(300, 5_000, 100, 10_000), 6, 2 * 2.384762330178446, 2 * 3.8007333980872695),
    ]
    #expect(cases[0].1.ratio == 1)
    for (name, found, point, low, high) in cases {
      expectClose(found.ratio, point, "\(name)")
      expectClose(found.low, low, "\(name) low")
      expectClose(found.high, high, "\(name) high")
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
