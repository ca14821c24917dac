import Foundation

/// Threshold comparisons that are exact at the boundary (issue 22): the
/// figures and the threshold are compared as decimals, in the form without
/// division — `100 × (M − I) ≥ P × M`, `E × scale ≤ R × M` — so 7 errors in
/// 1000 sessions meet `--max-rate 0.7` and 6 impacted in 125 meet 95.2%,
/// where binary floating point says 0.7000000000000001 and 95.19999….
enum Threshold {
  /// Whether the stability `1 − min(1, impacted / metric)`, in percent, is at least `percent`.
  static func stability(impacted: Int64, metric: Double, atLeast percent: Double) -> Bool {
    let metric = decimal(metric)
    let impacted = min(Decimal(impacted), metric)
    return 100 * (metric - impacted) >= decimal(percent) * metric
  }

  /// Whether `errors / metric × scale` is at most `limit` (`scale` 100 for
  /// percent, a group's `per` for amounts).
  static func rate(errors: Int64, metric: Double, scale: Double, atMost limit: Double) -> Bool {
    Decimal(errors) * decimal(scale) <= decimal(limit) * decimal(metric)
  }

  /// The decimal a user wrote: Swift prints a double as the shortest text
  /// that reads back as it (95.2, not 95.2000000000000028…).
  private static func decimal(_ value: Double) -> Decimal {
    Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
  }
}
