import Foundation

/// A series by its store ids: (fingerprint id, attribute set id) for errors,
/// (metric id, 0) for metrics.
public struct StoredSeries: Hashable, Sendable {
  /// Fingerprint id, or metric id.
  public let first: Int64
  /// Attribute set id, or 0.
  public let second: Int64
}

/// The store ids of a batch's series, by series index, as the writer stored them.
public struct StoredSeriesIDs: Sendable {
  /// Error series (`ImportBatch.errorSeries` order).
  public var errors: [StoredSeries] = []
  /// Metric series (`ImportBatch.metricSeries` order).
  public var metrics: [StoredSeries] = []
}

/// Remembers which series the raw bytes of a row's key cells (fingerprint
/// and attributes) went to, so a row whose key was seen before costs one
/// hash of those bytes instead of strings, attribute sets and keyed
/// dictionary lookups. An entry points at a series of the current batch;
/// after a flush at that series of the batch being written in the
/// background; once that write is done, at its store ids for the rest of
/// the run.
/// An open-addressing table over one byte arena: no allocation per entry.
struct SeriesMemo {
  enum Target: Equatable {
    /// Index into the current batch's series.
    case batch(Int)
    /// Index into the series of the batch being written in the background.
    case writing(Int)
    /// Store ids, valid for the rest of the run.
    case stored(StoredSeries)
  }

  /// 24 bytes: the key's place in the arena and its target, a batch index
  /// stored as `first = -(index + 1)` with `second` 0 (current batch) or 1
  /// (being written).
  private struct Entry {
    var offset: UInt32
    var count: UInt32
    var first: Int64
    var second: Int64

    var target: Target {
      guard first < 0 else { return .stored(StoredSeries(first: first, second: second)) }
      return second == 0 ? .batch(Int(-(first + 1))) : .writing(Int(-(first + 1)))
    }
  }

  private var arena: [UInt8] = []
  private var entries: [Entry] = []
  /// Entry index + 1 per slot; 0 is empty. The count is a power of two.
  private var slots = [Int32](repeating: 0, count: 1024)
  /// Entries pointing into the current batch, and into the one being written.
  private var inBatch: [Int] = []
  private var inWriting: [Int] = []

  /// The target of `key`, if it was recorded.
  func target(_ key: UnsafeRawBufferPointer) -> Target? {
    var slot = Int(truncatingIfNeeded: Self.hash(key)) & (slots.count - 1)
    while slots[slot] != 0 {
      let entry = entries[Int(slots[slot]) - 1]
      if entry.count == key.count, equal(entry, key) { return entry.target }
      slot = (slot + 1) & (slots.count - 1)
    }
    return nil
  }

  /// Records that `key` went to series `index` of the current batch (keys
  /// beyond 4 GiB of distinct key bytes are not recorded; they take the
  /// full path).
  mutating func record(_ key: UnsafeRawBufferPointer, batchSeries index: Int) {
    guard arena.count + key.count < Int(UInt32.max), entries.count < Int(Int32.max) - 1 else {
      return
    }
    if (entries.count + 1) * 4 > slots.count * 3 { grow() }
    entries.append(
      Entry(
        offset: UInt32(arena.count), count: UInt32(key.count), first: -Int64(index + 1), second: 0
      ))
    arena.append(contentsOf: key)
    inBatch.append(entries.count - 1)
    place(entries.count - 1, hash: Self.hash(key))
  }

  /// After a flush: entries of the batch whose write finished point at
  /// store ids (`written`, by series index; nil when none finished), and
  /// entries of the batch just handed over point at it as being written.
  mutating func flushed(written ids: [StoredSeries]?) {
    if let ids {
      for index in inWriting {
        guard case .writing(let series) = entries[index].target, series < ids.count else {
          continue
        }
        entries[index].first = ids[series].first
        entries[index].second = ids[series].second
      }
    }
    inWriting = inBatch
    for index in inWriting { entries[index].second = 1 }
    inBatch = []
  }

  private func equal(_ entry: Entry, _ key: UnsafeRawBufferPointer) -> Bool {
    arena.withUnsafeBytes { stored in
      guard let base = stored.baseAddress, let bytes = key.baseAddress else { return key.isEmpty }
      return memcmp(base + Int(entry.offset), bytes, key.count) == 0
    }
  }

  private mutating func place(_ index: Int, hash: UInt64) {
    var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
    while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
    slots[slot] = Int32(index + 1)
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: slots.count * 2)
    for (index, entry) in entries.enumerated() {
      let key = arena.withUnsafeBytes {
        Self.hash(
          UnsafeRawBufferPointer(rebasing: $0[Int(entry.offset)..<Int(entry.offset + entry.count)]))
      }
      place(index, hash: key)
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
