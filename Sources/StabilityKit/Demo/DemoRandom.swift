import Foundation

/// SplitMix64: a small, fast generator whose sequence is fixed by its seed,
/// so the demo data is the same on every machine.
struct DemoRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

  /// Poisson-distributed count with mean `mean` (inversion; small means only).
  mutating func poisson(_ mean: Double) -> Int {
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
  mutating func exponential(_ mean: Double) -> Double { -mean * log(1 - unit()) }
}

/// Zipf weights over `count` ranks with exponent `s`, as a cumulative table.
struct ZipfTable {
  let cumulative: [Double]

  init(count: Int, exponent: Double) {
    var running = 0.0
    var table: [Double] = []
    for rank in 1...count {
      running += 1 / pow(Double(rank), exponent)
      table.append(running)
    }
    cumulative = table.map { $0 / running }
  }

  /// A rank in 0..<count.
  func sample(_ random: inout DemoRandom) -> Int {
    let target = random.unit()
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let middle = (low + high) / 2
      if cumulative[middle] < target { low = middle + 1 } else { high = middle }
    }
    return low
  }
}
