/// The numbers a write gave a batch's series for the rest of the run:
/// series `i` of the batch (`ImportBatch.errorSeries`, `.metricSeries`
/// order) is number `firstError + i`, or `firstMetric + i`. The writer
/// keeps each number's store ids in a flat array, so later batches refer
/// to these series by number, and the writer counts per number without
/// hashing.
package struct SeriesNumbers: Sendable, Equatable {
  /// The number of the batch's first error series.
  package var firstError = 0
  /// The number of the batch's first metric series.
  package var firstMetric = 0

  /// Numbers starting at `firstError` and `firstMetric`.
  public init(firstError: Int = 0, firstMetric: Int = 0) {
    self.firstError = firstError
    self.firstMetric = firstMetric
  }
}

/// Whether and how an import remembers rows' key bytes (`SeriesMemo`).
package enum KeyMemo: Sendable, Equatable {
  /// Every row takes the full path (to test that both paths store the same).
  case off
  /// Rows whose key bytes were seen before skip the full path; the memo
  /// prunes once it holds `pruneAt` bytes.
  case on(pruneAt: Int)

  /// The memo imports use: pruned at `SeriesMemo.standardPruneAt`.
  package static let standard = KeyMemo.on(pruneAt: SeriesMemo.standardPruneAt)
}

/// Remembers which series the raw bytes of a row's key cells (fingerprint
/// and attributes) went to, so a row whose key was seen before costs one
/// hash of those bytes instead of strings, attribute sets and keyed
/// dictionary lookups. An entry points at a series of the current batch;
/// after a flush at that series of the batch being written in the
/// background; once that write is done, at its number for the rest of the
/// run (`SeriesNumbers`). Over a `ByteKeyedTable`: a lookup touches two places (memory latency is most
/// of its cost with a million series), its slot and the entry — target and
/// key bytes side by side.
struct SeriesMemo {
  enum Target: Equatable {
    /// Index into the current batch's series.
    case batch(Int)
    /// Index into the series of the batch being written in the background.
    case writing(Int)
    /// The series' number for the run.
    case numbered(Int)
  }

  /// The entries: a key's bytes after an `Entry` header.
  private var table = ByteKeyedTable(headerSize: Entry.size)
  /// Entries pointing into the current batch, and into the one being written.
  private var inBatch: [UInt32] = []
  private var inWriting: [UInt32] = []
  /// The table size (`ByteKeyedTable.memorySize`) from which a flush prunes.
  private let pruneAt: Int
  /// The keys the last prune kept: the next waits for twice as many.
  private var keptByLastPrune = 0

  /// Where imports prune: 32 MiB, about 500,000 short keys.
  static let standardPruneAt = 32 << 20

  /// A memo pruned at flushes once it holds `pruneAt` bytes.
  init(pruneAt: Int = standardPruneAt) {
    self.pruneAt = pruneAt
  }

  /// The keys recorded and not pruned.
  var count: Int { table.count }

  /// The target of `key` and its entry, if it was recorded.
  func find(_ key: UnsafeRawBufferPointer) -> (target: Target, entry: Int)? {
    guard let position = table.find(key) else { return nil }
    return (entry(position).target, Int(position))
  }

  /// The bucket the entry's series was last added to, if that was at
  /// `hour` in batch `generation`: rows of one series and hour (sources
  /// mostly return rows in time order) skip the batch's bucket lookup.
  func lastBucket(_ entry: Int, hour: Int64, generation: UInt32) -> Int? {
    let entry = self.entry(UInt32(truncatingIfNeeded: entry))
    guard entry.lastGeneration == generation, Int64(entry.lastHour) * 3600 == hour else {
      return nil
    }
    return Int(entry.lastBucket)
  }

  /// Notes the bucket the entry's series was added to (not noted: hours
  /// before 1970 or after 2459, bucket numbers beyond UInt32).
  mutating func setLastBucket(_ entry: Int, hour: Int64, generation: UInt32, bucket: Int) {
    guard let number = UInt32(exactly: bucket), hour % 3600 == 0,
      let hours = UInt32(exactly: hour / 3600)
    else { return }
    let entry = self.entry(UInt32(truncatingIfNeeded: entry))
    entry.lastGeneration = generation
    entry.lastHour = hours
    entry.lastBucket = number
  }

  /// Records that `key` went to series `index` of the current batch (keys
  /// over 4 MiB, or beyond 4 GiB of distinct key bytes, are not recorded;
  /// they take the full path).
  mutating func record(_ key: UnsafeRawBufferPointer, batchSeries index: Int) {
    guard let position = table.add(key) else { return }
    entry(position).target = .batch(index)
    inBatch.append(position)
  }

