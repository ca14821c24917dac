import Foundation

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
struct ByteKeyedTable {
  /// Bytes before the key in each entry (a multiple of 8, at least 8): the
  /// key's length at 0, the owner's fields from 4.
  let headerSize: Int
  /// The entries (shared by copies of the table: one owner uses it).
  private let arena = ByteArena()
  private var slots = [UInt64](repeating: 0, count: 1 << 10)
  private var shift: UInt64 = 10
  private var count = 0

  init(headerSize: Int) {
    self.headerSize = headerSize
  }

  /// The position of `key`'s entry, if it was added.
  func find(_ key: UnsafeRawBufferPointer) -> UInt32? {
    let hash = Self.hash(key)
    let tag = hash & 0xFFFF_FFFF_0000_0000
    let mask = slots.count - 1
    return slots.withUnsafeBufferPointer { slots in
      var slot = Int(truncatingIfNeeded: hash >> (64 - shift))
      while slots[slot] != 0 {
        if slots[slot] & 0xFFFF_FFFF_0000_0000 == tag {
          let position = UInt32(truncatingIfNeeded: slots[slot] & 0xFFFF_FFFF) &- 1
          if matches(arena.address(position), key) { return position }
        }
        slot = (slot + 1) & mask
      }
      return nil
    }
  }

  /// Adds an entry for `key` (not in the table yet) with a zeroed header;
  /// returns its position, or nil when it does not fit (keys over 4 MiB,
  /// beyond 4 GiB of entries or 2^31 keys): the owner does without.
  mutating func add(_ key: UnsafeRawBufferPointer) -> UInt32? {
    if (count + 1) * 4 > slots.count * 3 {
      guard shift < 32 else { return nil }
      grow()
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
    place((Self.hash(key) & 0xFFFF_FFFF_0000_0000) | (UInt64(position) + 1))
    return position
  }

  /// Where the entry at `position` starts (its owner's fields from byte 4).
  func address(_ position: UInt32) -> UnsafeMutableRawPointer {
    arena.address(position)
  }

  private func matches(_ entry: UnsafeMutableRawPointer, _ key: UnsafeRawBufferPointer) -> Bool {
    guard entry.load(as: UInt32.self) == key.count else { return false }
    guard let bytes = key.baseAddress else { return key.isEmpty }
    return memcmp(entry + headerSize, bytes, key.count) == 0
  }

  /// Puts a slot value (hash part, position + 1) in its home slot or the
  /// next free one.
  private mutating func place(_ value: UInt64) {
    var slot = Int(truncatingIfNeeded: value >> (64 - shift))
    while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
    slots[slot] = value
  }

  private mutating func grow() {
    let old = slots
    shift += 1
    slots = [UInt64](repeating: 0, count: 1 << shift)
    for value in old where value != 0 { place(value) }
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
}
