import StabilityCore

extension ReleaseCheck {
  /// The one line `stability check` prints for `outcome`; with `stale`
  /// problems (SPEC §6: failed or late importers, gaps) the check refuses
  /// to pass and names them, unless `allowStale`, which the line then says.
  public func line(for outcome: Outcome, stale: [String] = [], allowStale: Bool = false) -> String {
    let found = line(for: outcome)
    guard !stale.isEmpty else { return found }
    let problems = stale.joined(separator: "; ")
    if allowStale { return "\(found) — stale data allowed by --allow-stale: \(problems)" }
    let figures = found.components(separatedBy: " → ").dropLast().joined(separator: " → ")
    return "\(figures) → NOT CHECKED, the data is not fresh: \(problems). Re-run or fix the "
      + "importers (`stability status` says how), or pass --allow-stale to check anyway"
  }

  /// The exit status for `outcome` with `stale` problems: 4 (no trustworthy
  /// data) unless `allowStale`.
  public func status(for outcome: Outcome, stale: [String], allowStale: Bool) -> ExitStatus {
    stale.isEmpty || allowStale ? outcome.status : .noData
  }

  private func line(for outcome: Outcome) -> String {
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
      let failed = [
        stabilityPassed == false ? "stability below threshold" : nil,
        ratePassed == false ? "rate above threshold" : nil,
      ].compactMap { $0 }
      let verdict = failed.isEmpty ? "PASS" : "FAIL (\(failed.joined(separator: ", ")))"
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
