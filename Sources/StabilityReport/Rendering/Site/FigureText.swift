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
    return "\(DisplayFormat.percent(low))–\(DisplayFormat.percent(high))"
  }

  /// A relative change: `+12.5%`, `−3.0%`, `±0.0%`; a rise past a million
  /// percent (a rate up from almost nothing) is `> +1,000,000%`, not fake digits.
  static func delta(_ value: Double?) -> String {
    guard let value, !value.isNaN else { return "n/a" }
    if 100 * value >= 1e6 { return "> +1,000,000%" }
    let text = String(format: "%.1f%%", abs(100 * value))
    return value > 0 ? "+" + text : (value < 0 ? "−" + text : "±" + text)
  }

  /// A CSS class name for a status or verdict: `ok`, `below-target`, ….
  static func cssClass(_ text: String) -> String {
    text.replacingOccurrences(of: " ", with: "-")
  }
}
