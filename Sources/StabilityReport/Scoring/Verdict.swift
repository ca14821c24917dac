import StabilityCore

/// What comparing a value's rate with its baseline's says (README, "How the
/// numbers are made"). The raw values are the stable codes `scores.json` and
/// the digest snapshot keep; the words a reader sees are made in Rendering
/// (`Verdict.words`), so rewording never changes a stored code.
package enum Verdict: String, Sendable, Codable, CaseIterable {
  /// The rate rose: pooled z ≥ 1.645.
  case regressed
  /// The rate fell: pooled z ≤ −1.645.
  case improved
  /// Neither.
  case unchanged
  /// Either side has less metric than the group's `min_volume`.
  case insufficientData = "insufficient data"

  /// The verdict for pooled `z` when the value has `metric` and its baseline
  /// `previousMetric` (both at least `group.minVolume` to decide).
  static func of(z: Double?, metric: Double, previousMetric: Double, group: MetricGroup) -> Verdict
  {
    if metric < group.minVolume || previousMetric < group.minVolume { return .insufficientData }
    if let z, z >= Statistics.zVerdict { return .regressed }
    if let z, z <= -Statistics.zVerdict { return .improved }
    return .unchanged
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
