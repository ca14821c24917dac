import StabilityCore
import StabilityStore

/// The window's error figures by attribute. They do not depend on the metric
/// group, so the window's buckets are read once per report (one range scan by
/// integer ids) and summed per (fingerprint, attribute set) and per (hour,
/// attribute set); each attribute's view maps sets to that attribute's value.
final class WindowErrors {
  private let store: CountedStore
  private let window: ReportWindow
  private var loaded: Sums?
  private var cells: [String: WindowCells] = [:]
  private var seen: [String: EverSeen] = [:]
  private var hourly: [String: [(hour: Int64, value: ByteString, errors: Int64)]] = [:]
  private var attributeErrors: [String: AttributeErrors] = [:]
  private var perHour: [String: [(fingerprint: ByteString, hour: Int64, errors: Int64)]] = [:]
  private var lookups: [String: ValueLookup] = [:]

  /// Sums over the window's buckets by integer ids, in flat arrays.
  private struct Sums {
    /// (fingerprint id, attribute set id), numbered.
    var series = FlatIndex<IntPair>()
    /// Sums per numbered series.
    var seriesTallies: [ErrorTally] = []
    /// (hour, attribute set id), numbered.
    var hours = FlatIndex<IntPair>()
    /// E per numbered hour.
    var hourErrors: [Int64] = []
    /// Store ids of the window's fingerprints, ascending: a fingerprint's
    /// position here is its index in `WindowCells`.
    var fingerprintIDs: [Int64] = []
    /// Their texts, by index.
    var fingerprintTexts: [ByteString] = []
    /// The fingerprint index of each numbered series (beside `seriesTallies`).
    var seriesFingerprints: [Int32] = []

    /// The index of the fingerprint with store id `id` (one of the window's).
    func fingerprintIndex(_ id: Int64) -> Int32 {
      var (low, high) = (0, fingerprintIDs.count)
      while low < high {
        let middle = (low + high) / 2
        if fingerprintIDs[middle] < id { low = middle + 1 } else { high = middle }
      }
      return Int32(low)
    }
  }

  init(store: CountedStore, window: ReportWindow) {
    self.store = store
    self.window = window
  }

  /// The error side of `attribute`'s table, shared by every metric group.
  func attributeErrors(_ attribute: LinkedAttribute) throws -> AttributeErrors {
    let name = attribute.name
    let fallback = attribute.defaultValue
    return try Self.memo(&attributeErrors, attribute.ordered ? name : "-" + name, fallback) {
      AttributeErrors(
        attribute: attribute, cells: try cells(attribute: name, defaultValue: fallback),
        everSeen: attribute.ordered ? try seen(attribute: name, defaultValue: fallback) : nil)
    }
  }

  /// E, I and approximate per (fingerprint, value) of `attribute` in the
  /// window, ordered by fingerprint (a fingerprint's cells are adjacent).
  func cells(attribute: String, defaultValue: String) throws -> WindowCells {
    try Self.memo(&cells, attribute, defaultValue) {
      let sums = try load()
      let valueOf = try valueLookup(attribute, defaultValue)
      let keys = sums.series.keys
      var mapped = keys.indices.map { series in
        ErrorCell(
          tally: sums.seriesTallies[series], fingerprintIndex: sums.seriesFingerprints[series],
          valueIndex: Int32(valueOf.index(keys[series].second)))
      }
      mapped.sort { $0.sortKey < $1.sortKey }
      var cells: [ErrorCell] = []
      for cell in mapped {
        if let last = cells.last, last.sortKey == cell.sortKey {
          cells[cells.count - 1].tally.add(cell.tally)
        } else {
          cells.append(cell)
        }
      }
      return WindowCells(
        cells: cells, values: valueOf.values, fingerprints: sums.fingerprintTexts)
    }
  }

  /// Every value each window fingerprint with errors ever had errors at,
  /// anywhere in the store (pairs may repeat: first_seen needs only the
  /// lowest).
  func seen(attribute: String, defaultValue: String) throws -> EverSeen {
    try Self.memo(&seen, attribute, defaultValue) {
      let sums = try load()
      let valueOf = try valueLookup(attribute, defaultValue)
      var withErrors = [Bool](repeating: false, count: sums.fingerprintIDs.count)
      for (fingerprint, tally) in zip(sums.seriesFingerprints, sums.seriesTallies)
      where tally.count > 0 {
        withErrors[Int(fingerprint)] = true
      }
      let ids = sums.fingerprintIDs.indices.lazy.filter { withErrors[$0] }
        .map { sums.fingerprintIDs[$0] }
      var pairs: [(fingerprint: Int32, value: Int32)] = []
      for (fingerprint, set) in try store.store.attributeSetsEverSeen(ids) {
        pairs.append((sums.fingerprintIndex(fingerprint), Int32(valueOf.index(set))))
      }
      return EverSeen(pairs: pairs, values: valueOf.values)
    }
  }

