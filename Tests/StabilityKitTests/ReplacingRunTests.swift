import Testing

@testable import StabilityCore
@testable import StabilityStore

/// The run's `error_series` gains come out in key order with repeated
/// series summed, whether ids are dense (counting passes) or sparse.
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

  @Test(arguments: [Int64(1), 1 << 50])
  func denseKeysSortLikeComparingThem(scale: Int64) {
    var random = SeededRandom(seed: 7)
    let pairs = (0..<5000).map { _ in
      (Int64(random.next() % 300) * scale - 100, Int64(random.next() % 40), random.next())
    }
    var sorted = pairs
    sorted.sort(byDenseKeys: [{ $0.0 }, { $0.1 }])
    let expected = pairs.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    #expect(sorted.map(\.0) == expected.map(\.0))
    #expect(sorted.map(\.1) == expected.map(\.1))
  }

  @Test func countingSortIsStable() {
    var pairs = [(2, "a"), (0, "b"), (2, "c"), (1, "d"), (0, "e")]
    pairs.countingSort(keyCount: 3) { $0.0 }
    #expect(pairs.map(\.1) == ["b", "e", "d", "a", "c"])
  }
}
