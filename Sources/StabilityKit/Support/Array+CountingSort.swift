extension Array {
  /// Stable sort by an integer key in `0..<keyCount`: one counting pass,
  /// linear in `count + keyCount` (for store ids, which are small dense
  /// integers). Sorting by a second key, then stably by a first, orders by
  /// both.
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
