/// Integer ids of dimensions already in the store, so repeated imports look
/// each one up once. Cleared when a transaction rolls back.
struct StoreIDCache {
  var attributeSets: [AttributeSet: Int64] = [:]
  var fingerprints: [ByteString: Int64] = [:]
  var metrics: [MetricSeriesKey: Int64] = [:]
}

extension Store {
  func attributeSetID(_ set: AttributeSet) throws -> Int64 {
    if let id = ids.attributeSets[set] { return id }
    let id = try upsertID(
      insert: "INSERT INTO attribute_sets(key) VALUES (?) ON CONFLICT(key) DO NOTHING",
      select: "SELECT id FROM attribute_sets WHERE key = ?", values: [.text(set.storageKey)])
    let values = try database.prepare(
      "INSERT OR IGNORE INTO attribute_values(set_id, name, value) VALUES (?, ?, ?)")
    for pair in set.pairs {
      try values.bind(.integer(id), .text(pair.name.string), .text(pair.value.string))
      try values.run()
    }
    ids.attributeSets[set] = id
    return id
  }

  func fingerprintID(_ fingerprint: ByteString) throws -> Int64 {
    if let id = ids.fingerprints[fingerprint] { return id }
    let id = try upsertID(
      insert:
        "INSERT INTO fingerprints(fingerprint) VALUES (?) ON CONFLICT(fingerprint) DO NOTHING",
      select: "SELECT id FROM fingerprints WHERE fingerprint = ?",
      values: [.text(fingerprint.string)])
    ids.fingerprints[fingerprint] = id
    return id
  }

  func metricID(_ series: MetricSeriesKey) throws -> Int64 {
    if let id = ids.metrics[series] { return id }
    let setID = try attributeSetID(series.attributes)
    let id = try upsertID(
      insert: """
        INSERT INTO metrics(group_id, name, attribute_set_id) VALUES (?, ?, ?)
        ON CONFLICT(group_id, name, attribute_set_id) DO NOTHING
        """,
      select: "SELECT id FROM metrics WHERE group_id = ? AND name = ? AND attribute_set_id = ?",
      values: [.text(series.group), .text(series.metric), .integer(setID)])
    ids.metrics[series] = id
    return id
  }

  private func upsertID(insert: String, select: String, values: [SourceValue]) throws -> Int64 {
    let insertStatement = try database.prepare(insert)
    for (offset, value) in values.enumerated() {
      try insertStatement.bind(value, at: Int32(offset + 1))
    }
    try insertStatement.run()
    let selectStatement = try database.prepare(select)
    for (offset, value) in values.enumerated() {
      try selectStatement.bind(value, at: Int32(offset + 1))
    }
    try selectStatement.step()
    return selectStatement.integer(0)
  }
}
