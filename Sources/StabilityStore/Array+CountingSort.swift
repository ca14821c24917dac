extension Array {
  /// Sorts by integer keys, most significant first. When every key spans
  /// less than `4 × count + 4096` values (store ids, hours of a batch: small
  /// dense integers) by stable counting passes, least significant key first —
  /// linear, no comparisons; otherwise by comparing the keys in order.
  mutating func sort(byDenseKeys keys: [(Element) -> Int64]) {
    guard count > 1 else { return }
    let limit = Int64(4 * count + 4096)
    var ranges: [(low: Int64, count: Int)] = []
    for key in keys {
      var (low, high) = (Int64.max, Int64.min)
      for element in self {
        let value = key(element)
        (low, high) = (Swift.min(low, value), Swift.max(high, value))
      }
      let (span, overflow) = high.subtractingReportingOverflow(low)
      guard !overflow, span < limit else {
        sort { first, second in
          for key in keys where key(first) != key(second) { return key(first) < key(second) }
          return false
        }
        return
      }
      ranges.append((low, Int(span) + 1))
    }
    for (key, range) in zip(keys, ranges).reversed() {
      countingSort(keyCount: range.count) { Int(key($0) - range.low) }
    }
  }

  /// Stable sort by an integer key in `0..<keyCount`: one counting pass,
  /// linear in `count + keyCount`.
  mutating func countingSort(keyCount: Int, by key: (Element) -> Int) {
    guard count > 1 else { return }
    var starts = [Int](repeating: 0, count: keyCount + 1)
    for element in self { starts[key(element) + 1] += 1 }
    for index in 1..<starts.count { starts[index] += starts[index - 1] }
    self = Array(unsafeUninitializedCapacity: count) { sorted, initialized in
      // A permutation: every place is written exactly once.
      for element in self {
        let slot = key(element)
        sorted.initializeElement(at: starts[slot], to: element)
        starts[slot] += 1
      }
      initialized = count
    }
  }
}
