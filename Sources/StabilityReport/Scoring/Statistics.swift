import Foundation

/// The intervals and tests of method §3, in plain double arithmetic.
package enum Statistics {
  /// z for a two-sided 95% interval.
  static let z95 = 1.959963984540054

  /// Exact (Garwood) Poisson 95% interval for a count: `χ²(0.025, 2E)/2` and
  /// `χ²(0.975, 2E+2)/2`, i.e. gamma quantiles with shape E and E+1.
  package static func garwood(_ count: Int64) -> (low: Double, high: Double) {
    let events = Double(count)
    let low = count == 0 ? 0 : Gamma.quantile(probability: 0.025, shape: events)
    return (low, Gamma.quantile(probability: 0.975, shape: events + 1))
  }

  /// Wilson score 95% interval of the proportion `successes / trials`.
  package static func wilson(successes: Double, trials: Double) -> (low: Double, high: Double) {
    let proportion = successes / trials
    let z2 = z95 * z95
    let denominator = 1 + z2 / trials
    let center = (proportion + z2 / (2 * trials)) / denominator
    let half =
      z95 * (proportion * (1 - proportion) / trials + z2 / (4 * trials * trials)).squareRoot()
      / denominator
    return (max(0, center - half), min(1, center + half))
  }

  /// The rate ratio `rate(v) / rate(u)` and its exact 95% interval
  /// (method §3): with `n = E(v) + E(u)`, the Clopper–Pearson bounds of
  /// `E(v) / n` turned into ratios by `k = M(u) / M(v)`. Nil parts: the
  /// ratio when `E(u) = 0`, the bounds when `n = 0`, the upper bound when
  /// unbounded (`E(u) = 0`); everything when a metric is 0.
  package static func rateRatio(
    errors: Int64, metric: Double, previousErrors: Int64, previousMetric: Double
  ) -> RateRatio {
    guard metric > 0, previousMetric > 0 else { return RateRatio() }
    let k = previousMetric / metric
    let ratio = previousErrors == 0 ? nil : Double(errors) / Double(previousErrors) * k
    let (x, n) = (Double(errors), Double(errors + previousErrors))
    guard n > 0 else { return RateRatio(ratio: ratio) }
    let low: Double
    if errors == 0 {
      low = 0
    } else {
      let bound = Beta.quantile(probability: 0.025, a: x, b: n - x + 1)
      low = k * bound.x / bound.complement
    }
    var high: Double?
    if previousErrors > 0 {
      let bound = Beta.quantile(probability: 0.975, a: x + 1, b: n - x)
      high = k * bound.x / bound.complement
    }
    return RateRatio(ratio: ratio, low: low, high: high)
  }

  /// Pooled Poisson z of rate(v) against rate(u); nil when the pooled rate or M(v) is 0.
  package static func pooledZ(
    errors: Int64, metric: Double, previousErrors: Int64, previousMetric: Double
  )
    -> Double?
  {
    guard metric > 0, previousMetric > 0 else { return nil }
    let pooled = Double(errors + previousErrors) / (metric + previousMetric)
    guard pooled > 0 else { return nil }
    let difference = Double(errors) / metric - Double(previousErrors) / previousMetric
    return difference / (pooled * (1 / metric + 1 / previousMetric)).squareRoot()
  }
}

/// A rate ratio and its exact interval (`Statistics.rateRatio`).
package struct RateRatio: Sendable, Equatable {
  /// `rate(v) / rate(u)`; nil when `rate(u) = 0`.
  package var ratio: Double?
  /// The 95% bounds; nil when there are no errors on either side, and the
  /// upper one also when the baseline has none (unbounded).
  package var low: Double?
  package var high: Double?

  package init(ratio: Double? = nil, low: Double? = nil, high: Double? = nil) {
    (self.ratio, self.low, self.high) = (ratio, low, high)
  }
}

/// The regularized incomplete gamma function and its inverse.
enum Gamma {
  /// P(a, x), the regularized lower incomplete gamma function.
  static func regularizedLower(shape a: Double, x: Double) -> Double {
    guard x > 0 else { return 0 }
    return x < a + 1 ? series(a, x) : 1 - continuedFraction(a, x)
  }

  /// log of x^a e^-x / Γ(a+1), the common prefactor.
  private static func logPrefactor(_ a: Double, _ x: Double) -> Double {
    a * log(x) - x - lgamma(a + 1)
  }

  /// Σ x^n / ((a+1)…(a+n)) times the prefactor; converges for x < a + 1.
  private static func series(_ a: Double, _ x: Double) -> Double {
    var term = 1.0
    var sum = 1.0
    var n = 1.0
    while n < 1e8 {
      term *= x / (a + n)
      sum += term
      if term < sum * 1e-17 { break }
      n += 1
    }
    return min(1, exp(logPrefactor(a, x)) * sum)
  }

  /// Q(a, x) by Lentz's continued fraction; converges for x ≥ a + 1.
  private static func continuedFraction(_ a: Double, _ x: Double) -> Double {
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    var i = 1.0
    while i < 1e8 {
      let an = -i * (i - a)
      b += 2
      d = an * d + b
      if abs(d) < tiny { d = tiny }
      c = b + an / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
      i += 1
    }
    // Q = e^-x x^a / Γ(a) × h = prefactor × a × h.
    return min(1, exp(logPrefactor(a, x) + log(a)) * h)
  }

  /// The shape from which `quantile` uses the Cornish–Fisher expansion: there
  /// its terms past a^-3/2 are below 1e-15 relative, while the series and
  /// continued fraction lose digits to `a log x − x` (≈ 3e13 at a = 1e12)
  /// and need ~√a steps. Checked against scipy up to 1e15 (StatisticsTests).
  static let asymptoticShape = 1e6

  /// The x with P(shape, x) = probability: Newton steps inside a bisection
  /// bracket; for large shapes the Cornish–Fisher expansion of the gamma
  /// quantile, x = a + z√a + (z²−1)/3 + (z³−7z)/(36√a) − (3z⁴+7z²−16)/(810a)
  /// + (9z⁵+256z³−433z)/(38880 a√a), with z the normal quantile of
  /// `probability` (±1.959963984540054 for the 95% bounds).
  static func quantile(probability p: Double, shape a: Double) -> Double {
    if a >= asymptoticShape, p == 0.025 || p == 0.975 {
      let z = p < 0.5 ? -Statistics.z95 : Statistics.z95
      let root = a.squareRoot()
      let z2 = z * z
      return a + z * root + (z2 - 1) / 3 + (z2 * z - 7 * z) / (36 * root)
        - (3 * z2 * z2 + 7 * z2 - 16) / (810 * a)
        + (9 * z2 * z2 * z + 256 * z2 * z - 433 * z) / (38_880 * a * root)
    }
    let zValue = p < 0.5 ? -Statistics.z95 : Statistics.z95
    let nine = 1 / (9 * a)
    var x = max(1e-10, a * pow(1 - nine + zValue * nine.squareRoot(), 3))
    var low = 0.0
    var high = Double.infinity
    for _ in 0..<200 {
      let error = regularizedLower(shape: a, x: x) - p
      if error > 0 { high = x } else { low = x }
      let density = exp((a - 1) * log(x) - x - lgamma(a))
      var next = x - error / density
      if !next.isFinite || next <= low || next >= high {
        next = high.isFinite ? (low + high) / 2 : max(2 * x, x + 1)
      }
      if abs(next - x) <= 1e-15 * x { return next }
      x = next
    }
    return x
  }
}
