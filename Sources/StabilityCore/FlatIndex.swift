/// A key of a few integers with a cheap, well-mixed hash.
package protocol FlatKey: Equatable, Sendable {
  var flatHash: UInt64 { get }
}

/// Numbers keys densely — 0, 1, 2 … in the order they are first seen — so
/// sums can live in flat arrays beside it. Open addressing with a
/// multiplicative hash: loops over millions of rows or buckets need neither
/// SipHash nor an allocation per key.
///
/// Public and `@inlinable`: the stages that use it (ingest per row, report
/// per bucket) are other modules, and a generic called across modules runs
/// unspecialized (witness calls and value-witness copies per key: the 1e7
/// report took 18% longer that way).
package struct FlatIndex<Key: FlatKey>: Sendable {
  /// The keys, by index.
  @inlinable public var keys: [Key] { numbered }
  @usableFromInline var numbered: [Key] = []
  /// Index + 1 per slot; 0 is empty. The count is a power of two.
  @usableFromInline var slots = [Int32](repeating: 0, count: 1024)

  /// An empty index.
  @inlinable public init() {}

  /// How many keys are numbered.
  @inlinable public var count: Int { numbered.count }

  /// The index of `key`, numbering it when new.
  @inlinable public mutating func index(_ key: Key) -> Int {
    var slot = Int(truncatingIfNeeded: key.flatHash) & (slots.count - 1)
    while slots[slot] != 0 {
      let index = Int(slots[slot]) - 1
      if numbered[index] == key { return index }
      slot = (slot + 1) & (slots.count - 1)
    }
    numbered.append(key)
    slots[slot] = Int32(truncatingIfNeeded: numbered.count)
    if numbered.count * 4 > slots.count * 3 { grow() }
    return numbered.count - 1
  }

  /// Makes room for `count` keys at once, so numbering them never rehashes.
  @inlinable public mutating func reserveCapacity(_ count: Int) {
    numbered.reserveCapacity(count)
    var size = slots.count
    while count * 4 > size * 3 { size *= 2 }
    if size > slots.count {
      slots = [Int32](repeating: 0, count: size / 2)
      grow()
    }
  }

  /// Forgets every key, keeping the memory (a batch of the same size
  /// follows): no growing step by step, no fresh pages.
  @inlinable public mutating func removeAll() {
    numbered.removeAll(keepingCapacity: true)
    for slot in slots.indices { slots[slot] = 0 }
  }

  @inlinable mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    for (index, key) in numbered.enumerated() {
      var slot = Int(truncatingIfNeeded: key.flatHash) & (slots.count - 1)
      while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
      slots[slot] = Int32(truncatingIfNeeded: index + 1)
    }
  }
}

/// Two integers (store ids, an id and an hour).
package struct IntPair: FlatKey {
  package var first: Int64
  package var second: Int64

  /// The pair (`first`, `second`).
  @inlinable public init(first: Int64, second: Int64) {
    self.first = first
    self.second = second
  }

  @inlinable public var flatHash: UInt64 {
    FlatHash.mix(FlatHash.mix(UInt64(bitPattern: first)) ^ UInt64(bitPattern: second))
  }
}

/// The mixing step of the flat hashes (splitmix64's finalizer).
package enum FlatHash {
  @inlinable public static func mix(_ value: UInt64) -> UInt64 {
    var mixed = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
    return mixed ^ (mixed >> 31)
  }
}
