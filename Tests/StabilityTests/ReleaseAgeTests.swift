import StabilityCore
import StabilityReport
import StabilityStore
import StabilityTestSupport
import Testing

/// method §3 release hour, age-matched comparison and release history on a
/// hand-made store. 0.9 is live from the store's first hour; 1.0 is released
/// on Nov 12 and crashes in 2% of its sessions for 72 hours, then in 0.5%;
/// 1.1 is released on Nov 24 (after a trickle below 1% on Nov 20) and crashes
/// in 2%. The window is the last 3 days: by the calendar 1.1 (young) looks
/// four times worse than 1.0 (mature); at the same age they are equal.
@Suite struct ReleaseAgeTests {
  static let day: Int64 = 86_400
  static let nov10 = TestTime.nov20 - 10 * day
  static let nov12 = TestTime.nov20 - 8 * day
  static let nov24 = TestTime.nov20 + 4 * day
  static let window = ReportWindow(start: nov24, end: TestTime.nov27, timezone: "UTC")

  func scores() throws -> GroupScores {
    let (_, config, store) = try seeded()
    let scores = try ScoreCalculator(config: config, store: store).scores(
      window: Self.window, generatedAt: TestTime.nov27)
    return try #require(scores.groups.first)
  }

  /// The release history page lists every release with its first-hours figures.
  @Test func theReleaseHistoryPageShowsEveryReleaseWithItsFirstHours() throws {
    let (workspace, config, store) = try seeded()
    _ = try ReportPipeline.publishConfigured(
      config: config, store: store, environment: workspace.environment(now: TestTime.nov27),
      out: workspace.path("site"))
    let page = try String(contentsOfFile: workspace.path("site/releases.md"), encoding: .utf8)
    #expect(page.contains("up to 7 days"))
    #expect(page.contains("| 2.1 | 2026-11-24T00:00:00Z | 72 h | 7.2k | 144 | 2.00% ("), "\(page)")
    #expect(page.contains("| 1.0 | 2026-11-12T00:00:00Z | 168 h | 16.8k | 192 | 1.14% ("))
    let html = try String(contentsOfFile: workspace.path("site/releases.html"), encoding: .utf8)
    #expect(html.contains("Rate over each release&#39;s first hours, by version"))
    // The version page: both comparisons with the baseline's own figures, and the sentence.
    // In the configured 7-day window 1.0 has 16,800 sessions and 84 errors: the
    // ratio is 4.0 with x = 144 of n = 228, k = 16,800 / 7,200, bounds
    // 3.035381130653743 and 5.299528700045729 (scipy beta.ppf). At the same
    // age 144 vs 144: 1.0 (0.7881962962230683–1.26871948623949), too wide
    // to be within 10%: not enough evidence yet.
    let version = try String(
      contentsOfFile: workspace.path("site/versions/1.1.md"), encoding: .utf8)
    #expect(
      version.contains(
        "| the window | 7.2k | 144 | 2.00% | 16.8k | 84 | 0.500% | +300.0% | 4.00× (3.04–5.30×) "
          + "| regressed |"),
      "\(version)")
    #expect(
      version.contains(
        "| first 3 days after release (same age) | 7.2k | 144 | 2.00% | 7.2k | 144 | 2.00% | ±0.0% "
          + "| 1.00× (0.788–1.27×) | not enough evidence yet |"))
    #expect(
      version.contains(
        "at the same age, over its first 3 days: 2.00% vs 2.00% — not enough evidence yet "
          + "(1.00× the rate of 1.0, 95% interval 0.788–1.27×: too wide to tell a change of 10% "
          + "from none)"))
    // Its daily rate chart: 1.1 has no sessions before Nov 24, then 2% a day.
    let chart = try String(
      contentsOfFile: workspace.path("site/charts/sessions-version-1.1-daily.svg"), encoding: .utf8)
    #expect(chart.contains("Rate per day, version 1.1"))
    #expect(chart.contains("11-23 no data, 11-24 2.00%, 11-25 2.00%, 11-26 2.00%"), "\(chart)")
    let index = try String(contentsOfFile: workspace.path("site/index.html"), encoding: .utf8)
    #expect(index.contains("<a href=\"releases.html\">Release history</a>"))
  }

  func seeded() throws -> (TestWorkspace, Config, Store) {
    let (workspace, config, store) = try TestWorkspace.sessionsStore()
    var metrics: [StoreSeeder.Metric] = []
    var errors: [StoreSeeder.Errors] = []
    for hour in stride(from: Self.nov10, to: TestTime.nov27, by: 3600) {
      metrics.append(StoreSeeder.metric("sessions", [("version", "0.9")], at: hour, 100))
      if hour >= Self.nov12 {
        metrics.append(StoreSeeder.metric("sessions", [("version", "1.0")], at: hour, 100))
        let young = hour < Self.nov12 + 3 * Self.day
        if young || (hour - Self.nov12) % 7200 == 0 {
          errors.append(
            StoreSeeder.errors(
              "crash", [("version", "1.0")], at: hour, count: young ? 2 : 1, impacted: young ? 2 : 1
            ))
        }
      }
      // The reverse pair: 2.0 (Nov 20) crashes in 0.5% for 72 hours, then in
      // 2%; 2.1 (Nov 24) in 2% — equal by the calendar, worse at the same age.
      if hour >= TestTime.nov20 {
        metrics.append(StoreSeeder.metric("sessions", [("version", "2.0")], at: hour, 100))
        let young = hour < TestTime.nov20 + 3 * Self.day
        if !young || (hour - TestTime.nov20) % 7200 == 0 {
          errors.append(
            StoreSeeder.errors(
              "crash", [("version", "2.0")], at: hour, count: young ? 1 : 2, impacted: young ? 1 : 2
            ))
        }
      }
      if hour >= Self.nov24 {
        metrics.append(StoreSeeder.metric("sessions", [("version", "2.1")], at: hour, 100))
        errors.append(
          StoreSeeder.errors("crash", [("version", "2.1")], at: hour, count: 2, impacted: 2))
        metrics.append(StoreSeeder.metric("sessions", [("version", "1.1")], at: hour, 100))
        errors.append(
          StoreSeeder.errors("crash", [("version", "1.1")], at: hour, count: 2, impacted: 2))
      }
    }
    // A trickle of 1.1 on Nov 20 05:00: 0.5 of 300.5 sessions, below 1%.
    metrics.append(
      StoreSeeder.metric("sessions", [("version", "1.1")], at: TestTime.nov20 + 5 * 3600, 0.5))
    try StoreSeeder.seed(store, importer: "seed", metrics: metrics, errors: errors)
    return (workspace, config, store)
  }

  func row(_ group: GroupScores, _ value: String) throws -> ValueScores {
    try #require(group.by[0].values.first { $0.value == ByteString(value) })
  }

  @Test func releaseHourIsTheFirstHourWithOnePercentAndUnknownWhenLiveFromTheStart() throws {
    let group = try scores()
    #expect(try row(group, "1.1").released == Self.nov24)  // not the 0.25% trickle on Nov 20
    #expect(try row(group, "1.0").released == Self.nov12)
    #expect(try row(group, "0.9").released == nil)  // its first hour is the store's first
  }

  @Test func aYoungReleaseWorseByTheCalendarIsEqualAtTheSameAge() throws {
    let group = try scores()
    let young = try row(group, "1.1")
    // Calendar, Nov 24–27: 144 / 7200 = 2% vs 36 / 7200 = 0.5%.
    #expect(young.comparison?.previous == "1.0" && young.comparison?.verdict == .regressed)
    #expect(young.rate == 0.02)
    // Age-matched: ℓ = min(7d, end − Nov 24) = 72 h; 1.1 over [Nov 24, Nov 27) and
    // 1.0 over [Nov 12, Nov 15) — before the window: 144 / 7200 each.
    let age = try #require(young.ageMatched)
    #expect(age.hours == 72 && age.released == Self.nov24 && age.previousReleased == Self.nov12)
    #expect(age.metric == 7200 && age.errors == 144 && age.rate == 0.02)
    #expect(age.previousMetric == 7200 && age.previousErrors == 144 && age.previousRate == 0.02)
    // Equal rates, but 144 errors each cannot show them within 10%:
    // 1.0 (0.788–1.269), not enough evidence yet.
    #expect(age.delta == 0 && age.z == 0 && age.verdict == .inconclusive)
    #expect(abs(try #require(age.ratio.low) / 0.7881962962230683 - 1) < 1e-9)
    #expect(abs(try #require(age.ratio.high) / 1.26871948623949 - 1) < 1e-9)
    // 1.0's baseline 0.9 has no release hour: no age-matched comparison.
    #expect(try row(group, "1.0").ageMatched == nil)
  }

  @Test func aReleaseEqualByTheCalendarCanBeWorseAtTheSameAge() throws {
    let group = try scores()
    let young = try row(group, "2.1")
    // Calendar, Nov 24–27: 144 / 7200 for both.
    #expect(young.comparison?.previous == "2.0" && young.comparison?.verdict == .inconclusive)
    #expect(young.comparison?.delta == 0)
    // Same age: 2.1 over [Nov 24, Nov 27) 144 / 7200; 2.0 over [Nov 20, Nov 23) 36 / 7200.
    let age = try #require(young.ageMatched)
    #expect(age.hours == 72 && age.previousReleased == TestTime.nov20)
    #expect(age.previousMetric == 7200 && age.previousErrors == 36)
    #expect(age.delta == 3 && age.verdict == .regressed)
  }

  /// `check` shows both comparisons; `--age-matched` gates on the first ℓ
  /// hours and on the same-age verdict, and refuses without a release hour.
  @Test func checkShowsBothComparisonsAndGatesAtTheSameAge() throws {
    let group = try scores()
    let config = try ScoresFixture().config
    var check = try ReleaseCheck(
      config: config, groupID: "sessions", target: .value("1.1"), minStability: nil, maxRate: 2.5)
    let calendar = check.evaluate(group)
    #expect(
      check.line(for: calendar, window: Self.window).hasSuffix(
        "→ PASS · vs 1.0: calendar +300.0% (regressed), same age (first 72 h) ±0.0% "
          + "(not enough evidence yet)"),
      "\(check.line(for: calendar, window: Self.window))")
    check.ageMatched = true
    let aged = check.evaluate(group)
    #expect(aged.status == .ok)
    if case .checked(let row, _, let rate, let regressed) = aged {
      #expect(row.metric == 7200 && row.errors == 144 && rate == .pass && !regressed)
    } else {
      Issue.record("not checked: \(check.line(for: aged, window: Self.window))")
    }
    var baseline = try ReleaseCheck(
      config: config, groupID: "sessions", target: .value("1.0"), minStability: nil, maxRate: 2.5)
    baseline.ageMatched = true
    let notComparable = baseline.evaluate(group)
    #expect(notComparable.status == .noData)
    #expect(
      baseline.line(for: notComparable, window: Self.window).contains(
        "the release hour of its baseline 0.9 is unknown"))
  }

  @Test func theReleaseHistoryMeasuresEveryReleaseOverItsFirstHours() throws {
    let releases = try scores().releases
    // Newest first; 0.9 has no release hour.
    #expect(releases.map(\.value.string) == ["2.1", "2.0", "1.1", "1.0"])
    #expect(releases[2].hours == 72 && releases[2].metric == 7200 && releases[2].errors == 144)
    // 2.0: ℓ = 7 days; 72 h / 2 + 96 h × 2 = 228 errors in 16,800.
    #expect(releases[1].hours == 168 && releases[1].errors == 228)
    // 1.0: ℓ = min(7d, Nov 27 − Nov 12) = 168 h; 72 h × 2 + 96 h / 2 = 192 errors in 16,800.
    #expect(releases[3].hours == 168 && releases[3].metric == 16_800 && releases[3].errors == 192)
    #expect(releases[3].rate == 192.0 / 16_800)
    #expect(releases[3].stability == 1 - 192.0 / 16_800)
    let garwood = try #require(releases[3].rateLow)
    #expect(garwood > 0 && garwood < 192.0 / 16_800)
  }
}
