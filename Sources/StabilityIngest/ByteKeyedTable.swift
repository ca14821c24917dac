import CSupport
import Foundation
import StabilityCore

/// Entries found by a byte key, for tables looked up per row or per series
/// with hundreds of thousands of keys: no allocation per entry, no String
/// hashing. An entry lives in a `ByteArena` — the key's length (UInt32),
/// the owner's fields up to `headerSize`, then the key's bytes — and is
/// named by its arena position. Open-addressing slots hold the high 32 bits
/// of the key's hash and the position + 1 (0: empty), so a lookup touches
/// its slot and, when the hash part matches, the entry. The slot count is a
/// power of two, `1 << shift`; a key's home slot is its hash's top `shift`
/// bits, so growing re-places slots from what they hold, without reading
/// entries. Used by one thread at a time.
package struct ByteKeyedTable {
  /// Bytes before the key in each entry (a multiple of 8, at least 8): the
  /// key's length at 0, the owner's fields from 4.
  let headerSize: Int
  /// The entries (shared by copies of the table: one owner uses it).
  private let arena = ByteArena()
  /// None until the first key is added.
  private var slots: Slots?
  /// The entries.
  package private(set) var count = 0

  /// An empty table; with `capacity`, its slots are allocated for that
  /// many keys at once. Keys added in hash order (another table's
  /// `forEachPosition`) need that: a table growing as they arrive holds
  /// them all in the low slots, one long probe run.
  package init(headerSize: Int, capacity: Int = 0) {
    self.headerSize = headerSize
    guard capacity > 0 else { return }
    var shift: UInt64 = 10
    while capacity * 4 > (1 << shift) * 3, shift < 32 { shift += 1 }
    slots = Slots(shift: shift)
  }

  /// The position of `key`'s entry, if it was added.
  package func find(_ key: UnsafeRawBufferPointer) -> UInt32? {
    guard let slots else { return nil }
    let hash = Self.hash(key)
    let tag = hash & 0xFFFF_FFFF_0000_0000
    let (values, mask) = (slots.values, slots.count - 1)
    var slot = slots.home(hash)
    while values[slot] != 0 {
      if values[slot] & 0xFFFF_FFFF_0000_0000 == tag {
        let position = UInt32(truncatingIfNeeded: values[slot] & 0xFFFF_FFFF) &- 1
        if matches(arena.address(position), key) { return position }
      }
      slot = (slot + 1) & mask
    }
    return nil
  }

  /// Adds an entry for `key` (not in the table yet) with a zeroed header;
  /// returns its position, or nil when it does not fit (keys over 4 MiB,
  /// entries beyond the arena's 4 GiB, memory run out): the owner does
  /// without.
  package mutating func add(_ key: UnsafeRawBufferPointer) -> UInt32? {
    let slots: Slots
    if let current = self.slots, (count + 1) * 4 <= current.count * 3 {
      slots = current
    } else {
      let shift = self.slots.map { $0.shift + 1 } ?? 10
      guard shift <= 32, let larger = Slots(shift: shift) else { return nil }
      if let old = self.slots {
        for value in old.values where value != 0 { larger.place(value) }
      }
      (self.slots, slots) = (larger, larger)
    }
    guard let length = UInt32(exactly: key.count),
      let position = arena.allocate(headerSize + key.count)
    else { return nil }
    let entry = arena.address(position)
    entry.storeBytes(of: length, as: UInt32.self)
    if let bytes = key.baseAddress {
      (entry + headerSize).copyMemory(from: bytes, byteCount: key.count)
    }
    count += 1
    slots.place((Self.hash(key) & 0xFFFF_FFFF_0000_0000) | (UInt64(position) + 1))
    return position
  }

  /// Calls `body` with the position of every entry, in no set order.
  package func forEachPosition(_ body: (UInt32) throws -> Void) rethrows {
    guard let slots else { return }
    for value in slots.values where value != 0 {
      try body(UInt32(truncatingIfNeeded: value & 0xFFFF_FFFF) &- 1)
    }
  }

  /// The key of the entry at `position`.
  package func key(at position: UInt32) -> UnsafeRawBufferPointer {
    let entry = arena.address(position)
    return UnsafeRawBufferPointer(
      start: entry + headerSize, count: Int(entry.load(as: UInt32.self)))
  }

  /// The bytes the table holds: its arena's segments and its slots.
  package var memorySize: Int { arena.size + (slots?.count ?? 0) * MemoryLayout<UInt64>.stride }

  /// Where the entry at `position` starts (its owner's fields from byte 4).
  package func address(_ position: UInt32) -> UnsafeMutableRawPointer {
    arena.address(position)
  }

  private func matches(_ entry: UnsafeMutableRawPointer, _ key: UnsafeRawBufferPointer) -> Bool {
    guard entry.load(as: UInt32.self) == key.count else { return false }
    guard let bytes = key.baseAddress else { return key.isEmpty }
    return memcmp(entry + headerSize, bytes, key.count) == 0
  }

  /// 64-bit multiply-xorshift over 8-byte words (not cryptographic; keys
  /// come from the team's own data and collisions only cost a probe).
  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
    var offset = 0
    while offset + 8 <= key.count {
      hash = FlatHash.mix(hash ^ key.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
      offset += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while offset < key.count {
      tail |= UInt64(key[offset]) << shift
      shift += 8
      offset += 1
    }
    return FlatHash.mix(hash ^ tail)
  }

  /// The slot values in table memory (`stability_table_alloc`: huge pages
  /// where offered, since slots are read at random).
  private final class Slots {
    let shift: UInt64
    let values: UnsafeMutableBufferPointer<UInt64>
    var count: Int { values.count }

    /// `1 << shift` empty slots; nil when memory ran out.
    init?(shift: UInt64) {
      let count = 1 << shift
      guard let memory = stability_table_alloc(count * MemoryLayout<UInt64>.stride) else {
        return nil
      }
      self.shift = shift
      values = UnsafeMutableBufferPointer(
        start: memory.bindMemory(to: UInt64.self, capacity: count), count: count)
    }

    deinit { stability_table_free(values.baseAddress, values.count * MemoryLayout<UInt64>.stride) }

    /// A hash's home slot: its top `shift` bits.
    func home(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> (64 - shift)) }

    /// Puts a slot value (hash part, position + 1) in its home slot or the
    /// next free one.
    func place(_ value: UInt64) {
      var slot = home(value)
      while values[slot] != 0 { slot = (slot + 1) & (values.count - 1) }
      values[slot] = value
    }
  }
}
