import StabilityCore
import StabilityReport
import StabilityStore
import StabilityTestSupport
import Testing

/// Issue 22: thresholds are exact at the boundary and nonsense thresholds
/// are usage errors.
@Suite struct ThresholdTests {
  /// The week the check lines describe.
  static let window = ReportWindow(start: TestTime.nov20, end: TestTime.nov27, timezone: "UTC")

  /// One version with `sessions` sessions and `crashes` crashes (each its own session).
  func sessionsScores(sessions: Double, crashes: Int64, target: Double? = nil) throws
    -> (Config, GroupScores)
  {
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      metric_groups:
        - id: sessions
          kind: count
          \(target.map { "target: \($0)" } ?? "")
          attributes: [{name: version, default: unknown}]
      """)
    let config = try workspace.config()
    let store = try Store(path: config.storePath)
    let hour = TestTime.nov20 + 3600
    try StoreSeeder.seed(
      store, importer: "seed",
      metrics: [StoreSeeder.metric("sessions", [("version", "1.0")], at: hour, sessions)],
      errors: [
        StoreSeeder.errors(
          "crash", [("version", "1.0")], at: hour, count: crashes, impacted: crashes)
      ])
    let scores = try ScoreCalculator(config: config, store: store).scores(
      window: ReportWindow(start: TestTime.nov20, end: TestTime.nov27, timezone: "UTC"),
      generatedAt: TestTime.nov27)
    return (config, try #require(scores.groups.first))
  }

  func check(
    _ config: Config, _ group: GroupScores, minStability: Double? = nil, maxRate: Double? = nil
  )
    throws -> (ReleaseCheck, ReleaseCheck.Outcome)
  {
    let check = try ReleaseCheck(
      config: config, groupID: "sessions", target: .value("1.0"), minStability: minStability,
      maxRate: maxRate)
    return (check, check.evaluate(group))
  }

  /// The gate decides on the Garwood interval of 7 in 1000: 0.281%–1.44%
  /// (scipy chi2.ppf). Against 2% it passes, against 0.2% it fails; against
  /// 0.7% — exactly the rate, where binary floating point says
  /// 0.7000000000000001 — it holds, and no amount of data at that rate
  /// would decide, so the line names no amount.
  @Test func aRateExactlyAtMaxRateHoldsWithNoAmountThatDecides() throws {
    let (config, group) = try sessionsScores(sessions: 1000, crashes: 7)
    let (check, at) = try check(config, group, maxRate: 0.7)
    #expect(at.status == .noData)
    #expect(
      check.line(for: at, window: Self.window).hasSuffix(
        "→ HOLD, not enough evidence yet (the rate interval straddles 0.7%, and so does the "
          + "figure itself)"), "\(check.line(for: at, window: Self.window))")
    #expect(try self.check(config, group, maxRate: 2).1.status == .ok)
    let (_, over) = try self.check(config, group, maxRate: 0.2)
    #expect(over.status == .failed)
    #expect(check.line(for: over, window: Self.window).hasSuffix("→ FAIL (rate above threshold)"))
  }

  /// 87 of 640 impacted is 86.40625% (Wilson 83.53%–88.80%): against 86.41
  /// it holds, and the line shows the digits that say which side the figure
  /// is on instead of "86.41% … threshold ≥ 86.41%".
  @Test func aValueThatRoundsToTheThresholdShowsTheDigitsThatDecide() throws {
    let (config, group) = try sessionsScores(sessions: 640, crashes: 87)
    let (check, outcome) = try check(config, group, minStability: 86.41)
    #expect(outcome.status == .noData)
    #expect(
      check.line(for: outcome, window: Self.window).contains(
        "stability at least 86.40625% (95% CI"),
      "\(check.line(for: outcome, window: Self.window))")
  }

  /// 1 − 6/125 = 95.2% (binary: 95.19999999999999) meets a `target` of 95.2
  /// exactly. The gate on 95.2 holds (Wilson 89.92%–97.78%) with no amount
  /// that decides; on 95.3 it holds too: the figure, counted from the error
  /// rows, is a lower bound below the bar, and more data at this rate would
  /// not fail it, so no amount is named.
  @Test func aStabilityExactlyAtTheTargetIsOkAndTheGateHolds() throws {
    let (config, group) = try sessionsScores(sessions: 125, crashes: 6, target: 95.2)
    #expect(group.by[0].values[0].status == .ok)
    let (check, outcome) = try check(config, group, minStability: 95.2)
    #expect(outcome.status == .noData)
    #expect(
      check.line(for: outcome, window: Self.window).hasSuffix("and so does the figure itself)"))
    let (stricter, under) = try self.check(config, group, minStability: 95.3)
    #expect(under.status == .noData)
    #expect(
      stricter.line(for: under, window: Self.window).hasSuffix(
        "(the stability is below 95.3% as counted, but the count is a lower bound and the true "
          + "stability may be higher)"))
  }

  /// Issue 22: rates of crashes per session live around 0.004%; two
  /// decimals showed 40 and 80 in 1M both as `0.00%` and stability `100.00%`.
  @Test func smallRatesAndHighStabilitiesKeepThreeSignificantDigits() throws {
    let (config, forty) = try sessionsScores(sessions: 1e6, crashes: 40)
    let (check, outcome) = try check(config, forty, minStability: 99.99, maxRate: 0.01)
    // Garwood for 40: [28.58, 54.47] / 1e6; stability 1 − 40/1e6 with Wilson
    // 1 − [2.9377e-5, 5.4464e-5] (python: center ± half-width at z = 1.96).
    #expect(
      check.line(for: outcome, window: Self.window).contains(
        "stability at least 99.99600% (95% CI 99.99455%–99.99707%), threshold ≥ 99.99%; rate 0.00400% "
          + "(95% CI 0.00285%–0.00545%)"), "\(check.line(for: outcome, window: Self.window))")
    let (_, eighty) = try sessionsScores(sessions: 1e6, crashes: 80)
    let (_, doubled) = try self.check(config, eighty, maxRate: 0.01)
    #expect(
      check.line(for: doubled, window: Self.window).contains(
        "rate 0.00800% (95% CI 0.00634%–0.00996%)"))
  }

  @Test(
    arguments: [
      (
        0.995, nil, "--min-stability 0.995 is not a stability percent in (50, 100]",
        "Did you mean 99.5?"
      ),
      (150, nil, "--min-stability 150 is not a stability percent", nil),
      (.nan, nil, "--min-stability nan is not a stability percent", nil),
      (nil, .infinity, "--max-rate inf is not a rate", nil),
      (nil, -1, "--max-rate -1 is not a rate", nil),
    ] as [(Double?, Double?, String, String?)])
  func nonsenseThresholdsAreUsageErrors(
    minStability: Double?, maxRate: Double?, message: String, hint: String?
  ) throws {
    let (config, _) = try sessionsScores(sessions: 1000, crashes: 7)
    do {
      _ = try ReleaseCheck(
        config: config, groupID: "sessions", target: .latest(includePrereleases: false),
        minStability: minStability,
        maxRate: maxRate)
      Issue.record("accepted \(String(describing: minStability)) \(String(describing: maxRate))")
    } catch {
      let words = error.usageError.message
      #expect(words.hasPrefix(message), "\(words)")
      if let hint { #expect(words.contains(hint), "\(words)") }
    }
  }

  /// A typo in the group is a usage error that names the nearest group.
  @Test func aMistypedGroupNamesTheNearestOne() throws {
    let (config, _) = try sessionsScores(sessions: 1000, crashes: 7)
    do {
      _ = try ReleaseCheck(
        config: config, groupID: "sessoins", target: .latest(includePrereleases: false),
        minStability: 99, maxRate: nil)
      Issue.record("accepted a group that does not exist")
    } catch {
      #expect(
        error.usageError.message.hasPrefix(
          "no metric group named `sessoins`. Did you mean `sessions`? Groups: sessions"),
        "\(error.usageError.message)")
    }
  }
}
