import Foundation

/// SplitMix64: a small, fast generator whose sequence is fixed by its seed,
/// so demo data and randomized tests are the same on every machine.
package struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64

  /// The sequence for `seed`.
  public init(seed: UInt64) { state = seed }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    return FlatHash.mix(state)
  }

  /// Uniform in [0, 1).
  package mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

  /// Poisson-distributed count with mean `mean` (inversion; small means only).
  package mutating func poisson(_ mean: Double) -> Int {
    let limit = exp(-mean)
    var product = unit()
    var count = 0
    while product > limit {
      count += 1
      product *= unit()
    }
    return count
  }

  /// Exponentially distributed with mean `mean`.
  package mutating func exponential(_ mean: Double) -> Double { -mean * log(1 - unit()) }
}
