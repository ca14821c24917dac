import StabilityCore
import StabilityReport
import StabilityTestSupport
import Testing

/// Every definition of method §3 against the hand-computed `ScoresFixture`.
@Suite struct ScoresTests {
  func sessions() throws -> GroupScores {
    try #require(try ScoresFixture().scores().groups.first { $0.group.id == "sessions" })
  }

  func row(_ group: GroupScores, _ attribute: String, _ value: String) throws -> ValueScores {
    let table = try #require(group.by.first { $0.attribute.name == attribute })
    return try #require(table.values.first { $0.value == ByteString(value) })
  }

  @Test func groupTotalsSumEveryValue() throws {
    let group = try sessions()
    // M = 1000 + 2000 + 50 + 500 + 100; E = 10 + 40 + 5 + 2 + 3 + 1 (fp-c's 7 are before W).
    #expect(group.metric == 3650)
    #expect(group.errors == 61)
    // Coverage: fp-e's 1 error is at 3.18.0, which has no sessions: not in the rate.
    #expect(group.coveredErrors == 60)
    #expect(group.rate == 60.0 / 3650)
    #expect(group.uncovered.map { "\($0.value.string): \($0.errors)" } == ["3.18.0: 1"])
    for table in group.by {
      #expect(table.values.reduce(0) { $0 + $1.metric } == group.metric)
      #expect(table.values.reduce(0) { $0 + $1.errors } == group.errors)
    }
  }

  @Test func orderedValuesAreNewestFirstWithTheDefaultLast() throws {
    let versions = try sessions().by[0].values.map(\.value.string)
    #expect(versions == ["3.18.0", "3.17.0", "3.17.0-beta", "3.16.10", "3.16.2", "unknown"])
  }

  @Test func unorderedValuesAreByMetricThenBytesWithTheDefaultLast() throws {
    // ios 2250, android 1400; errors carry no platform, so `unknown` has M = 0, E = 61.
    let platforms = try sessions().by[1].values
    #expect(platforms.map(\.value.string) == ["ios", "android", "unknown"])
    #expect(platforms.map(\.metric) == [2250, 1400, 0])
    #expect(platforms.allSatisfy { $0.comparison == nil && $0.newIn == nil })
  }

  @Test func regressedVersionByHand() throws {
    let row = try row(try sessions(), "version", "3.16.10")
    #expect(row.metric == 2000 && row.errors == 42 && row.impacted == 32 && !row.approximate)
    #expect(row.rate == 0.021)
    // Garwood for E = 42 (scipy chi2.ppf): [30.2699057324777, 56.77179877849065] / 2000.
    #expect(abs(try #require(row.rateLow) - 30.2699057324777 / 2000) < 1e-9)
    #expect(abs(try #require(row.rateHigh) - 56.77179877849065 / 2000) < 1e-9)
    #expect(row.impactedFraction == 0.016)
    #expect(row.stability == 0.984)
    #expect(row.adoption == 2000.0 / 3650)
    let comparison = try #require(row.comparison)
    #expect(comparison.previous == "3.16.2")
    #expect(abs(try #require(comparison.delta) - 1.1) < 1e-12)
    #expect(abs(try #require(comparison.z) - 2.1572774865200244) < 1e-9)
    // Rate ratio 2.1 with x = 42 of n = 52 errors, k = 1000/2000 = 0.5:
    // k·p/(1−p) at scipy's beta.ppf(0.025, 42, 11) and beta.ppf(0.975, 43, 10)
    // = 1.0368475425142683 and 4.693856996060362. The interval is above 1×
    // and 2.1 ≥ 1.1: regressed.
    #expect(abs(try #require(comparison.ratio.ratio) - 2.1) < 1e-12)
    #expect(abs(try #require(comparison.ratio.low) / 1.0368475425142683 - 1) < 1e-9)
    #expect(abs(try #require(comparison.ratio.high) / 4.693856996060362 - 1) < 1e-9)
    #expect(comparison.verdict == .regressed)
    // 98.4% is below critical 99.0.
    #expect(row.status == .critical)
    // Released in the store at `day`; fp-a and fp-c were both seen at 3.16.2
    // first (fp-c before the window): nothing is new here.
    #expect(row.released == ScoresFixture.day)
    #expect(row.newIn == [])
  }

  @Test func theOldestVersionLiveBeforeTheHistoryHasNoNewFingerprints() throws {
    let row = try row(try sessions(), "version", "3.16.2")
    #expect(row.comparison == Comparison(previous: nil, delta: nil, z: nil, verdict: nil))
    // It held 600 of 600 sessions in the store's first hour: live before the
    // history began, so its release hour is unknown and no fingerprint can be
    // called new in it — not every fingerprint of the oldest version.
    #expect(row.released == nil)
    #expect(row.newIn == nil)
  }

