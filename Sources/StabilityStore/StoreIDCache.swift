import StabilityCore
import StabilitySQLite

/// Integer ids of dimensions already in the store, so repeated imports look
/// each one up once, through statements prepared once per store. Cleared
/// when a transaction rolls back.
struct StoreIDCache {
  var attributeSets: [AttributeSet: Int64] = [:]
  var fingerprints: [ByteString: Int64] = [:]
  var metrics: [MetricSeriesKey: Int64] = [:]
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
    if let id = ids.attributeSets[set] { return id }
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
    ids.attributeSets[set] = id
    return id
  }

  func fingerprintID(_ fingerprint: ByteString) throws -> Int64 {
    if let id = ids.fingerprints[fingerprint] { return id }
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
    ids.fingerprints[fingerprint] = id
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
