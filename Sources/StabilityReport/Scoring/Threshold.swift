import Foundation

/// Figures compared with a threshold exactly at the boundary (issue 22):
/// as decimals, in the form without division — `100 × (M − I) ≥ P × M`,
/// `E × scale = R × M` — so 6 impacted in 125 meet 95.2% and 7 errors in
/// 1000 are exactly 0.7%, where binary floating point says 95.19999… and
/// 0.7000000000000001. A group's `target` and `critical` use it; the gate
/// decides on intervals (`ThresholdDecision`) and uses it to tell a figure
/// exactly at the threshold.
enum Threshold {
  /// Whether the stability `1 − min(1, impacted / metric)`, in percent, is at least `percent`.
  static func stability(impacted: Int64, metric: Double, atLeast percent: Double) -> Bool {
    let metric = decimal(metric)
    let impacted = min(Decimal(impacted), metric)
    return 100 * (metric - impacted) >= decimal(percent) * metric
  }

  /// Whether the stability is exactly `percent` (no amount of data at this
  /// figure would move its interval off the threshold).
  static func stability(impacted: Int64, metric: Double, equals percent: Double) -> Bool {
    let metric = decimal(metric)
    let impacted = min(Decimal(impacted), metric)
    return 100 * (metric - impacted) == decimal(percent) * metric
  }

  /// Whether `errors / metric × scale` is exactly `limit`.
  static func rate(errors: Int64, metric: Double, scale: Double, equals limit: Double) -> Bool {
    Decimal(errors) * decimal(scale) == decimal(limit) * decimal(metric)
  }

  /// The decimal a user wrote: Swift prints a double as the shortest text
  /// that reads back as it (95.2, not 95.2000000000000028…).
  private static func decimal(_ value: Double) -> Decimal {
    Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
  }
}
