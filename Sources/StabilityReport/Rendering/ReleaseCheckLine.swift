import StabilityCore

extension ReleaseCheck {
  /// The one line `stability check` prints for `outcome`.
  public func line(for outcome: Outcome) -> String {
    switch outcome {
    case .noData(let value):
      return "\(subject(value)): no data in the window → NO DATA"
    case .insufficient(let value, let metric):
      return "\(subject(value)): only \(DisplayFormat.compact(metric)) of metric, below min_volume "
        + "\(DisplayFormat.compact(group.minVolume)) → INSUFFICIENT DATA"
    case .checked(let row, let stabilityPassed, let ratePassed):
      var parts: [String] = []
      if let minStability, stabilityPassed != nil, let stability = row.stability {
        parts.append(
          "stability \(DisplayFormat.percent(stability)) (95% CI \(interval(row.stabilityLow, row.stabilityHigh))), "
            + "threshold ≥ \(DisplayFormat.plain(minStability))%")
      }
      if let maxRate, ratePassed != nil, let rate = row.rate {
        parts.append(
          "rate \(DisplayFormat.rate(rate, group: group)) (95% CI \(interval(row.rateLow, row.rateHigh, rate: true))), "
            + "threshold ≤ \(DisplayFormat.plain(maxRate))\(group.kind == .count ? "%" : "")")
      }
      let verdict = outcome.status == .ok ? "PASS" : "FAIL (below threshold)"
      return "\(subject(row.value.string)): \(parts.joined(separator: "; ")) → \(verdict)"
    }
  }

  private func subject(_ value: String) -> String { "\(group.id) \(attribute.name) \(value)" }

  private func interval(_ low: Double?, _ high: Double?, rate: Bool = false) -> String {
    guard let low, let high else { return "n/a" }
    if rate { return DisplayFormat.rateInterval(low, high, group: group) }
    return "\(DisplayFormat.percent(low))–\(DisplayFormat.percent(high))"
  }
}
