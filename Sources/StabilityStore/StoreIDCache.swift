import StabilityCore
import StabilityIngest
import StabilitySQLite

/// Integer ids of dimensions already in the store, so repeated imports look
/// each one up once, through statements prepared once per store. Cleared
/// when a transaction rolls back.
///
/// Fingerprints and attribute sets — looked up once per new series, up to
/// a million per run — are keyed by bytes: a fingerprint's UTF-8, a set's
/// pairs encoded as `MemoKey` text cells (name, value, …) in one reused
/// buffer (`AttributeSet.storageKey` would build a string per lookup).
struct StoreIDCache {
  var attributeSets = ByteKeyedIDs()
  var fingerprints = ByteKeyedIDs()
  var metrics: [MetricSeriesKey: Int64] = [:]
  /// The attribute set being looked up, encoded.
  let attributeSetKey = MemoKey()
}

/// Store ids by byte keys (`ByteKeyedTable` entries holding the id at 8).
struct ByteKeyedIDs {
  private var table = ByteKeyedTable(headerSize: 16)

  /// The id of `key`, if noted.
  func id(_ key: UnsafeRawBufferPointer) -> Int64? {
    table.find(key).map { table.address($0).load(fromByteOffset: 8, as: Int64.self) }
  }

  /// Notes `key`'s id (a key the table cannot hold is looked up in the
  /// store each time).
  mutating func note(_ key: UnsafeRawBufferPointer, id: Int64) {
    guard let position = table.add(key) else { return }
    table.address(position).storeBytes(of: id, toByteOffset: 8, as: Int64.self)
  }
}

/// The statements of the import path, prepared on first use and kept.
final class StoreStatements {
  private let database: SQLiteDatabase
  private var cache: [String: SQLiteStatement] = [:]

  init(database: SQLiteDatabase) { self.database = database }

  /// The prepared statement for `sql`, reset and ready to bind.
  func callAsFunction(_ sql: String) throws -> SQLiteStatement {
    if let statement = cache[sql] {
      statement.reset()
      return statement
    }
    let statement = try database.prepare(sql)
    cache[sql] = statement
    return statement
  }
}

extension Store {
  func attributeSetID(_ set: AttributeSet) throws -> Int64 {
    let encoded = ids.attributeSetKey
    encoded.removeAll()
    for pair in set.pairs {
      var (name, value) = (pair.name.string, pair.value.string)
      name.withUTF8 { encoded.append(text: $0) }
      value.withUTF8 { encoded.append(text: $0) }
    }
    if let id = ids.attributeSets.id(encoded.bytes) { return id }
    let key = set.storageKey
    let id: Int64
    if let existing = try existingID("SELECT id FROM attribute_sets WHERE key = ?", [.text(key)]) {
      id = existing
    } else {
      let insert = try statements("INSERT INTO attribute_sets(key) VALUES (?)")
      try insert.bind(.text(key))
      try insert.run()
      id = database.lastInsertRowID
      let values = try statements(
        "INSERT INTO attribute_values(set_id, name, value) VALUES (?, ?, ?)")
      for pair in set.pairs {
        try values.bind(.integer(id), .text(pair.name.string), .text(pair.value.string))
        try values.run()
      }
    }
    ids.attributeSets.note(encoded.bytes, id: id)
    return id
  }

  func fingerprintID(_ fingerprint: ByteString) throws -> Int64 {
    var text = fingerprint.string
    if let id = text.withUTF8({ ids.fingerprints.id(UnsafeRawBufferPointer($0)) }) { return id }
    let id: Int64
    if let existing = try existingID(
      "SELECT id FROM fingerprints WHERE fingerprint = ?", [.text(fingerprint.string)])
    {
      id = existing
    } else {
      let insert = try statements("INSERT INTO fingerprints(fingerprint) VALUES (?)")
      try insert.bind(.text(fingerprint.string))
      try insert.run()
      id = database.lastInsertRowID
    }
    text.withUTF8 { ids.fingerprints.note(UnsafeRawBufferPointer($0), id: id) }
    return id
  }

  func metricID(_ series: MetricSeriesKey) throws -> Int64 {
    if let id = ids.metrics[series] { return id }
    let setID = try attributeSetID(series.attributes)
    let values: [SourceValue] = [.text(series.group), .text(series.metric), .integer(setID)]
    let id: Int64
    if let existing = try existingID(
      "SELECT id FROM metrics WHERE group_id = ? AND name = ? AND attribute_set_id = ?", values)
    {
      id = existing
    } else {
      let insert = try statements(
        "INSERT INTO metrics(group_id, name, attribute_set_id) VALUES (?, ?, ?)")
      for (offset, value) in values.enumerated() { try insert.bind(value, at: Int32(offset + 1)) }
      try insert.run()
      id = database.lastInsertRowID
    }
    ids.metrics[series] = id
    return id
  }

  private func existingID(_ sql: String, _ values: [SourceValue]) throws -> Int64? {
    let select = try statements(sql)
    defer { select.reset() }
    for (offset, value) in values.enumerated() { try select.bind(value, at: Int32(offset + 1)) }
    return try select.step() ? select.integer(0) : nil
  }
}
