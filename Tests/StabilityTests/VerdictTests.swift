import StabilityCore
import StabilityTestSupport
import Testing

/// Verdicts of version 2.0 against 1.0 (min_volume 100, z threshold 1.6448536269514722).
@Suite struct VerdictTests {
  @Test(
    arguments: [
      // (errors 1.0, metric 1.0, errors 2.0, metric 2.0, verdict)
      // z = (0.03 − 0.01) / sqrt(0.02 × (1/1000 + 1/1000)) = 3.162 → regressed
      (10, 1000.0, 30, 1000.0, "regressed"),
      // z = −3.162 → improved
      (30, 1000.0, 10, 1000.0, "improved"),
      // z = (0.012 − 0.01) / sqrt(0.011 × 0.002) = 0.426 → unchanged
      (10, 1000.0, 12, 1000.0, "unchanged"),
      // r̂ = 0 → z null → unchanged
      (0, 1000.0, 0, 1000.0, "unchanged"),
      // M(v) = 99 < min_volume
      (10, 1000.0, 30, 99.0, "insufficient data"),
    ] as [(Int64, Double, Int64, Double, String)])
  func verdictFollowsThePooledZ(
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
