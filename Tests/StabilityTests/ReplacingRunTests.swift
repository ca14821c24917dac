import Testing

@testable import StabilityStore

/// The run's `error_series` gains come out in key order with repeated
/// series summed, whether ids are dense or sparse.
@Suite struct ReplacingRunTests {
  @Test(arguments: [Int64(1), 1 << 40])
  func gainsAreSortedByIDsAndSummed(scale: Int64) {
    var run = ReplacingRun(start: 0, end: 3600)
    let ids: [(Int64, Int64)] = [(3, 1), (1, 2), (3, 0), (1, 2), (2, 7), (1, 1), (5, 5)]
    let first = run.number(
      errorSeries: ids.map { StoredSeries(fingerprint: $0.0 * scale, attributeSet: $0.1 * scale) })
    // Every series gains as many buckets as its number; (5, 5) gains none.
    for offset in 0..<(ids.count - 1) {
      for _ in 0...offset { run.gained(first + offset) }
    }
    let gains = run.gains().map {
      ($0.series.fingerprint / scale, $0.series.attributeSet / scale, $0.buckets)
    }
    let expected: [(Int64, Int64, Int64)] = [
      (1, 1, 6), (1, 2, 2 + 4), (2, 7, 5), (3, 0, 3), (3, 1, 1),
    ]
    #expect(gains.map(\.0) == expected.map(\.0))
    #expect(gains.map(\.1) == expected.map(\.1))
    #expect(gains.map(\.2) == expected.map(\.2))
  }
}
