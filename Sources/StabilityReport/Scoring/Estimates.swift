/// Errors over an exposure (metric) with the exact Poisson (Garwood) 95%
/// interval of their rate (method §3, "Rate and its interval"): the one
/// place a rate and its interval are made, for tables, charts and pages.
package struct RateEstimate: Sendable, Equatable {
  /// E.
  package let errors: Int64
  /// M.
  package let metric: Double
  /// E / M; nil when M = 0 (never infinity).
  package let rate: Double?
  /// The interval's bounds divided by M; nil when M = 0.
  package let low: Double?
  package let high: Double?

  /// The rate of `errors` over `metric`.
  public init(errors: Int64, metric: Double) {
    self.errors = errors
    self.metric = metric
    guard metric > 0 else {
      (rate, low, high) = (nil, nil, nil)
      return
    }
    let bounds = Statistics.garwood(errors)
    rate = Double(errors) / metric
    low = bounds.low / metric
    high = bounds.high / metric
  }
}

/// A count group's stability over an exposure (method §3, "Stability"):
/// `1 − min(1, I/M)` with one minus the Wilson 95% interval of the
/// impacted fraction (`x = min(I, M)` in `n = M`).
package struct StabilityEstimate: Sendable, Equatable {
  /// min(1, I/M).
  package let impactedFraction: Double
  /// 1 − impacted fraction.
  package let stability: Double
  /// 1 − the Wilson upper and lower bounds.
  package let low: Double
  package let high: Double

  /// The stability of `metric` units of which `impacted` were hit; nil when M = 0.
  public init?(impacted: Int64, metric: Double) {
    guard metric > 0 else { return nil }
    let hit = min(Double(impacted), metric)
    let wilson = Statistics.wilson(successes: hit, trials: metric)
    impactedFraction = hit / metric
    stability = 1 - impactedFraction
    low = 1 - wilson.high
    high = 1 - wilson.low
  }
}
