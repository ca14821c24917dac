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

  @Test func numbersPastASegmentKeepTheirSeriesAndGains() {
    // 150,000 series in two calls: three segments of 65,536.
    var run = ReplacingRun(start: 0, end: 3600)
    let first = run.number(
      errorSeries: (0..<100_000).map { StoredSeries(fingerprint: Int64($0), attributeSet: 1) })
    let second = run.number(
      errorSeries: (100_000..<150_000).map { StoredSeries(fingerprint: Int64($0), attributeSet: 1) }
    )
    #expect((first, second) == (0, 100_000))
    #expect(run.errorSeries[65_535] == StoredSeries(fingerprint: 65_535, attributeSet: 1))
    #expect(run.errorSeries[149_999] == StoredSeries(fingerprint: 149_999, attributeSet: 1))
    for number in [0, 65_535, 65_536, 131_072, 149_999, 149_999] { run.gained(number) }
    let gains = run.gains()
    #expect(gains.map(\.series.fingerprint) == [0, 65_535, 65_536, 131_072, 149_999])
    #expect(gains.map(\.buckets) == [1, 1, 1, 1, 2])
  }
}