  /// After a flush: entries of the batch whose write finished point at the
  /// numbers it gave (series `i` got `firstNumber + i`; nil when no write
  /// finished), and entries of the batch just handed over point at it as
  /// being written.
  mutating func flushed(firstNumber: Int?) {
    if let firstNumber {
      for position in inWriting {
        let entry = entry(position)
        guard case .writing(let series) = entry.target else { continue }
        entry.target = .numbered(firstNumber + series)
      }
    }
    for position in inBatch {
      let entry = entry(position)
      guard case .batch(let series) = entry.target else { continue }
      entry.target = .writing(series)
    }
    inWriting = inBatch
    inBatch = []
    if table.memorySize >= pruneAt, table.count >= 2 * keptByLastPrune { prune() }
  }

  /// Drops the entries of numbered series that no row found since they were
  /// recorded. Most keys of a high-cardinality source occur once (82% of
  /// the series of a year over 500,000 fingerprints), and an entry costs
  /// ~65 bytes with its slot; a dropped key seen again takes the full path
  /// and its series a new number (the writer sums numbers of one series),
  /// about 24 bytes. Runs right after a flush, when no entry points into
  /// the current batch; entries of the batch being written are kept. The
  /// next prune waits for twice the keys this one kept, so pruning a memo of
  /// keys that all recur costs O(1) per key. A failed copy keeps the old
  /// table.
  private mutating func prune() {
    var keeping = 0
    table.forEachPosition { if keeps(entry($0)) { keeping += 1 } }
    var kept = ByteKeyedTable(headerSize: Entry.size, capacity: keeping)
    var writing: [UInt32] = []
    writing.reserveCapacity(inWriting.count)
    var complete = true
    table.forEachPosition { position in
      guard complete else { return }
      let old = entry(position)
      guard keeps(old) else { return }
      let target = old.target
      guard let moved = kept.add(table.key(at: position)) else {
        complete = false
        return
      }
      (kept.address(moved) + 4).copyMemory(from: old.start + 4, byteCount: Entry.size - 4)
      if case .writing = target { writing.append(moved) }
    }
    guard complete else { return }
    (table, inWriting, keptByLastPrune) = (kept, writing, kept.count)
  }

  /// Whether a prune keeps the entry: one found again, or not numbered yet.
  private func keeps(_ entry: Entry) -> Bool {
    if case .numbered = entry.target { entry.lastGeneration != 0 } else { true }
  }

  private func entry(_ position: UInt32) -> Entry { Entry(start: table.address(position)) }

  /// A memo entry's fields, read and written by name where the table keeps
  /// them: in its arena, before the key's bytes (the table's own key length
  /// takes bytes 0..<4). A fresh entry is zeroed: no last bucket. 24 bytes,
  /// since a million-series import holds a million entries.
  private struct Entry {
    /// Bytes before the key.
    static let size = 24
    private static let lastGenerationOffset = 4
    private static let lastHourOffset = 8
    private static let lastBucketOffset = 12
    /// The target: its kind in the top two bits, its index below.
    private static let targetOffset = 16
    private static let kindShift: UInt64 = 62

    let start: UnsafeMutableRawPointer

    /// The batch generation of the last bucket (0: none yet).
    var lastGeneration: UInt32 {
      get { start.load(fromByteOffset: Self.lastGenerationOffset, as: UInt32.self) }
      nonmutating set {
        start.storeBytes(of: newValue, toByteOffset: Self.lastGenerationOffset, as: UInt32.self)
      }
    }
    /// The last bucket's hour, in hours since 1970.
    var lastHour: UInt32 {
      get { start.load(fromByteOffset: Self.lastHourOffset, as: UInt32.self) }
      nonmutating set {
        start.storeBytes(of: newValue, toByteOffset: Self.lastHourOffset, as: UInt32.self)
      }
    }
    /// The last bucket's number in its batch.
    var lastBucket: UInt32 {
      get { start.load(fromByteOffset: Self.lastBucketOffset, as: UInt32.self) }
      nonmutating set {
        start.storeBytes(of: newValue, toByteOffset: Self.lastBucketOffset, as: UInt32.self)
      }
    }
    /// Where the key's series is (indices and numbers stay far below 2^62:
    /// they count series held in memory).
    var target: Target {
      get {
        let packed = start.load(fromByteOffset: Self.targetOffset, as: UInt64.self)
        let index = Int(packed & (1 << Self.kindShift - 1))
        switch packed >> Self.kindShift {
        case 1: return .writing(index)
        case 2: return .numbered(index)
        default: return .batch(index)
        }
      }
      nonmutating set {
        let (kind, index): (UInt64, Int) =
          switch newValue {
          case .batch(let index): (0, index)
          case .writing(let index): (1, index)
          case .numbered(let number): (2, number)
          }
        start.storeBytes(
          of: kind << Self.kindShift | UInt64(index), toByteOffset: Self.targetOffset,
          as: UInt64.self)
      }
    }
  }
}
