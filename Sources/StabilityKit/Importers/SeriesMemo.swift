import Foundation

/// A series by its store ids: (fingerprint id, attribute set id) for errors,
/// (metric id, 0) for metrics.
public struct StoredSeries: Hashable, Sendable {
  /// Fingerprint id, or metric id.
  public let first: Int64
  /// Attribute set id, or 0.
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
/// An open-addressing table over one byte arena, no allocation per entry.
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
  /// the one being written; a series number is `first`), the key's length (UInt32), the last bucket
  /// the series was added to — batch generation (UInt32, 0: none), hour
  /// (UInt32, hours since 1970), bucket number (UInt32) — then the key's
  /// bytes, padding to 8 bytes.
  private static let headerSize = 32

  private var arena: [UInt8] = []
  /// Per slot, the high 32 bits of the key's hash and the entry's offset + 1
  /// in the low 32 bits; 0 is empty. The count is a power of two.
  private var slots = [UInt64](repeating: 0, count: 1024)
  private var count = 0
  /// Offsets of entries pointing into the current batch, and into the one
  /// being written.
  private var inBatch: [Int] = []
  private var inWriting: [Int] = []

  /// The target of `key` and its entry, if it was recorded.
  func find(_ key: UnsafeRawBufferPointer) -> (target: Target, entry: Int)? {
    let hash = Self.hash(key)
    let tag = hash & 0xFFFF_FFFF_0000_0000
    let mask = slots.count - 1
    return slots.withUnsafeBufferPointer { slots in
      arena.withUnsafeBytes { arena in
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
          if slots[slot] & 0xFFFF_FFFF_0000_0000 == tag {
            let offset = Int(slots[slot] & 0xFFFF_FFFF) - 1
            if Self.matches(arena, offset, key) { return (Self.target(arena, offset), offset) }
          }
          slot = (slot + 1) & mask
        }
        return nil
      }
    }
  }

  /// The bucket the entry's series was last added to, if that was at
  /// `hour` in batch `generation`: rows of one series and hour (sources
  /// mostly return rows in time order) skip the batch's bucket lookup.
  func lastBucket(_ entry: Int, hour: Int64, generation: UInt32) -> Int? {
    arena.withUnsafeBytes { arena in
      guard arena.loadUnaligned(fromByteOffset: entry + 20, as: UInt32.self) == generation,
        Int64(arena.loadUnaligned(fromByteOffset: entry + 24, as: UInt32.self)) * 3600 == hour
      else { return nil }
      return Int(arena.loadUnaligned(fromByteOffset: entry + 28, as: UInt32.self))
    }
  }

  /// Notes the bucket the entry's series was added to (not noted: hours
  /// before 1970 or after 2459, bucket numbers beyond UInt32).
  mutating func setLastBucket(_ entry: Int, hour: Int64, generation: UInt32, bucket: Int) {
    guard let number = UInt32(exactly: bucket), hour % 3600 == 0,
      let hours = UInt32(exactly: hour / 3600)
    else { return }
    arena.withUnsafeMutableBytes { arena in
      arena.storeBytes(of: generation, toByteOffset: entry + 20, as: UInt32.self)
      arena.storeBytes(of: hours, toByteOffset: entry + 24, as: UInt32.self)
      arena.storeBytes(of: number, toByteOffset: entry + 28, as: UInt32.self)
    }
  }

  /// Records that `key` went to series `index` of the current batch (keys
  /// beyond 4 GiB of distinct key bytes are not recorded; they take the
  /// full path).
  mutating func record(_ key: UnsafeRawBufferPointer, batchSeries index: Int) {
    let offset = arena.count
    let size = (Self.headerSize + key.count + 7) & ~7
    guard offset + size < Int(UInt32.max) else { return }
    if (count + 1) * 4 > slots.count * 3 { grow() }
    arena.append(contentsOf: repeatElement(0, count: size))
    arena.withUnsafeMutableBytes { arena in
      arena.storeBytes(of: -Int64(index + 1), toByteOffset: offset, as: Int64.self)
      arena.storeBytes(of: 0, toByteOffset: offset + 8, as: Int64.self)
      arena.storeBytes(of: UInt32(key.count), toByteOffset: offset + 16, as: UInt32.self)
      if let bytes = key.baseAddress, let base = arena.baseAddress {
        (base + offset + Self.headerSize).copyMemory(from: bytes, byteCount: key.count)
      }
    }
    count += 1
    inBatch.append(offset)
    place(offset, hash: Self.hash(key))
  }

  /// After a flush: entries of the batch whose write finished point at the
  /// numbers it gave (series `i` got `firstNumber + i`; nil when no write
  /// finished), and entries of the batch just handed over point at it as
  /// being written.
  mutating func flushed(firstNumber: Int?) {
    arena.withUnsafeMutableBytes { arena in
      if let firstNumber {
        for offset in inWriting {
          guard case .writing(let series) = Self.target(UnsafeRawBufferPointer(arena), offset)
          else { continue }
          arena.storeBytes(of: Int64(firstNumber + series), toByteOffset: offset, as: Int64.self)
          arena.storeBytes(of: 0, toByteOffset: offset + 8, as: Int64.self)
        }
      }
      for offset in inBatch { arena.storeBytes(of: 1, toByteOffset: offset + 8, as: Int64.self) }
    }
    inWriting = inBatch
    inBatch = []
  }

  private static func target(_ arena: UnsafeRawBufferPointer, _ offset: Int) -> Target {
    let first = arena.loadUnaligned(fromByteOffset: offset, as: Int64.self)
    let second = arena.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)
    guard first < 0 else { return .numbered(Int(first)) }
    return second == 0 ? .batch(Int(-(first + 1))) : .writing(Int(-(first + 1)))
  }

  private static func matches(
    _ arena: UnsafeRawBufferPointer, _ offset: Int, _ key: UnsafeRawBufferPointer
  ) -> Bool {
    guard arena.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self) == key.count else {
      return false
    }
    guard let bytes = key.baseAddress, let base = arena.baseAddress else { return key.isEmpty }
    return memcmp(base + offset + headerSize, bytes, key.count) == 0
  }

  private static func key(_ arena: UnsafeRawBufferPointer, _ offset: Int) -> UnsafeRawBufferPointer
  {
    let count = Int(arena.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self))
    return UnsafeRawBufferPointer(
      rebasing: arena[(offset + headerSize)..<(offset + headerSize + count)])
  }

  private mutating func place(_ offset: Int, hash: UInt64) {
    var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
    while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
    slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(offset + 1)
  }

  private mutating func grow() {
    let old = slots
    slots = [UInt64](repeating: 0, count: slots.count * 2)
    for slot in old where slot != 0 {
      let offset = Int(slot & 0xFFFF_FFFF) - 1
      place(offset, hash: arena.withUnsafeBytes { Self.hash(Self.key($0, offset)) })
    }
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