  @Test func smallSamplesAreInsufficientData() throws {
    let beta = try row(try sessions(), "version", "3.17.0-beta")
    #expect(beta.metric == 50 && beta.errors == 0 && beta.rate == 0 && beta.rateLow == 0)
    #expect(abs(try #require(beta.rateHigh) - 3.6888794541139354 / 50) < 1e-10)
    #expect(beta.comparison?.previous == "3.16.10")
    #expect(beta.comparison?.delta == -1)
    #expect(beta.comparison?.verdict == .insufficientData)
    #expect(beta.status == .insufficientData)
    // A release is compared with the previous release (method §3), never with
    // its beta: 3.17.0 (5 / 500) vs 3.16.10 (42 / 2000). delta = 0.01 / 0.021 − 1;
    // r̂ = 47 / 2500, z = (0.01 − 0.021) / sqrt(r̂ (1/500 + 1/2000)) = −1.6045 > −1.645.
    let release = try row(try sessions(), "version", "3.17.0")
    #expect(release.comparison?.previous == "3.16.10")
    #expect(abs(try #require(release.comparison?.delta) - (0.01 / 0.021 - 1)) < 1e-12)
    let z = (0.01 - 0.021) / (47.0 / 2500 * (1.0 / 500 + 1.0 / 2000)).squareRoot()
    #expect(abs(try #require(release.comparison?.z) - z) < 1e-12)
    // Ratio 0.476, x = 5 of n = 47, k = 2000/500 = 4: 0.1470386498274304 to
    // 1.2018826381912269 (scipy). Neither clearly better nor within 10%:
    // not enough evidence yet.
    let ratio = try #require(release.comparison?.ratio)
    #expect(abs(try #require(ratio.low) / 0.1470386498274304 - 1) < 1e-9)
    #expect(abs(try #require(ratio.high) / 1.2018826381912269 - 1) < 1e-9)
    #expect(release.comparison?.verdict == .inconclusive)
    #expect(release.approximate)
    // Released in the store: fp-b, first seen here, is new.
    #expect(release.newIn == [ByteString("fp-b")])
  }

  @Test func valueWithErrorsButNoMetricHasNullRates() throws {
    let row = try row(try sessions(), "version", "3.18.0")
    #expect(row.metric == 0 && row.errors == 1)
    #expect(row.rate == nil && row.rateLow == nil && row.rateHigh == nil)
    #expect(row.stability == nil && row.impactedFraction == nil)
    #expect(row.status == .noData)
    #expect(row.comparison?.previous == "3.17.0")
    #expect(row.comparison?.delta == nil && row.comparison?.z == nil)
    #expect(row.comparison?.verdict == .insufficientData)
    #expect(row.newIn == [ByteString("fp-e")])
  }

  @Test func defaultValueHasNoComparisonOrNewFingerprints() throws {
    let row = try row(try sessions(), "version", "unknown")
    #expect(row.isDefault)
    #expect(row.metric == 100 && row.errors == 3)
    #expect(row.comparison == nil && row.newIn == nil)
    // 97% stability: below critical.
    #expect(row.status == .critical)
  }

  @Test func fingerprintsByErrorsWithFirstSeenOverAllHistory() throws {
    let fingerprints = try sessions().fingerprints
    #expect(fingerprints.map(\.fingerprint.string) == ["fp-a", "fp-b", "fp-d", "fp-c", "fp-e"])
    let a = fingerprints[0]
    #expect(a.errors == 50 && a.impacted == 38)
    #expect(a.rate == 50.0 / 3650 && a.impactedFraction == 38.0 / 3650)
    #expect(a.firstSeen.map(\.value.string) == ["3.16.2"])
    let byVersion = try #require(a.by.first { $0.attribute == "version" }).values
    #expect(byVersion.map(\.value.string) == ["3.16.10", "3.16.2"])
    #expect(byVersion.map(\.rate) == [0.02, 0.01])
    #expect(fingerprints[3].firstSeen.map(\.value.string) == ["3.16.2"])
    // fp-d has no version anywhere: first seen at the default.
    #expect(fingerprints[2].firstSeen.map(\.value.string) == ["unknown"])
  }

