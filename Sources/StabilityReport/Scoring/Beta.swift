import Foundation

/// The regularized incomplete beta function and its inverse, for the exact
/// interval of a rate ratio (method §3: Clopper–Pearson bounds of
/// `E(v) / (E(v) + E(u))`). Accurate to ~1e-12 relative for shapes up to
/// 10⁸ (checked against scipy's `beta.ppf` in StatisticsTests): the
/// log-prefactor is formed from Stirling differences, not from `lgamma`
/// values of 10⁸ that cancel.
package enum Beta {
  /// I_x(a, b): the probability that a Beta(a, b) variable is at most x.
  static func regularized(x: Double, a: Double, b: Double) -> Double {
    guard x > 0 else { return 0 }
    guard x < 1 else { return 1 }
    let front = exp(logFront(x: x, a: a, b: b))
    return x < (a + 1) / (a + b + 2)
      ? front * continuedFraction(x: x, a: a, b: b) / a
      : 1 - front * continuedFraction(x: 1 - x, a: b, b: a) / b
  }

  /// The x with I_x(a, b) = p, and 1 − x computed directly (so a bound
  /// near 1 keeps its distance to 1, which the ratio `x / (1 − x)` needs).
  package static func quantile(probability p: Double, a: Double, b: Double) -> (
    x: Double, complement: Double
  ) {
    // Solve for whichever of x and 1 − x is the smaller near the answer.
    if a / (a + b) > 0.5 {
      let y = smallSideQuantile(probability: 1 - p, a: b, b: a)
      return (1 - y, y)
    }
    let x = smallSideQuantile(probability: p, a: a, b: b)
    return (x, 1 - x)
  }

  /// Newton steps inside a bisection bracket on (0, 1).
  private static func smallSideQuantile(probability p: Double, a: Double, b: Double) -> Double {
    var x = initialGuess(probability: p, a: a, b: b)
    var (low, high) = (0.0, 1.0)
    for _ in 0..<300 {
      let error = regularized(x: x, a: a, b: b) - p
      if error == 0 { return x }
      if error > 0 { high = x } else { low = x }
      // The density: x^(a−1) (1−x)^(b−1) / B(a, b).
      let density = exp(logFront(x: x, a: a, b: b)) / (x * (1 - x))
      var next = x - error / density
      if !next.isFinite || next <= low || next >= high { next = (low + high) / 2 }
      if abs(next - x) <= 1e-15 * x || high - low <= 1e-300 { return next }
      x = next
    }
    return x
  }

  /// A start near the answer (Numerical Recipes, `invbetai`).
  private static func initialGuess(probability p: Double, a: Double, b: Double) -> Double {
    if a >= 1, b >= 1 {
      let pp = p < 0.5 ? p : 1 - p
      let t = (-2 * log(pp)).squareRoot()
      var z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
      if p < 0.5 { z = -z }
      let al = (z * z - 3) / 6
      let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
      let w =
        z * (al + h).squareRoot() / h - (1 / (2 * b - 1) - 1 / (2 * a - 1))
        * (al + 5.0 / 6 - 2 / (3 * h))
      let guess = a / (a + b * exp(2 * w))
      return guess > 0 && guess < 1 ? guess : a / (a + b)
    }
    let lna = log(a / (a + b))
    let lnb = log(b / (a + b))
    let t = exp(a * lna) / a
    let u = exp(b * lnb) / b
    let w = t + u
    let guess = p < t / w ? pow(a * w * p, 1 / a) : 1 - pow(b * w * (1 - p), 1 / b)
    return guess > 0 && guess < 1 ? guess : a / (a + b)
  }

  /// log(x^a (1−x)^b / B(a, b)).
  static func logFront(x: Double, a: Double, b: Double) -> Double {
    let large = 10.0
    switch (a >= large, b >= large) {
    case (true, true):
      // log B = ½log(2π) + (a−½)log(a/(a+b)) + b·log(b/(a+b)) − ½log b + δ(a) + δ(b) − δ(a+b).
      let s = a + b
      return a * log(x * s / a) + b * log1p(-x) + b * log1p(a / b)
        + 0.5 * log(a * b / s) - 0.5 * log(2 * Double.pi)
        - (stirlingCorrection(a) + stirlingCorrection(b) - stirlingCorrection(s))
    case (false, true):
      return smallAndLarge(small: a, large: b, smallLog: log(x), largeLog: log1p(-x))
    case (true, false):
      return smallAndLarge(small: b, large: a, smallLog: log1p(-x), largeLog: log(x))
    case (false, false):
      return a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b))
    }
  }

  /// The front with one small shape: log Γ(l) − log Γ(s+l) by Stirling
  /// differences, log Γ(s) as it is. `smallLog` is the log of the small
  /// shape's variable, `largeLog` the other's.
  private static func smallAndLarge(
    small s: Double, large l: Double, smallLog: Double, largeLog: Double
  ) -> Double {
    // log Γ(l) − log Γ(s+l) = −(l−½)·log1p(s/l) − s·log(s+l) + s + δ(l) − δ(s+l).
    s * (smallLog + log(s + l)) + l * largeLog + (l - 0.5) * log1p(s / l) - s - lgamma(s)
      - stirlingCorrection(l) + stirlingCorrection(s + l)
  }

  /// δ(x) = log Γ(x) − ((x−½)log x − x + ½log(2π)), for x ≥ 10: the
  /// asymptotic series to x⁻⁹ (next term < 2e-14 at 10).
  private static func stirlingCorrection(_ x: Double) -> Double {
    let inverse = 1 / x
    let square = inverse * inverse
    return inverse
      * (1.0 / 12 - square
        * (1.0 / 360 - square * (1.0 / 1260 - square * (1.0 / 1680 - square / 1188))))
  }

  /// The continued fraction of I_x(a, b) (modified Lentz); converges fast
  /// for x < (a+1)/(a+b+2), in about √max(a, b) steps at worst.
  private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300
    let (qab, qap, qam) = (a + b, a + 1, a - 1)
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    var m = 1.0
    while m < 1e7 {
      let m2 = 2 * m
      var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
      m += 1
    }
    return h
  }
}
