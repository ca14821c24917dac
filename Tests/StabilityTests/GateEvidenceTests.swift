import Testing

@testable import StabilityReport

/// The gate decides on intervals (method §6): pass when the whole 95%
/// interval clears the threshold, fail when it misses it, hold otherwise
/// with the metric that would decide. Bounds by hand (Wilson with z =
/// 1.959963984540054; Garwood from scipy's chi2.ppf).
@Suite struct GateEvidenceTests {
  /// A release two hours old: 138 sessions, none impacted. Stability 100%,
  /// but the Wilson interval is 1 − z²/(n + z²) = 97.29%–100%: below 99.5
  /// at its lower end, so it holds. It would clear 99.5 from n = z²·(1/0.005
  /// − 1) = 3.8414588… × 199 = 764.45 sessions: 626.45 more, "about 630".
  @Test func aYoungReleaseWithoutCrashesHolds() throws {
    let decision = ThresholdDecision.stability(impacted: 0, metric: 138, atLeast: 99.5, exact: true)
    guard case .hold(let more?) = decision else {
      Issue.record("\(decision)")
      return
    }
    #expect(abs(more - 626.45) < 0.001 * 764.45)
    #expect(FigureText.roughly(more) == "630")
  }

  /// 100 impacted in 100,000 (99.9%, interval 99.878%–99.918%) passes 99.5;
  /// 100 in 10,000 (99.0%, 98.785%–99.177%) fails it.
  @Test func clearCasesPassAndFail() {
    #expect(
      ThresholdDecision.stability(impacted: 100, metric: 100_000, atLeast: 99.5, exact: true)
        == .pass)
    #expect(
      ThresholdDecision.stability(impacted: 100, metric: 10_000, atLeast: 99.5, exact: true)
        == .fail)
  }

  /// Counted from the error rows, 100 in 10,000 is at most 1.0% impacted:
  /// the interval below 99.5% cannot fail the true stability, which may be
  /// higher, so it holds; one that clears the bar still passes.
  @Test func aLowerBoundBelowTheBarHoldsAndOneAboveItPasses() {
    #expect(
      ThresholdDecision.stability(impacted: 100, metric: 10_000, atLeast: 99.5, exact: false)
        == .belowAsLowerBound)
    #expect(
      ThresholdDecision.stability(impacted: 100, metric: 100_000, atLeast: 99.5, exact: false)
        == .pass)
    // 12 in 2,000 is 99.4% (98.954%–99.656%): straddling and leaning below,
    // more data at this rate would not fail a lower bound either — no
    // amount is named. 8 in 2,000 (99.6%) leans above: more would pass it.
    #expect(
      ThresholdDecision.stability(impacted: 12, metric: 2000, atLeast: 99.5, exact: false)
        == .belowAsLowerBound)
    guard
      case .hold(let more?) = ThresholdDecision.stability(
        impacted: 8, metric: 2000, atLeast: 99.5, exact: false)
    else {
      Issue.record("no hold with an amount")
      return
    }
    #expect(abs(more - 17_111.27) < 0.001 * 19_111.27)
  }

  /// 8 impacted in 2,000 (99.6%, interval 99.213%–99.797%) straddles 99.5:
  /// at the same 0.4% it clears from 19,111 sessions, 17,111 more (bisection
  /// over the same Wilson formula), "about 17,000".
  @Test func aStraddlingReleaseSaysHowMuchMoreWouldDecide() throws {
    let decision = ThresholdDecision.stability(
      impacted: 8, metric: 2000, atLeast: 99.5, exact: true)
    guard case .hold(let more?) = decision else {
      Issue.record("\(decision)")
      return
    }
    #expect(abs(more - 17_111.27) < 0.001 * 19_111.27)
    #expect(FigureText.roughly(more) == "17,000")
    // Exactly at the threshold no amount of data decides.
    #expect(
      ThresholdDecision.stability(impacted: 10, metric: 2000, atLeast: 99.5, exact: true)
        == .hold(moreMetric: nil))
  }

  /// Rates: 3 errors in 1,000 is 0.3% with a Garwood interval of
  /// 0.0619%–0.877%: against 0.5% it holds, clearing it at the same rate
  /// from 4,792.65 (the 97.5% gamma quantile of 0.003n + 1, ÷ n ≤ 0.005);
  /// against 1% it passes, against 0.05% it fails.
  @Test func ratesDecideOnTheGarwoodInterval() throws {
    #expect(ThresholdDecision.rate(errors: 3, metric: 1000, atMost: 1, scale: 100) == .pass)
    #expect(ThresholdDecision.rate(errors: 3, metric: 1000, atMost: 0.05, scale: 100) == .fail)
    guard
      case .hold(let more?) = ThresholdDecision.rate(
        errors: 3, metric: 1000, atMost: 0.5, scale: 100)
    else {
      Issue.record("no hold")
      return
    }
    #expect(abs(more - 3792.65) < 0.001 * 4792.65)
  }
}
