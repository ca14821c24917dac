/// Numbers pairs of integers (store ids, hours) densely — 0, 1, 2 … in the
/// order they are first seen — so sums can live in flat arrays. Open
/// addressing with a multiplicative hash: loops over millions of buckets need
/// neither SipHash nor an allocation per key.
struct IntPairIndex {
  /// The pairs, by index.
  private(set) var pairs: [(first: Int64, second: Int64)] = []
  /// Index + 1 per slot; 0 is empty. The count is a power of two.
  private var slots = [Int32](repeating: 0, count: 1024)

  /// How many pairs are numbered.
  var count: Int { pairs.count }

  /// The index of `(first, second)`, numbering it when new.
  mutating func index(_ first: Int64, _ second: Int64) -> Int {
    var slot = Self.slot(first, second, slots.count)
    while slots[slot] != 0 {
      let index = Int(slots[slot]) - 1
      if pairs[index].first == first, pairs[index].second == second { return index }
      slot = (slot + 1) & (slots.count - 1)
    }
    pairs.append((first, second))
    slots[slot] = Int32(truncatingIfNeeded: pairs.count)
    if pairs.count * 4 > slots.count * 3 { grow() }
    return pairs.count - 1
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    for (index, pair) in pairs.enumerated() {
      var slot = Self.slot(pair.first, pair.second, slots.count)
      while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
      slots[slot] = Int32(truncatingIfNeeded: index + 1)
    }
  }

  private static func slot(_ first: Int64, _ second: Int64, _ count: Int) -> Int {
    var hash = UInt64(bitPattern: first) &* 0x9E37_79B9_7F4A_7C15
    hash ^= UInt64(bitPattern: second) &+ 0xC2B2_AE3D_27D4_EB4F &+ (hash << 6) &+ (hash >> 2)
    hash = (hash ^ (hash >> 31)) &* 0xBF58_476D_1CE4_E5B9
    return Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (count - 1)
  }
}
