import StabilityCore

/// `stability check`: one version's stability or rate against a threshold (SPEC §6).
public struct ReleaseCheck {
  /// Which value to check.
  public enum Target: Sendable {
    /// A named value.
    case value(String)
    /// The newest value (natural order) with data in the window.
    case latest
  }

  /// The metric group.
  public let group: MetricGroup
  /// The attribute checked (normally `version`).
  public let attribute: LinkedAttribute
  /// The value to check.
  public let target: Target
  /// Minimum stability in percent (count groups).
  public let minStability: Double?
  /// Maximum rate in display units (percent for count groups, errors per `per` for amount).
  public let maxRate: Double?

  /// Resolves the group, attribute and thresholds; throws `UsageError` for impossible requests.
  public init(
    config: Config, groupID: String, target: Target, minStability: Double?, maxRate: Double?
  ) throws {
    guard let group = config.group(id: groupID) else {
      throw UsageError(
        "no metric group named `\(groupID)`. Groups: \(config.groups.map(\.id).joined(separator: ", "))."
      )
    }
    guard
      let attribute = group.attribute(named: "version") ?? group.attributes.first(where: \.ordered)
        ?? group.attributes.first
    else { throw UsageError("group `\(groupID)` links no attribute to check.") }
    if minStability != nil, group.kind == .amount {
      throw UsageError(
        "--min-stability applies to count groups; `\(groupID)` is an amount group: use --max-rate "
          + "(errors per \(DisplayFormat.compact(group.per)))."
      )
    }
    let defaultMinimum = minStability == nil && maxRate == nil ? group.target : nil
    guard minStability != nil || maxRate != nil || defaultMinimum != nil else {
      throw UsageError(
        "give a threshold: --min-stability P (percent) or --max-rate R, or set `target` on group `\(groupID)`."
      )
    }
    self.group = group
    self.attribute = attribute
    self.target = target
    self.minStability = minStability ?? defaultMinimum
    self.maxRate = maxRate
  }

  /// The config to compute scores with: this group, grouped by the checked attribute.
  public func scoringConfig(_ config: Config) -> Config {
    var copy = config
    copy.report.normalizeBy = [group.id]
    copy.report.groupBy[group.id] = [attribute.name]
    return copy
  }

  /// The verdict line and exit status for the computed group scores.
  public func evaluate(_ scores: GroupScores) -> (line: String, status: ExitStatus) {
    let rows = scores.by.first?.values ?? []
    let row: ValueScores?
    let label: String
    switch target {
    case .value(let value):
      row = rows.first { $0.value == ByteString(value) }
      label = value
    case .latest:
      row = rows.first { !$0.isDefault && $0.metric > 0 }
      label = row?.value.string ?? "(latest)"
    }
    let subject = "\(group.id) \(attribute.name) \(label)"
    guard let row, row.metric > 0, let rate = row.rate else {
      return ("\(subject): no data in the window → NO DATA", .noData)
    }
    if row.metric < group.minVolume {
      return (
        "\(subject): only \(DisplayFormat.compact(row.metric)) of metric, below min_volume "
          + "\(DisplayFormat.compact(group.minVolume)) → INSUFFICIENT DATA", .noData
      )
    }
    var parts: [String] = []
    var passed = true
    if let minStability, let stability = row.stability {
      let ok = 100 * stability >= minStability
      passed = passed && ok
      parts.append(
        "stability \(DisplayFormat.percent(stability)) (95% CI \(interval(row.stabilityLow, row.stabilityHigh))), "
          + "threshold ≥ \(DisplayFormat.plain(minStability))%")
    }
    if let maxRate {
      let shown = group.kind == .count ? 100 * rate : rate * group.per
      let ok = shown <= maxRate
      passed = passed && ok
      parts.append(
        "rate \(DisplayFormat.rate(rate, group: group)) (95% CI \(interval(row.rateLow, row.rateHigh, rate: true))), "
          + "threshold ≤ \(DisplayFormat.plain(maxRate))\(group.kind == .count ? "%" : "")")
    }
    let verdict = passed ? "PASS" : "FAIL (below threshold)"
    return ("\(subject): \(parts.joined(separator: "; ")) → \(verdict)", passed ? .ok : .failed)
  }

  private func interval(_ low: Double?, _ high: Double?, rate: Bool = false) -> String {
    guard let low, let high else { return "n/a" }
    if rate { return DisplayFormat.rateInterval(low, high, group: group) }
    return "\(DisplayFormat.percent(low))–\(DisplayFormat.percent(high))"
  }
}
