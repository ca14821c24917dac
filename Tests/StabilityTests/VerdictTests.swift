import StabilityCore
import StabilityTestSupport
import Testing

/// Verdicts of version 2.0 against 1.0 (min_volume 100, min_change 10%),
/// from the rate ratio and its exact interval (method §3; bounds from
/// scipy: k·p/(1−p) at beta.ppf(0.025, x, n−x+1) and beta.ppf(0.975, x+1, n−x)).
@Suite struct VerdictTests {
  @Test(
    arguments: [
      // (errors 1.0, metric 1.0, errors 2.0, metric 2.0, verdict)
      // 6 errors against none: ratio unbounded, low 1.1774 > 1 → regressed.
      (0, 1000.0, 6, 1000.0, "regressed"),
      // No error on either side → unchanged.
      (0, 1000.0, 0, 1000.0, "unchanged"),
      // −100% is never "unchanged" (issue 32's "calendar −100.0% (unchanged)"):
      // none against 2: p ≤ 1 − 0.025^(1/2) = 0.841886, so the ratio is
      // 0 (0–5.3246×) → not enough evidence yet.
      (2, 1000.0, 0, 1000.0, "inconclusive"),
      // 1,000 vs 1,000 over equal metric: 1.0 (0.9152–1.0927), inside
      // [1/1.1, 1.1] = [0.9091, 1.1] → unchanged, shown within 10%.
      (1000, 100_000.0, 1000, 100_000.0, "unchanged"),
      // 50M sessions each, 1.00% vs 1.02%: 1.02 (1.0160–1.0240): significant
      // but below min_change, and within it → unchanged, never regressed.
      (500_000, 5e7, 510_000, 5e7, "unchanged"),
      // 1.5× on 40 errors: 0.7645–3.0217 → not enough evidence yet.
      (16, 1000.0, 24, 1000.0, "inconclusive"),
      // 1.2× on 22 errors: 12 vs 10 → inconclusive (it was "unchanged" by z).
      (10, 1000.0, 12, 1000.0, "inconclusive"),
      // 3× on 400 errors: 2.3848–3.8007 → regressed.
      (100, 10_000.0, 300, 10_000.0, "regressed"),
      // The mirror: 1/3× (0.2631–0.4193) → improved.
      (300, 10_000.0, 100, 10_000.0, "improved"),
      // M(v) = 99 < min_volume.
      (10, 1000.0, 30, 99.0, "insufficient data"),
    ] as [(Int64, Double, Int64, Double, String)])
  func verdictFollowsTheRateRatio(
    previousErrors: Int64, previousMetric: Double, errors: Int64, metric: Double, verdict: String
  ) throws {
    let day = ScoresFixture.day
    var errorRows: [StoreSeeder.Errors] = []
    if previousErrors > 0 {
      errorRows.append(
        StoreSeeder.errors(
          "fp", [("version", "1.0")], at: day, count: previousErrors, impacted: previousErrors))
    }
    if errors > 0 {
      errorRows.append(
        StoreSeeder.errors("fp", [("version", "2.0")], at: day, count: errors, impacted: errors))
    }
    let fixture = try ScoresFixture(
      metrics: [
        StoreSeeder.metric("sessions", [("version", "1.0")], at: day, previousMetric),
        StoreSeeder.metric("sessions", [("version", "2.0")], at: day, metric),
      ], errors: errorRows)
    let row = try #require(try fixture.scores().groups[0].by[0].values.first)
    #expect(row.value == ByteString("2.0"))
    #expect(row.comparison?.verdict?.rawValue == verdict)
  }
}
