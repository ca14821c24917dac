import Foundation
import StabilityCore

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
  func sample(_ random: inout SeededRandom) -> Int {
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
