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

  /// Numbers starting at `firstError` and `firstMetric`.
  public init(firstError: Int = 0, firstMetric: Int = 0) {
    self.firstError = firstError
    self.firstMetric = firstMetric
  }
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

  /// An entry's fields after the key's length: the last bucket the series
  /// was added to — batch generation (UInt32 at 4, 0: none), hour (UInt32
  /// at 24, hours since 1970), bucket number (UInt32 at 28) — and the
  /// target, `first` (Int64 at 8) and `second` (Int64 at 16): a batch index
  /// is `first = -(index + 1)` with `second` 0 for the current batch, 1 for
  /// the one being written; a series number is `first`.
  private var table = ByteKeyedTable(headerSize: 32)
  /// Entries pointing into the current batch, and into the one being written.
  private var inBatch: [UInt32] = []
  private var inWriting: [UInt32] = []

  /// The target of `key` and its entry, if it was recorded.
  func find(_ key: UnsafeRawBufferPointer) -> (target: Target, entry: Int)? {
    guard let position = table.find(key) else { return nil }
    return (Self.target(table.address(position)), Int(position))
  }

  /// The bucket the entry's series was last added to, if that was at
  /// `hour` in batch `generation`: rows of one series and hour (sources
  /// mostly return rows in time order) skip the batch's bucket lookup.
  func lastBucket(_ entry: Int, hour: Int64, generation: UInt32) -> Int? {
    let entry = table.address(UInt32(truncatingIfNeeded: entry))
    guard entry.load(fromByteOffset: 4, as: UInt32.self) == generation,
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
    let entry = table.address(UInt32(truncatingIfNeeded: entry))
    entry.storeBytes(of: generation, toByteOffset: 4, as: UInt32.self)
    entry.storeBytes(of: hours, toByteOffset: 24, as: UInt32.self)
    entry.storeBytes(of: number, toByteOffset: 28, as: UInt32.self)
  }

  /// Records that `key` went to series `index` of the current batch (keys
  /// over 4 MiB, or beyond 4 GiB of distinct key bytes, are not recorded;
  /// they take the full path).
  mutating func record(_ key: UnsafeRawBufferPointer, batchSeries index: Int) {
    guard let position = table.add(key) else { return }
    table.address(position).storeBytes(of: -Int64(index + 1), toByteOffset: 8, as: Int64.self)
    inBatch.append(position)
  }

  /// After a flush: entries of the batch whose write finished point at the
  /// numbers it gave (series `i` got `firstNumber + i`; nil when no write
  /// finished), and entries of the batch just handed over point at it as
  /// being written.
  mutating func flushed(firstNumber: Int?) {
    if let firstNumber {
      for position in inWriting {
        let entry = table.address(position)
        guard case .writing(let series) = Self.target(entry) else { continue }
        entry.storeBytes(of: Int64(firstNumber + series), toByteOffset: 8, as: Int64.self)
        entry.storeBytes(of: 0, toByteOffset: 16, as: Int64.self)
      }
    }
    for position in inBatch {
      table.address(position).storeBytes(of: 1, toByteOffset: 16, as: Int64.self)
    }
    inWriting = inBatch
    inBatch = []
  }

  private static func target(_ entry: UnsafeMutableRawPointer) -> Target {
    let first = entry.load(fromByteOffset: 8, as: Int64.self)
    let second = entry.load(fromByteOffset: 16, as: Int64.self)
    guard first < 0 else { return .numbered(Int(first)) }
    return second == 0 ? .batch(Int(-(first + 1))) : .writing(Int(-(first + 1)))
  }
}
