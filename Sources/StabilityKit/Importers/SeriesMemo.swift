import Foundation

/// An error series by its store ids.
public struct StoredSeries: Hashable, Sendable {
  /// Fingerprint id.
  public let first: Int64
  /// Attribute set id.
  public let second: Int64
}

/// The numbers a write gave a batch's series for the rest of the run:
/// series `i` of the batch (`ImportBatch.errorSeries`, `.metricSeries`
/// order) is number `firstError + i`, or `firstMetric + i`. The writer
/// keeps each number's store ids in a flat array, so later batches refer
/// to these series by number, and the writer counts per number without
/// hashing.
public struct SeriesNumbers: Sendable, Equatable {
  /// The number of the batch's first error series.
  public var firstError = 0
  /// The number of the batch's first metric series.
  public var firstMetric = 0
}

/// Remembers which series the raw bytes of a row's key cells (fingerprint
/// and attributes) went to, so a row whose key was seen before costs one
/// hash of those bytes instead of strings, attribute sets and keyed
/// dictionary lookups. An entry points at a series of the current batch;
/// after a flush at that series of the batch being written in the
/// background; once that write is done, at its number for the rest of the
/// run (`SeriesNumbers`).
/// An open-addressing table over a byte arena, no allocation per entry.
/// A lookup touches two places (memory latency is most of its cost with a
/// million series): its slot, which holds part of the hash, and the entry
/// in the arena — target and key bytes side by side.
struct SeriesMemo {
  enum Target: Equatable {
    /// Index into the current batch's series.
    case batch(Int)
    /// Index into the series of the batch being written in the background.
    case writing(Int)
    /// The series' number for the run.
    case numbered(Int)
  }

  /// An entry in the arena: `first` and `second` (Int64 each; a batch index
  /// is `first = -(index + 1)` with `second` 0 for the current batch, 1 for
  /// the one being written; a series number is `first`), the key's length
  /// (UInt32), the last bucket the series was added to — batch generation
  /// (UInt32, 0: none), hour (UInt32, hours since 1970), bucket number
  /// (UInt32) — then the key's bytes, padding to 8 bytes.
  private static let headerSize = 32

  /// The entries (shared by copies of the memo: one interpreter owns it).
  private let arena = ByteArena()
  /// Per slot, the high 32 bits of the key's hash and the entry's arena
  /// position + 1 in the low 32 bits; 0 is empty. The count is a power of
  /// two, `1 << shift`; a key's home slot is its hash's top `shift` bits,
  /// so growing re-places slots from what they hold, without the entries.
  private var slots = [UInt64](repeating: 0, count: 1 << 10)
  private var shift: UInt64 = 10
  private var count = 0
  /// Entries pointing into the current batch, and into the one being written.
  private var inBatch: [UInt32] = []
  private var inWriting: [UInt32] = []

  /// The target of `key` and its entry, if it was recorded.
  func find(_ key: UnsafeRawBufferPointer) -> (target: Target, entry: Int)? {
    let hash = Self.hash(key)
    let tag = hash & 0xFFFF_FFFF_0000_0000
    let mask = slots.count - 1
    return slots.withUnsafeBufferPointer { slots in
      var slot = Int(truncatingIfNeeded: hash >> (64 - shift))
      while slots[slot] != 0 {
        if slots[slot] & 0xFFFF_FFFF_0000_0000 == tag {
          let position = UInt32(truncatingIfNeeded: slots[slot] & 0xFFFF_FFFF) &- 1
          let entry = arena.address(position)
          if Self.matches(entry, key) { return (Self.target(entry), Int(position)) }
        }
        slot = (slot + 1) & mask
      }
      return nil
    }
  }

  /// The bucket the entry's series was last added to, if that was at
  /// `hour` in batch `generation`: rows of one series and hour (sources
  /// mostly return rows in time order) skip the batch's bucket lookup.
  func lastBucket(_ entry: Int, hour: Int64, generation: UInt32) -> Int? {
    let entry = arena.address(UInt32(truncatingIfNeeded: entry))
    guard entry.load(fromByteOffset: 20, as: UInt32.self) == generation,
      Int64(entry.load(fromByteOffset: 24, as: UInt32.self)) * 3600 == hour
    else { return nil }
    return Int(entry.load(fromByteOffset: 28, as: UInt32.self))
  }

  /// Notes the bucket the entry's series was added to (not noted: hours
  /// before 1970 or after 2459, bucket numbers beyond UInt32).
  mutating func setLastBucket(_ entry: Int, hour: Int64, generation: UInt32, bucket: Int) {
    guard let number = UInt32(exactly: bucket), hour % 3600 == 0,
      let hours = UInt32(exactly: hour / 3600)
    else { return }
    let entry = arena.address(UInt32(truncatingIfNeeded: entry))
    entry.storeBytes(of: generation, toByteOffset: 20, as: UInt32.self)
    entry.storeBytes(of: hours, toByteOffset: 24, as: UInt32.self)
    entry.storeBytes(of: number, toByteOffset: 28, as: UInt32.self)
  }

  /// Records that `key` went to series `index` of the current batch (keys
  /// over 4 MiB, or beyond 4 GiB of distinct key bytes, are not recorded;
  /// they take the full path).
  mutating func record(_ key: UnsafeRawBufferPointer, batchSeries index: Int) {
    if (count + 1) * 4 > slots.count * 3 {
      guard shift < 32 else { return }
      grow()
    }
    guard let position = arena.allocate(Self.headerSize + key.count) else { return }
    let entry = arena.address(position)
    entry.storeBytes(of: -Int64(index + 1), as: Int64.self)
    entry.storeBytes(of: UInt32(key.count), toByteOffset: 16, as: UInt32.self)
    if let bytes = key.baseAddress {
      (entry + Self.headerSize).copyMemory(from: bytes, byteCount: key.count)
    }
    count += 1
    inBatch.append(position)
    place((Self.hash(key) & 0xFFFF_FFFF_0000_0000) | (UInt64(position) + 1))
  }

  /// After a flush: entries of the batch whose write finished point at the
  /// numbers it gave (series `i` got `firstNumber + i`; nil when no write
  /// finished), and entries of the batch just handed over point at it as
  /// being written.
  mutating func flushed(firstNumber: Int?) {
    if let firstNumber {
      for position in inWriting {
        let entry = arena.address(position)
        guard case .writing(let series) = Self.target(entry) else { continue }
        entry.storeBytes(of: Int64(firstNumber + series), as: Int64.self)
        entry.storeBytes(of: 0, toByteOffset: 8, as: Int64.self)
      }
    }
    for position in inBatch {
      arena.address(position).storeBytes(of: 1, toByteOffset: 8, as: Int64.self)
    }
    inWriting = inBatch
    inBatch = []
  }

  private static func target(_ entry: UnsafeMutableRawPointer) -> Target {
    let first = entry.load(as: Int64.self)
    let second = entry.load(fromByteOffset: 8, as: Int64.self)
    guard first < 0 else { return .numbered(Int(first)) }
    return second == 0 ? .batch(Int(-(first + 1))) : .writing(Int(-(first + 1)))
  }

  private static func matches(_ entry: UnsafeMutableRawPointer, _ key: UnsafeRawBufferPointer)
    -> Bool
  {
    guard entry.load(fromByteOffset: 16, as: UInt32.self) == key.count else { return false }
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
