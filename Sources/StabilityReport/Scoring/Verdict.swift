import StabilityCore

/// What comparing a value's rate with its baseline's says (README, "How the
/// numbers are made"). The raw values are the stable codes `scores.json` and
/// the digest snapshot keep; the words a reader sees are made in Rendering
/// (`Verdict.words`), so rewording never changes a stored code.
package enum Verdict: String, Sendable, Codable, CaseIterable {
  /// The rate rose significantly (the ratio's interval lies above 1) and
  /// by at least the group's `min_change`.
  case regressed
  /// The rate fell significantly and by at least `min_change`.
  case improved
  /// The interval shows the change is within `min_change` either way (or
  /// neither side has an error).
  case unchanged
  /// Not enough evidence to call it either way: a small or young version.
  case inconclusive
  /// Either side has less metric than the group's `min_volume`.
  case insufficientData = "insufficient data"

  /// The verdict on `ratio` when the value has `metric` and its baseline
  /// `previousMetric` (both at least `group.minVolume` to decide), with
  /// `c = group.minChange` (method §3): regressed when `low > 1` and the
  /// ratio (nil: unbounded) is at least 1 + c; improved when `high < 1`
  /// and the ratio is at most 1/(1 + c); unchanged when the interval lies
  /// within [1/(1 + c), 1 + c]; otherwise inconclusive.
  static func of(ratio: RateRatio, metric: Double, previousMetric: Double, group: MetricGroup)
    -> Verdict
  {
    if metric < group.minVolume || previousMetric < group.minVolume { return .insufficientData }
    guard let low = ratio.low else { return .unchanged }  // no error on either side
    let bound = 1 + group.minChange
    if low > 1, ratio.ratio.map({ $0 >= bound }) ?? true { return .regressed }
    guard let high = ratio.high, let point = ratio.ratio else { return .inconclusive }
    if high < 1, point <= 1 / bound { return .improved }
    if 1 / bound <= low, high <= bound { return .unchanged }
    return .inconclusive
  }
}

/// A count group's value against its bars (README, "How the numbers are
/// made"); raw values are the stable codes kept in `scores.json` and the
/// digest snapshot.
package enum ValueStatus: String, Sendable, Codable, CaseIterable {
  /// No metric in the window.
  case noData = "no data"
  /// Metric below `min_volume`.
  case insufficientData = "insufficient data"
  /// Stability below `critical`.
  case critical
  /// Stability below `target` (and not below `critical`).
  case belowTarget = "below target"
  /// At or above every bar.
  case ok

  /// How far below the bars: ok 0, below target 1, critical 2; nil when
  /// there is too little data to tell.
  var severity: Int? {
    switch self {
    case .ok: 0
    case .belowTarget: 1
    case .critical: 2
    case .noData, .insufficientData: nil
    }
  }
}

/// Where a value's I(v) comes from (method §3); raw values are
/// `scores.json`'s `impacted_basis`.
package enum ImpactedBasis: String, Sendable, Codable {
  /// Every metric bucket carried `impacted`: each unit counted once, exact.
  case metric
  /// The error rows' sum: a unit hit twice counts twice, so stability is
  /// "at least" the figure shown.
  case errors

  /// Whether a stability over `impacted` units on this basis is a lower
  /// bound: counted from error rows that hold errors (with none it is exact
  /// either way).
  package func isLowerBound(impacted: Int64) -> Bool { self == .errors && impacted > 0 }
}