  /// E per hour of each of `fingerprints` (the top ones, for their pages);
  /// every group lists the same top fingerprints, so this is asked once.
  func perHour(of fingerprints: [ByteString]) throws
    -> [(fingerprint: ByteString, hour: Int64, errors: Int64)]
  {
    let key = fingerprints.map { "\($0.string.utf8.count):\($0.string)" }.joined()
    return try Self.memo(&perHour, key, "") {
      try store.errorsPerHour(of: fingerprints, start: window.start, end: window.end)
    }
  }

  /// E per (hour, value of `attribute`) in the window, for the daily series.
  func byHour(attribute: String, defaultValue: String) throws
    -> [(hour: Int64, value: ByteString, errors: Int64)]
  {
    try Self.memo(&hourly, attribute, defaultValue) {
      let sums = try load()
      let valueOf = try valueLookup(attribute, defaultValue)
      var cells = FlatIndex<IntPair>()
      var errors: [Int64] = []
      for (key, count) in zip(sums.hours.keys, sums.hourErrors) {
        let index = cells.index(IntPair(first: key.first, second: valueOf.index(key.second)))
        if index == errors.count { errors.append(0) }
        errors[index] = Int64.saturatingSum(errors[index], count)
      }
      return zip(cells.keys, errors).map { ($0.first, valueOf.values[Int($0.second)], $1) }
    }
  }

  /// Attribute set id → index of its value of `attribute` (the default when absent).
  private struct ValueLookup {
    var values: [ByteString]
    var indexBySet: [Int64: Int64]
    func index(_ set: Int64) -> Int64 { indexBySet[set] ?? 0 }
  }

  /// Asked of the store once per attribute: cells, first_seen and the
  /// hourly series all map sets to values.
  private func valueLookup(_ attribute: String, _ defaultValue: String) throws -> ValueLookup {
    try Self.memo(&lookups, attribute, defaultValue) {
      var lookup = ValueLookup(values: [ByteString(defaultValue)], indexBySet: [:])
      var indexByValue: [ByteString: Int64] = [ByteString(defaultValue): 0]
      for (set, value) in try store.store.attributeValues(named: attribute) {
        let index: Int64
        if let known = indexByValue[value] {
          index = known
        } else {
          index = Int64(lookup.values.count)
          lookup.values.append(value)
          indexByValue[value] = index
        }
        lookup.indexBySet[set] = index
      }
      return lookup
    }
  }

  private func load() throws -> Sums {
    if let loaded { return loaded }
    var sums = Sums()
    // Series are at most the buckets, and usually most of them.
    sums.series.reserveCapacity(try store.errorBucketCount(start: window.start, end: window.end))
    try store.forEachErrorBucket(start: window.start, end: window.end) { row in
      let series = sums.series.index(IntPair(first: row.fingerprintID, second: row.attributeSetID))
      if series == sums.seriesTallies.count { sums.seriesTallies.append(ErrorTally()) }
      sums.seriesTallies[series].add(
        ErrorTally(count: row.count, impacted: row.impacted, approximate: row.approximate))
      let hour = sums.hours.index(IntPair(first: row.hour, second: row.attributeSetID))
      if hour == sums.hourErrors.count { sums.hourErrors.append(0) }
      sums.hourErrors[hour] = Int64.saturatingSum(sums.hourErrors[hour], row.count)
    }
    sums.fingerprintIDs = Set(sums.series.keys.map(\.first)).sorted()
    let texts = try store.store.fingerprintTexts(sums.fingerprintIDs)
    sums.fingerprintTexts = sums.fingerprintIDs.map { texts[$0] ?? ByteString("") }
    sums.seriesFingerprints = sums.series.keys.map { sums.fingerprintIndex($0.first) }
    loaded = sums
    return sums
  }

  private static func memo<T>(
    _ cache: inout [String: T], _ attribute: String, _ defaultValue: String, load: () throws -> T
  ) throws -> T {
    let key = "\(attribute.utf8.count):\(attribute)\(defaultValue)"
    if let known = cache[key] { return known }
    let loaded = try load()
    cache[key] = loaded
    return loaded
  }
}

/// Error figures of one (fingerprint, attribute value) cell of the window:
/// 32 bytes, numbers for both, so 10^6 cells are 32 MB.
struct ErrorCell: Sendable {
  /// E, I and approximate.
  var tally: ErrorTally
  /// The fingerprint's index in `WindowCells.fingerprints`.
  var fingerprintIndex: Int32
  /// The value's index in `WindowCells.values`.
  var valueIndex: Int32

  /// Fingerprint, then value.
  var sortKey: UInt64 {
    UInt64(UInt32(bitPattern: fingerprintIndex)) << 32 | UInt64(UInt32(bitPattern: valueIndex))
  }
}

/// (fingerprint index, value index) pairs of errors anywhere in the store.
struct EverSeen: Sendable {
  let pairs: [(fingerprint: Int32, value: Int32)]
  /// The attribute's values, by index.
  let values: [ByteString]
}

/// One attribute's cells over the window, with the texts they number.
struct WindowCells: Sendable {
  /// Ordered by fingerprint index, then value index; one per pair.
  let cells: [ErrorCell]
  /// The attribute's values, by `ErrorCell.valueIndex` (the default first).
  let values: [ByteString]
  /// The window's fingerprints (store id order), by `ErrorCell.fingerprintIndex`.
  let fingerprints: [ByteString]
}
