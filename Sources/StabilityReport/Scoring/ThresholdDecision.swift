/// One threshold's decision on the evidence (method §6, the gate): a
/// figure passes only when its whole 95% interval clears the threshold and
/// fails only when the whole interval misses it; otherwise it holds.
package enum ThresholdDecision: Sendable, Equatable {
  case pass
  case fail
  /// The interval straddles the threshold. `moreMetric`: how much more
  /// metric, at the rate observed so far, would make it clear either way
  /// (nil when the figure equals the threshold: no amount would).
  case hold(moreMetric: Double?)
  /// A stability counted from the error rows (a lower bound: a unit hit
  /// by two errors counts twice) below the threshold — its interval wholly,
  /// or its figure with the interval straddling: the true stability may
  /// still pass, and more data at this rate would not fail it, so the gate
  /// holds (method §6).
  case belowAsLowerBound

  /// Whether the gate holds on this decision: a hold, or a lower bound below the bar.
  var isHold: Bool {
    switch self {
    case .hold, .belowAsLowerBound: true
    case .pass, .fail: false
    }
  }

  /// The decision on a stability of `impacted` in `metric` (with its
  /// Wilson interval) against `percent`. `exact`: `impacted` counts each
  /// unit once (the metric's own `impacted`, or no errors); otherwise it
  /// may count one twice, so the stability is a lower bound and can pass
  /// but not fail.
  static func stability(impacted: Int64, metric: Double, atLeast percent: Double, exact: Bool)
    -> ThresholdDecision
  {
    guard let estimate = StabilityEstimate(impacted: impacted, metric: metric) else {
      return .hold(moreMetric: nil)
    }
    if 100 * estimate.low >= percent { return .pass }
    if 100 * estimate.high < percent { return exact ? .fail : .belowAsLowerBound }
    let fraction = estimate.impactedFraction
    let threshold = percent / 100
    guard !Threshold.stability(impacted: impacted, metric: metric, equals: percent) else {
      return .hold(moreMetric: nil)
    }
    let above = 1 - fraction > threshold
    // Leaning below, a lower bound's interval would clear the bar only
    // downwards with more data: a hold that more data does not decide.
    if !above, !exact { return .belowAsLowerBound }
    let needed = Self.smallestMetric(from: metric) { n in
      let bounds = Statistics.wilson(successes: fraction * n, trials: n)
      return above ? 1 - bounds.high >= threshold : 1 - bounds.low < threshold
    }
    return .hold(moreMetric: needed.map { $0 - metric })
  }

  /// The decision on a rate of `errors` per `metric` (with its Garwood
  /// interval) against `shown` in display units: `scale` 100 for percent, a
  /// group's `per` for amounts.
  static func rate(errors: Int64, metric: Double, atMost shown: Double, scale: Double)
    -> ThresholdDecision
  {
    let estimate = RateEstimate(errors: errors, metric: metric)
    guard let rate = estimate.rate, let low = estimate.low, let high = estimate.high else {
      return .hold(moreMetric: nil)
    }
    let limit = shown / scale
    if high <= limit { return .pass }
    if low > limit { return .fail }
    guard !Threshold.rate(errors: errors, metric: metric, scale: scale, equals: shown) else {
      return .hold(moreMetric: nil)
    }
    let needed = Self.smallestMetric(from: metric) { n in
      // The same rate over n: rate × n errors (a Poisson count need not be whole here).
      let count = rate * n
      return rate < limit
        ? Gamma.quantile(probability: 0.975, shape: count + 1) / n <= limit
        : Gamma.quantile(probability: 0.025, shape: count) / n > limit
    }
    return .hold(moreMetric: needed.map { $0 - metric })
  }

  /// The least metric `n ≥ metric` at which `decides(n)`, to 0.1% (it
  /// turns true once and stays so as n grows); nil past 10¹⁸.
  private static func smallestMetric(from metric: Double, _ decides: (Double) -> Bool) -> Double? {
    var low = metric
    var high = max(metric, 1) * 2
    while !decides(high) {
      guard high < 1e18 else { return nil }
      (low, high) = (high, high * 2)
    }
    while high - low > 0.001 * high {
      let middle = (low + high) / 2
      if decides(middle) { high = middle } else { low = middle }
    }
    return high
  }
}