  /// method §3 coverage: the seed's one-metric-per-version style feeds minutes
  /// for 3.16.2 and 3.16.10 only; errors at other versions are named as
  /// uncovered instead of being divided by those versions' minutes.
  @Test func errorsAtVersionsWithoutMetricAreUncoveredNotDivided() throws {
    let scores = try ScoresFixture().scores()
    let minutes = try #require(scores.groups.first { $0.group.id == "minutesPlayed" })
    // E = 61 in W; covered: fp-a 10 + 40, fp-c 2 = 52 (3.16.2, 3.16.10); uncovered:
    // 3.18.0 (fp-e 1), 3.17.0 (fp-b 5), unknown (fp-d 3), newest first, default last.
    #expect(minutes.errors == 61 && minutes.coveredErrors == 52)
    #expect(minutes.rate == 52.0 / 60_000)
    #expect(
      minutes.uncovered.map { "\($0.value.string): \($0.errors)" } == [
        "3.18.0: 1", "3.17.0: 5", "unknown: 3",
      ])
    let fingerprints = Dictionary(
      uniqueKeysWithValues: minutes.fingerprints.map { ($0.fingerprint.string, $0) })
    #expect(
      fingerprints["fp-a"]?.coveredErrors == 50 && fingerprints["fp-a"]?.rate == 50.0 / 60_000)
    #expect(fingerprints["fp-b"]?.errors == 5 && fingerprints["fp-b"]?.coveredErrors == 0)
    #expect(fingerprints["fp-b"]?.rate == 0)
    // Sessions: fp-e's only error is at 3.18.0, so its impacted fraction is 0, not 1/3650.
    let sessions = try sessions().fingerprints.first { $0.fingerprint == ByteString("fp-e") }
    #expect(sessions?.coveredErrors == 0 && sessions?.impactedFraction == 0)
  }

  /// Without an ordered attribute every error is covered.
  @Test func aGroupWithoutAnOrderedAttributeCoversEveryError() throws {
    let fixture = try ScoresFixture()
    var config = fixture.config
    let index = try #require(config.groups.firstIndex { $0.id == "minutesPlayed" })
    config.groups[index].attributes[0].ordered = false
    let scores = try ScoreCalculator(config: config, store: fixture.store).scores(
      window: ScoresFixture.window, generatedAt: TestTime.nov27)
    let minutes = try #require(scores.groups.first { $0.group.id == "minutesPlayed" })
    #expect(minutes.coveredErrors == 61 && minutes.uncovered.isEmpty)
    #expect(minutes.rate == 61.0 / 60_000)
  }

  @Test func amountGroupsHaveRatesButNoStability() throws {
    let scores = try ScoresFixture().scores()
    let minutes = try #require(scores.groups.first { $0.group.id == "minutesPlayed" })
    #expect(minutes.metric == 60_000)
    let row = try #require(minutes.by[0].values.first { $0.value == ByteString("3.16.10") })
    #expect(row.rate == 42.0 / 40_000)
    #expect(row.stability == nil && row.status == nil)
    // Errors at 3.16.2 (10) over 20k minutes vs 42 over 40k: 0.0005 → 0.00105, z > 1.645.
    #expect(row.comparison?.verdict == .regressed)
  }

  @Test func dailySeriesCoversEveryDayOfTheWindow() throws {
    let daily = try sessions().daily
    #expect(daily.map(\.day) == (20...26).map { "2026-11-\($0)" })
    #expect(daily[1].metric == 3650 && daily[1].errors == 61)
    #expect(
      daily.enumerated().allSatisfy {
        $0.offset == 1 || ($0.element.metric == 0 && $0.element.errors == 0)
      })
    #expect(
      daily[1].by[0].values.map(\.value.string) == [
        "3.18.0", "3.17.0", "3.17.0-beta", "3.16.10", "3.16.2", "unknown",
      ])
  }

  @Test(
    arguments: [
      (nil, nil, 99.0, "ok"), (99.5, 99.0, 99.2, "below target"), (99.5, 99.0, 98.0, "critical"),
      (99.5, nil, 98.0, "below target"), (nil, 99.0, 99.2, "ok"),
    ] as [(Double?, Double?, Double, String)])
  func statusAgainstTargetAndCritical(
    target: Double?, critical: Double?, stability: Double, expected: String
  )
    throws
  {
    var group = try #require(try ScoresFixture().config.group(id: "sessions"))
    group.target = target
    group.critical = critical
    let impacted = Int64((100 - stability) * 10)
    let fixture = try ScoresFixture(
      metrics: [StoreSeeder.metric("sessions", [("version", "1.0")], at: ScoresFixture.day, 1000)],
      errors: [
        StoreSeeder.errors(
          "fp", [("version", "1.0")], at: ScoresFixture.day, count: impacted, impacted: impacted)
      ])
    var config = fixture.config
    config.groups = config.groups.map { $0.id == "sessions" ? group : $0 }
    let scores = try ScoreCalculator(config: config, store: fixture.store)
      .scores(window: ScoresFixture.window, generatedAt: 0)
    #expect(scores.groups[0].by[0].values[0].status?.rawValue == expected)
  }
}
