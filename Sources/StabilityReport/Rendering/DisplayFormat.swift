import Foundation
import StabilityCore

/// Human number formats shared by the command line and the pages:
/// `12.3k`, `1.2M`, `99.52%`, `3.1 per 1k min`.
enum DisplayFormat {
  /// A percentage that tells apart what differs: at least two decimals, and
  /// three significant digits of whichever is smaller, the value or its
  /// distance to 100% — `0.9952` → `99.52%`, 40 in 1M → `0.00400%`, its
  /// stability `99.99600%`. Only exact 0 and 1 show as `0%` and `100%`; what
  /// is closer than 1e-8 to them says so (`<0.0000001%`).
  package static func percent(_ fraction: Double) -> String {
    percent(fraction, decimals: decimals(fraction))
  }

  /// An interval's bounds with one number of decimals (the more either
  /// needs), the lower rounded down and the upper up: the shown interval
  /// always holds the true one, so a bound never seems to clear a
  /// threshold it misses (98.998% never reads `99.00%`).
  package static func percentInterval(_ low: Double, _ high: Double) -> String {
    let places = max(decimals(low) ?? 2, decimals(high) ?? 2)
    return percent(low, decimals: places, rounding: .down) + "–"
      + percent(high, decimals: places, rounding: .up)
  }

  /// The decimals `percent` shows `fraction` with; nil for what it shows
  /// without (0, 100%, non-finite, nearer than 1e-7 to those).
  private static func decimals(_ fraction: Double) -> Int? {
    let value = 100 * fraction
    let nearest = min(abs(value), abs(100 - value))
    guard value.isFinite, nearest >= 1e-7 else { return nil }
    return max(2, 2 - Int(floor(log10(nearest))))
  }

  private static func percent(
    _ fraction: Double, decimals: Int?, rounding: FloatingPointRoundingRule? = nil
  ) -> String {
    let value = 100 * fraction
    guard value.isFinite else { return "n/a" }
    if value == 0 || value == 100 { return "\(Int(value))%" }
    guard let decimals else { return value < 50 ? "<0.0000001%" : ">99.9999999%" }
    guard let rounding else { return String(format: "%.\(decimals)f%%", value) }
    let scale = pow(10, Double(decimals))
    // Never rounded onto 0% or 100%: only exact figures read so.
    let rounded = min(max((value * scale).rounded(rounding) / scale, 1 / scale), 100 - 1 / scale)
    return String(format: "%.\(decimals)f%%", rounded)
  }

  /// Three significant digits without exponent: `0.000123`, `12.3`, `1230`.
  static func significant(_ value: Double) -> String {
    guard value != 0, value.isFinite else { return "0" }
    let magnitude = Int(floor(log10(abs(value))))
    let decimals = max(0, 2 - magnitude)
    return String(format: "%.\(decimals)f", value)
  }

  /// Compact counts: `950`, `12.3k`, `1.2M`, `3.4B`; from 10^12 on, in
  /// powers of ten (`1.0e15`), never a misleading `1000000B`.
  static func compact(_ value: Double) -> String {
    if abs(value) >= 1e12, value.isFinite {
      return String(format: "%.1e", value).replacingOccurrences(of: "e+", with: "e")
    }
    let units: [(Double, String)] = [(1e9, "B"), (1e6, "M"), (1e3, "k")]
    for (scale, suffix) in units where abs(value) >= scale {
      let scaled = value / scale
      let whole = scaled >= 100 || scaled == scaled.rounded()
      return String(format: whole ? "%.0f" : "%.1f", scaled) + suffix
    }
    return value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
  }

  /// A rate interval: `0.51%–0.72%` or `0.598–2.02 per 1k`.
  static func rateInterval(_ low: Double, _ high: Double, group: MetricGroup) -> String {
    switch group.kind {
    case .count: return percentInterval(low, high)
    case .amount:
      return
        "\(significant(low * group.per))–\(significant(high * group.per)) per \(compact(group.per))"
    }
  }

  /// A number as the user typed it: `2`, `99.5`.
  static func plain(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
  }

  /// A rate as pages show it: percent for count groups, errors per `per` units for amount groups.
  package static func rate(_ rate: Double, group: MetricGroup) -> String {
    switch group.kind {
    case .count: return percent(rate)
    case .amount: return "\(significant(rate * group.per)) per \(compact(group.per))"
    }
  }
}
