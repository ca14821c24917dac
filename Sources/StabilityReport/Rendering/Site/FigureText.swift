import Foundation
import StabilityCore

/// Figures as the pages show them.
enum FigureText {
  static func count(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    var grouped = ""
    for (index, character) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
      grouped.append(character)
    }
    return value < 0 ? "-" + grouped : grouped
  }

  /// At most `limit` characters, with `…` when cut (tables stay readable with
  /// 10,000-character fingerprints; the full value is on its page and in scores.json).
  static func short(_ text: String, limit: Int = 120) -> String {
    text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
  }

  static func metric(_ value: Double) -> String { DisplayFormat.compact(value) }

  static func share(_ value: Double?) -> String {
    value.map { String(format: "%.1f%%", 100 * $0) } ?? "n/a"
  }

  static func rate(_ value: Double?, group: MetricGroup) -> String {
    value.map { DisplayFormat.rate($0, group: group) } ?? "n/a"
  }

  static func interval(_ low: Double?, _ high: Double?, group: MetricGroup) -> String {
    guard let low, let high else { return "" }
    return DisplayFormat.rateInterval(low, high, group: group)
  }

  static func stabilityInterval(_ low: Double?, _ high: Double?) -> String {
    guard let low, let high else { return "" }
    return DisplayFormat.percentInterval(low, high)
  }

  /// A relative change: `+12.5%`, `−3.0%`, `±0.0%`; a rise past a million
  /// percent (a rate up from almost nothing) is `> +1,000,000%`, not fake
  /// digits; errors where the baseline had none (its rate ratio bounded
  /// below only) are `up from none`.
  static func delta(_ value: Double?, ratio: RateRatio) -> String {
    if value == nil, ratio.low != nil, ratio.high == nil { return "up from none" }
    return delta(value)
  }

  private static func delta(_ value: Double?) -> String {
    guard let value, !value.isNaN else { return "n/a" }
    if 100 * value >= 1e6 { return "> +1,000,000%" }
    let text = String(format: "%.1f%%", abs(100 * value))
    return value > 0 ? "+" + text : (value < 0 ? "−" + text : "±" + text)
  }

  /// An amount to two significant digits with separators: 626 → `630`,
  /// 24,381 → `24,000`; below 10 as it is rounded up (`3`).
  static func roughly(_ value: Double) -> String {
    guard value >= 10 else { return count(Int64(value.rounded(.up))) }
    let scale = pow(10, floor(log10(value)) - 1)
    let rounded = (value / scale).rounded() * scale
    return rounded < 9e18 ? count(Int64(rounded)) : DisplayFormat.compact(rounded)
  }

  /// A group's `min_change` as the user wrote it: `10%`, `2.5%`.
  static func change(_ fraction: Double) -> String {
    DisplayFormat.plain((100 * fraction * 1e9).rounded() / 1e9) + "%"
  }

  /// A stability as pages say it: "98.40%", or "at least 98.40%" (`short`:
  /// "≥ 98.40%") when I(v) is the error rows' sum — a unit hit twice counts
  /// twice, so the figure is a lower bound. With no unit hit it is exact.
  static func stability(
    _ stability: Double, basis: ImpactedBasis, impacted: Int64, short: Bool = false
  ) -> String {
    let figure = DisplayFormat.percent(stability)
    guard basis.isLowerBound(impacted: impacted) else { return figure }
    return (short ? "≥ " : "at least ") + figure
  }

  /// A rate ratio to three significant digits: `2.30×`, `0.915×`, `12.4×`.
  static func ratio(_ value: Double) -> String {
    if value >= 1e6 { return "> 1,000,000×" }
    let digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3
    return String(format: "%.\(digits)f×", value)
  }

  /// A ratio's 95% interval: `1.90–2.80×`, or `from 1.18×` when unbounded.
  static func ratioInterval(_ ratio: RateRatio) -> String {
    guard let low = ratio.low else { return "" }
    guard let high = ratio.high else { return "from \(Self.ratio(low))" }
    return "\(Self.ratio(low).dropLast())–\(Self.ratio(high))"
  }

  /// What a comparison shows, with its evidence (method §3, §5): "2.30×
  /// the rate of 3.16.2, 95% interval 1.90–2.80×", "… — not enough
  /// evidence to call a change of 10% either way", "within 10% either
  /// way (0.92–1.09×)".
  static func ratioClause(
    _ ratio: RateRatio, verdict: Verdict, previous: String, minChange: Double
  ) -> String {
    let change = Self.change(minChange)
    guard ratio.low != nil else { return "no errors in either" }
    let figure =
      ratio.ratio.map { "\(Self.ratio($0)) the rate of \(previous)" }
      ?? "errors where \(previous) had none"
    let interval = "95% interval \(ratioInterval(ratio))"
    switch verdict {
    case .regressed, .improved:
      return "\(figure), \(interval)"
    case .unchanged:
      return "\(figure), within \(change) either way (\(interval))"
    case .inconclusive:
      return "\(figure), \(interval): too wide to tell a change of \(change) from none"
    case .insufficientData:
      return "\(figure), \(interval)"
    }
  }

  /// A CSS class name for a status or verdict: `ok`, `below-target`, ….
  static func cssClass(_ text: String) -> String {
    text.replacingOccurrences(of: " ", with: "-")
  }
}
