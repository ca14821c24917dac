extension Store {
  private static let stateColumns =
    "name, kind, watermark, last_run, last_success, last_error, last_start, last_end, "
    + "rows_imported, rows_rejected, rejected_reasons"

  /// The stored state of `importer`, or nil when it never ran.
  public func state(of importer: String) throws -> ImporterState? {
    try guarded {
      let statement = try database.prepare(
        "SELECT \(Self.stateColumns) FROM importers WHERE name = ?")
      try statement.bind(.text(importer))
      return try statement.step() ? Self.readState(statement) : nil
    }
  }

  /// Every importer the store knows, by name.
  public func allStates() throws -> [ImporterState] {
    try guarded {
      let statement = try database.prepare(
        "SELECT \(Self.stateColumns) FROM importers ORDER BY name")
      var states: [ImporterState] = []
      while try statement.step() { states.append(Self.readState(statement)) }
      return states
    }
  }

  private static func readState(_ row: SQLiteStatement) -> ImporterState {
    func optional(_ index: Int32) -> Int64? { row.isNull(index) ? nil : row.integer(index) }
    let span = optional(6).flatMap { start in optional(7).map { (start, $0) } }
    return ImporterState(
      name: row.text(0) ?? "", kind: row.text(1) ?? "", watermark: optional(2),
      lastRun: optional(3), lastSuccess: optional(4), lastError: row.text(5), lastSpan: span,
      rowsImported: Int(row.integer(8)), rowsRejected: Int(row.integer(9)),
      rejectedReasons: row.text(10) ?? "")
  }

  func importerID(_ name: String, kind: String) throws -> Int64 {
    let insert = try database.prepare(
      "INSERT INTO importers(name, kind) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind"
    )
    try insert.bind(.text(name), .text(kind))
    try insert.run()
    let select = try database.prepare("SELECT id FROM importers WHERE name = ?")
    try select.bind(.text(name))
    try select.step()
    return select.integer(0)
  }

  /// Records a failed run: the message and time; watermark and data stay as they were.
  public func recordFailure(importer: String, kind: String, at time: Int64, message: String) throws
  {
    try guarded {
      try database.transaction {
        let id = try importerID(importer, kind: kind)
        let statement = try database.prepare(
          "UPDATE importers SET last_run = ?, last_error = ? WHERE id = ?")
        try statement.bind(.integer(time), .text(message), .integer(id))
        try statement.run()
      }
    }
  }

  /// Forgets the watermark so the next run reaches back `history` again.
  /// Stored buckets stay; the next run replaces those in its span.
  public func resetWatermark(importer: String) throws {
    try guarded {
      let statement = try database.prepare(
        "UPDATE importers SET watermark = NULL, last_success = NULL WHERE name = ?")
      try statement.bind(.text(importer))
      try statement.run()
    }
  }

  /// In one transaction: replaces everything `importer` stored for hours in
  /// `[start, end)` with `batch`, and records the run (SPEC §2.2 step 5).
  public func replace(
    importer: String, kind: String, start: Int64, end: Int64, batch: ImportBatch,
    watermark: Int64?, ranAt: Int64
  ) throws {
    do {
      try guarded {
        try database.transaction {
          let id = try importerID(importer, kind: kind)
          try deleteBuckets(importer: id, start: start, end: end)
          try insertMetricBuckets(batch, importer: id)
          try insertErrorBuckets(batch, importer: id)
          let reasons = batch.rejections.sorted.map {
            "\($0.reason): \($0.count) (e.g. \($0.example))"
          }
          let statement = try database.prepare(
            """
            UPDATE importers SET watermark = ?, last_run = ?, last_success = ?, last_error = NULL,
              last_start = ?, last_end = ?, rows_imported = ?, rows_rejected = ?, rejected_reasons = ?
            WHERE id = ?
            """)
          try statement.bind(
            watermark.map(SourceValue.integer) ?? .null, .integer(ranAt), .integer(ranAt),
            .integer(start), .integer(end),
            .integer(Int64(batch.rowsAccepted)), .integer(Int64(batch.rejections.total)),
            .text(reasons.joined(separator: "\n")), .integer(id))
          try statement.run()
        }
      }
    } catch {
      ids = StoreIDCache()
      throw error
    }
  }

  private func deleteBuckets(importer: Int64, start: Int64, end: Int64) throws {
    for table in ["metric_buckets", "error_buckets"] {
      let statement = try database.prepare(
        "DELETE FROM \(table) WHERE importer_id = ? AND hour >= ? AND hour < ?")
      try statement.bind(.integer(importer), .integer(start), .integer(end))
      try statement.run()
    }
  }

  private func insertMetricBuckets(_ batch: ImportBatch, importer: Int64) throws {
    let seriesIDs = try batch.metricSeries.map { try metricID($0) }
    let insert = try database.prepare(
      "INSERT INTO metric_buckets(importer_id, hour, metric_id, value) VALUES (?, ?, ?, ?)")
    for (key, value) in batch.metricBuckets {
      insert.bind(integer: importer, at: 1)
      insert.bind(integer: key.hour, at: 2)
      insert.bind(integer: seriesIDs[key.series], at: 3)
      insert.bind(real: value, at: 4)
      try insert.step()
      insert.reset()
    }
  }

  private func insertErrorBuckets(_ batch: ImportBatch, importer: Int64) throws {
    let seriesIDs = try batch.errorSeries.map {
      (try fingerprintID($0.fingerprint), try attributeSetID($0.attributes))
    }
    let insert = try database.prepare(
      """
      INSERT INTO error_buckets(importer_id, hour, fingerprint_id, attribute_set_id, count, impacted, approximate)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """)
    for (key, tally) in batch.errorBuckets {
      let (fingerprint, attributes) = seriesIDs[key.series]
      insert.bind(integer: importer, at: 1)
      insert.bind(integer: key.hour, at: 2)
      insert.bind(integer: fingerprint, at: 3)
      insert.bind(integer: attributes, at: 4)
      insert.bind(integer: tally.count, at: 5)
      insert.bind(integer: tally.impacted, at: 6)
      insert.bind(integer: tally.approximate ? 1 : 0, at: 7)
      try insert.step()
      insert.reset()
    }
  }
}
