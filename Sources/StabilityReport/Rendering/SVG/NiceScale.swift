import Foundation

/// Axis ticks at 1, 2, 2.5 or 5 × 10ⁿ from zero to at least `maximum`.
struct NiceScale {
  let ticks: [Double]
  var top: Double { ticks.last ?? 1 }

  init(maximum: Double, targetTicks: Int = 4) {
    let maximum = maximum > 0 && maximum.isFinite ? maximum : 1
    let rough = maximum / Double(targetTicks)
    let magnitude = pow(10, floor(log10(rough)))
    let step =
      [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
    let count = Int(ceil(maximum / step - 1e-9))
    ticks = (0...max(1, count)).map { Double($0) * step }
  }
}
