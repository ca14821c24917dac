import Foundation
import StabilityCore
import Testing

@testable import StabilityReport

/// Issue 31.11: figures and text that stay true at the edges — data that
/// cannot reformat a Slack message, plurals, numbers past 10^12, a change
/// past a million percent, min_volume with its real digits.
@Suite struct FigureLimitsTests {
  @Test func slackTextFromDataCannotFormatOrBreakLines() {
    let fingerprint = "*bold* _it_ ~gone~ `code`\nsecond line\r\t<!here> & co"
    let escaped = Digest.slackEscape(fingerprint)
    let z = "\u{200B}"
    #expect(
      escaped
        == "\(z)*\(z)bold\(z)*\(z) \(z)_\(z)it\(z)_\(z) \(z)~\(z)gone\(z)~\(z) \(z)`\(z)code\(z)`\(z)"
        + " second line  &lt;!here&gt; &amp; co")
    // Every formatting character sits between two zero-width spaces.
    let scalars = Array(escaped.unicodeScalars)
    for (index, scalar) in scalars.enumerated() where "*_~`".unicodeScalars.contains(scalar) {
      #expect(scalars[index - 1] == "\u{200B}" && scalars[index + 1] == "\u{200B}")
    }
    #expect(!escaped.contains("\n") && !escaped.contains("\r"))
  }

  @Test(arguments: [
    (1, "1 error"), (0, "0 errors"), (2, "2 errors"), (-1, "-1 errors"),
  ])
  func countsHaveTheirNounInTheRightNumber(count: Int, expected: String) {
    #expect(Plural.of(count, "error") == expected)
  }

  @Test(arguments: [
    (950.0, "950"), (12_345.0, "12.3k"), (3.4e9, "3.4B"), (999e9, "999B"),
    (1e12, "1.0e12"), (1e15, "1.0e15"), (2.5e18, "2.5e18"),
  ])
  func largeMetricsAreShownInAFormThatStaysTrue(value: Double, expected: String) {
    #expect(DisplayFormat.compact(value) == expected)
  }

  @Test func aChangePastAMillionPercentIsNotShownAsFakeDigits() {
    // A rate up from 1e-16 to 1: (1 − 1e-16) / 1e-16 ≈ 1e16, shown as +99999999999999792.0% before.
    let ratio = RateRatio(ratio: 2, low: 1, high: 4)
    #expect(FigureText.delta(1 / 1e-16 - 1, ratio: ratio) == "> +1,000,000%")
    #expect(FigureText.delta(9_999.99, ratio: ratio) == "+999999.0%")
    #expect(FigureText.delta(-0.25, ratio: ratio) == "−25.0%")
    #expect(FigureText.delta(.nan, ratio: ratio) == "n/a")
  }

  /// Errors where the baseline had none: no ratio, a lower bound only (the
  /// check line read "calendar n/a (regressed)").
  @Test func aChangeFromNoErrorsSaysSo() {
    #expect(FigureText.delta(nil, ratio: RateRatio(low: 3.1)) == "up from none")
    // No errors on either side: no bounds, nothing to say.
    #expect(FigureText.delta(nil, ratio: RateRatio()) == "n/a")
  }

  @Test func minVolumeMessagesShowTheMetricsRealDigits() throws {
    // 99.99 rounded to one decimal is 100.0: "only 100.0 of metric, below 100" contradicted itself.
    let (config, _) = try ThresholdTests().sessionsScores(sessions: 1000, crashes: 7)
    let check = try ReleaseCheck(
      config: config, groupID: "sessions", target: .value("1.0"), minStability: 99, maxRate: nil)
    let line = check.line(
      for: .insufficient(value: "1.0", metric: 99.99), window: ThresholdTests.window)
    #expect(
      line
        == "sessions version 1.0: only 99.99 sessions, below min_volume 100 → INSUFFICIENT DATA")
  }
}
