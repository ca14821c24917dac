import StabilityCore
import StabilitySQLite

/// `error_value_hours` from one scan of the buckets: the per-value sums
/// that the release hour, the age-matched comparison and the release
/// history read (method §3).
extension Store {
  /// Recomputes `error_value_hours` for `[start, end)` from every
  /// importer's error buckets there, in one pass over them in primary-key
  /// order (hour first): per hour, sums per attribute set and importer, then
  /// per attribute value of each set — no sort and no join, memory for one
  /// hour's sets (SQL's `GROUP BY` sorted every bucket of the span). A sum
  /// past `Int64.max` throws `CountOverflow` naming the hour and value.
  func refreshErrorValueSums(start: Int64, end: Int64) throws {
    let delete = try database.prepare(
      "DELETE FROM error_value_hours WHERE hour >= ?1 AND hour < ?2")
    try delete.bind(.integer(start), .integer(end))
    try delete.run()
    let scan = try database.prepare(
      """
      SELECT hour, attribute_set_id, importer_id, count, impacted FROM error_buckets
      WHERE hour >= ?1 AND hour < ?2
      """)
    try scan.bind(.integer(start), .integer(end))
    var sums = HourSums(values: try AttributeValueLookup(database))
    let insert = try database.prepare(
      """
      INSERT INTO error_value_hours(hour, attribute, value, importer_id, count, impacted)
      VALUES (?, ?, ?, ?, ?, ?)
      """)
    while try scan.step() {
      let hour = scan.integer(0)
      if hour != sums.hour { try sums.write(into: insert) }
      sums.hour = hour
      try sums.add(
        set: scan.integer(1), importer: scan.integer(2), count: scan.integer(3),
        impacted: scan.integer(4))
    }
    try sums.write(into: insert)
  }
}

/// One hour's error sums per attribute set and importer, written out per
/// attribute value.
private struct HourSums {
  private struct SetKey: Hashable {
    let set: Int64
    let importer: Int64
  }
  private struct ValueKey: Hashable {
    let attribute: String
    let value: String
    let importer: Int64
  }

  private var values: AttributeValueLookup
  /// The hour being summed.
  var hour: Int64 = .min
  private var bySet: [SetKey: ErrorSum] = [:]

  init(values: AttributeValueLookup) {
    self.values = values
  }

  /// Adds a bucket's figures to its set's sum for the hour (per row: the
  /// set's values are looked up when the hour is written, or on overflow).
  /// A set without attribute values adds to no value's sum, so its own
  /// overflow is no error.
  mutating func add(set: Int64, importer: Int64, count: Int64, impacted: Int64) throws {
    if bySet[SetKey(set: set, importer: importer), default: ErrorSum()].add(count, impacted) {
      return
    }
    guard let first = try values.values(ofSet: set).first else { return }
    throw CountOverflow(hour: hour, value: first)
  }

  /// Writes the hour's sums per attribute value, in primary-key order, and
  /// starts the next hour.
  mutating func write(into insert: SQLiteStatement) throws {
    defer { bySet.removeAll(keepingCapacity: true) }
    var byValue: [ValueKey: ErrorSum] = [:]
    for (key, sum) in bySet {
      for value in try values.values(ofSet: key.set) {
        guard
          byValue[
            ValueKey(attribute: value.attribute, value: value.value, importer: key.importer),
            default: ErrorSum()
          ].add(sum.count, sum.impacted)
        else { throw CountOverflow(hour: hour, value: value) }
      }
    }
    let rows = byValue.sorted {
      ($0.key.attribute.utf8.lexicographicallyPrecedes($1.key.attribute.utf8))
        || ($0.key.attribute == $1.key.attribute
          && ($0.key.value.utf8.lexicographicallyPrecedes($1.key.value.utf8)
            || ($0.key.value == $1.key.value && $0.key.importer < $1.key.importer)))
    }
    for (key, sum) in rows {
      try insert.bind(
        .integer(hour), .text(key.attribute), .text(key.value), .integer(key.importer),
        .integer(sum.count), .integer(sum.impacted))
      try insert.run()
    }
  }
}

/// A count and impacted sum that refuses to pass `Int64.max`.
private struct ErrorSum {
  var count: Int64 = 0
  var impacted: Int64 = 0

  /// Adds the figures; false (and unchanged) when either sum would overflow.
  mutating func add(_ count: Int64, _ impacted: Int64) -> Bool {
    let (newCount, countOverflow) = self.count.addingReportingOverflow(count)
    let (newImpacted, impactedOverflow) = self.impacted.addingReportingOverflow(impacted)
    guard !countOverflow, !impactedOverflow else { return false }
    (self.count, self.impacted) = (newCount, newImpacted)
    return true
  }
}

/// The attribute values of attribute sets, read once per set.
private struct AttributeValueLookup {
  private let statement: SQLiteStatement
  private var known: [Int64: [(attribute: String, value: String)]] = [:]

  init(_ database: SQLiteDatabase) throws {
    statement = try database.prepare("SELECT name, value FROM attribute_values WHERE set_id = ?")
  }

  /// The set's (attribute, value) pairs; none for a set without attributes.
  mutating func values(ofSet set: Int64) throws -> [(attribute: String, value: String)] {
    if let values = known[set] { return values }
    statement.reset()
    statement.bind(integer: set, at: 1)
    var values: [(attribute: String, value: String)] = []
    while try statement.step() {
      values.append((statement.text(0) ?? "", statement.text(1) ?? ""))
    }
    known[set] = values
    return values
  }
}
