import StabilityCore
import StabilityIngest
import StabilitySQLite

extension Store {
  private static let stateColumns =
    "name, kind, watermark, last_run, last_success, last_error, last_start, last_end, "
    + "rows_imported, rows_rejected, rejected_reasons, last_reread, late_amount, max_lateness, "
    + "late_impacted"

  /// The stored state of the importer named `importer` (whatever it
  /// feeds), or nil when it never ran.
  package func state(of importer: String) throws -> ImporterState? {
    try guarded {
      let statement = try database.prepare(
        "SELECT \(Self.stateColumns) FROM importers WHERE name = ? AND retired = 0")
      try statement.bind(.text(importer))
      return try statement.step() ? Self.readState(statement) : nil
    }
  }

  /// The stored state of `importer`, or nil when it never ran as what it is
  /// now (its data was stored under another kind or target).
  package func state(of importer: StoredImporter) throws -> ImporterState? {
    try guarded {
      let statement = try database.prepare(
        """
        SELECT \(Self.stateColumns) FROM importers
        WHERE name = ? AND retired = 0 AND kind = ? AND coalesce(target, ?3) = ?3
        """)
      try statement.bind(.text(importer.name), .text(importer.kind), .text(importer.target))
      return try statement.step() ? Self.readState(statement) : nil
    }
  }

  /// The stored state of each of `importers` that ran as what it is now
  /// (an importer moved to another target has none until it runs there).
  package func states(of importers: [ImporterConfig]) throws -> [ImporterState] {
    try importers.compactMap { try state(of: StoredImporter($0)) }
  }

  private static func readState(_ row: SQLiteStatement) -> ImporterState {
    func optional(_ index: Int32) -> Int64? { row.isNull(index) ? nil : row.integer(index) }
    let span = optional(6).flatMap { start in optional(7).map { (start, $0) } }
    return ImporterState(
      name: row.text(0) ?? "", kind: row.text(1) ?? "", watermark: optional(2),
      lastRun: optional(3), lastSuccess: optional(4), lastError: row.text(5), lastSpan: span,
      rowsImported: Int(row.integer(8)), rowsRejected: Int(row.integer(9)),
      rejectedReasons: row.text(10) ?? "", lastReread: optional(11), lateAmount: row.real(12),
      lateImpacted: row.real(14), maxLateness: optional(13))
  }

  /// The id of `importer`'s row. A row of that name with another kind or
  /// target is retired first (its buckets stop counting) and a new row,
  /// without a watermark, is made.
  func importerID(_ importer: StoredImporter) throws -> Int64 {
    let select = try database.prepare(
      "SELECT id, kind, target FROM importers WHERE name = ? AND retired = 0")
    try select.bind(.text(importer.name))
    if try select.step() {
      let id = select.integer(0)
      if importer.matches(kind: select.text(1) ?? "", target: select.text(2)) {
        if select.isNull(2) {
          let adopt = try database.prepare("UPDATE importers SET target = ? WHERE id = ?")
          try adopt.bind(.text(importer.target), .integer(id))
          try adopt.run()
        }
        return id
      }
      let retire = try database.prepare("UPDATE importers SET retired = 1 WHERE id = ?")
      try retire.bind(.integer(id))
      try retire.run()
    }
    let insert = try database.prepare(
      "INSERT INTO importers(name, kind, target) VALUES (?, ?, ?) RETURNING id")
    try insert.bind(.text(importer.name), .text(importer.kind), .text(importer.target))
    try insert.step()
    return insert.integer(0)
  }

  /// Records a failed run: the message and time; watermark and data stay as they were.
  package func recordFailure(importer: StoredImporter, at time: Int64, message: String) throws {
    try guarded {
      try database.transaction {
        let id = try importerID(importer)
        let statement = try database.prepare(
          "UPDATE importers SET last_run = ?, last_error = ? WHERE id = ?")
        try statement.bind(.integer(time), .text(message), .integer(id))
        try statement.run()
      }
    }
  }

  /// Forgets the watermark so the next run reaches back `history` again.
  /// Stored buckets stay; the next run replaces those in its span.
  package func resetWatermark(importer: String) throws {
    try guarded {
      let statement = try database.prepare(
        "UPDATE importers SET watermark = NULL, last_success = NULL WHERE name = ? AND retired = 0")
      try statement.bind(.text(importer))
      try statement.run()
    }
  }

  /// In one transaction: replaces everything `importer` stored for hours in
  /// `[start, end)` and records the run (method §2.2 step 5). `fill` streams the
  /// new rows, handing full batches to the writer as it goes (so memory stays
  /// bounded), and returns the last batch with the run's counts. A throw
  /// anywhere rolls everything back.
  package func replace(
    importer: StoredImporter, start: Int64, end: Int64, watermark: Int64?, ranAt: Int64,
    fill: (BucketWriter) throws -> ImportBatch
  ) throws {
    let kind = importer.kind
    do {
      try guarded {
        try database.transaction {
          let id = try importerID(importer)
          try deleteBuckets(importer: id, start: start, end: end)
          replacing = ReplacingRun(start: start, end: end)
          let writer = BucketWriter(store: self, importer: id)
          // Never leave a background write running into a rollback.
          defer { _ = try? writer.wait() }
          var batch = try fill(writer)
          try writer.write(&batch)
          try addSeriesGained()
          try refreshHourlyValues(kind: kind, start: start, end: end)
          let reasons = batch.rejections.sorted.map {
            "\($0.reason): \($0.count) (e.g. \($0.example))"
          }
          let statement = try statements(
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
      replacing = ReplacingRun(start: 0, end: 0)
      throw error
    }
  }

  /// Replaces `importer`'s data in `[start, end)` with one in-memory batch.
  package func replace(
    importer: StoredImporter, start: Int64, end: Int64, batch: ImportBatch,
    watermark: Int64?, ranAt: Int64
  ) throws {
    try replace(
      importer: importer, start: start, end: end, watermark: watermark, ranAt: ranAt
    ) { _ in batch }
  }

  /// Deletes `importer`'s buckets in `[start, end)`, first taking the
  /// deleted buckets with errors off their `error_series` counts.
  func deleteBuckets(importer: Int64, start: Int64, end: Int64) throws {
    let range: [SourceValue] = [.integer(start), .integer(end), .integer(importer)]
    let lose = try database.prepare(
      """
      INSERT INTO error_series(fingerprint_id, attribute_set_id, buckets)
      SELECT * FROM (
        SELECT fingerprint_id, attribute_set_id, -count(*) FROM error_buckets
        WHERE hour >= ? AND hour < ? AND importer_id = ? AND count > 0
        GROUP BY fingerprint_id, attribute_set_id
      ) WHERE true
      ON CONFLICT(fingerprint_id, attribute_set_id) DO UPDATE SET buckets = buckets + excluded.buckets
      """)
    try lose.bind(range[0], range[1], range[2])
    try lose.run()
    if database.changes > 0 {
      try database.execute("DELETE FROM error_series WHERE buckets <= 0")
    }
    for table in ["metric_buckets", "error_buckets"] {
      let statement = try database.prepare(
        "DELETE FROM \(table) WHERE hour >= ? AND hour < ? AND importer_id = ?")
      try statement.bind(range[0], range[1], range[2])
      try statement.run()
    }
  }

  private static let addSeries = BulkInsert(
    head: "INSERT INTO error_series(fingerprint_id, attribute_set_id, buckets)", width: 3,
    sharedFirst: false,
    tail:
      "ON CONFLICT(fingerprint_id, attribute_set_id) DO UPDATE SET buckets = buckets + excluded.buckets"
  )

  /// Adds the run's newly counted buckets to `error_series`, in key order.
  private func addSeriesGained() throws {
    try run(Self.addSeries, rows: replacing.gains()) { statement, gain, first in
      statement.bind(integer: gain.series.fingerprint, at: first)
      statement.bind(integer: gain.series.attributeSet, at: first + 1)
      statement.bind(integer: gain.buckets, at: first + 2)
    }
    replacing = ReplacingRun(start: 0, end: 0)
  }

  /// Adds drained buckets to the store: a bucket already written by this run
  /// (an earlier flush) is summed with the new one. Returns the numbers the
  /// batch's series got, so later rows of the run can skip to them.
  func addBuckets(_ buckets: DrainedBuckets, importer: Int64) throws -> SeriesNumbers {
    let numbers = SeriesNumbers(
      firstError: replacing.number(
        errorSeries: try buckets.errorSeries.map {
          StoredSeries(
            fingerprint: try fingerprintID($0.fingerprint),
            attributeSet: try attributeSetID($0.attributes))
        }),
      firstMetric: replacing.number(
        metricSeries: try buckets.metricSeries.map { try metricID($0) }))
    let upsertMetric = try statements(
      """
      INSERT INTO metric_buckets(importer_id, hour, metric_id, value, impacted)
      VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(hour, metric_id, importer_id) DO UPDATE SET value = value + excluded.value,
        impacted = impacted + excluded.impacted
      """)
    // Sorted by the primary key, inserts append to the B-tree instead of
    // splitting it. The run's series read once: a class's stored property
    // is retained and checked per access.
    let (metricSeries, errorSeries) = (replacing.metricSeries, replacing.errorSeries)
    let metricRows = buckets.metricBuckets.map {
      (
        $0.key.hour, metricSeries[$0.key.number(firstOfBatch: numbers.firstMetric)], $0.value,
        $0.impacted
      )
    }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    for (hour, metric, value, impacted) in metricRows {
      upsertMetric.bind(integer: importer, at: 1)
      upsertMetric.bind(integer: hour, at: 2)
      upsertMetric.bind(integer: metric, at: 3)
      upsertMetric.bind(real: value, at: 4)
      // NULL: a row of the bucket had no figure; NULL + n stays NULL.
      try upsertMetric.bind(impacted.map(SourceValue.integer) ?? .null, at: 5)
      try upsertMetric.step()
      upsertMetric.reset()
    }
    try addErrorBuckets(
      buckets.errorBuckets.map {
        let number = $0.key.number(firstOfBatch: numbers.firstError)
        return NewErrorBucket(
          hour: $0.key.hour, series: errorSeries[number], number: number, tally: $0.tally)
      }, importer: importer)
    return numbers
  }

  /// The errors (error importers) or metric `importer` has stored per hour
  /// in `[start, end)`: what a re-read compares before and after.
  package func amountsByHour(importer: StoredImporter, start: Int64, end: Int64) throws
    -> [Int64: (amount: Double, impacted: Double)]
  {
    try guarded {
      guard let state = try state(of: importer), !state.name.isEmpty else { return [:] }
      let table =
        importer.kind == "errors"
        ? "SELECT hour, total(count), 0 FROM error_buckets"
        : "SELECT hour, total(value), total(impacted) FROM metric_buckets"
      let statement = try database.prepare(
        """
        \(table) WHERE importer_id = (SELECT id FROM importers WHERE name = ?1 AND retired = 0)
          AND hour >= ?2 AND hour < ?3 GROUP BY hour
        """)
      try statement.bind(.text(importer.name), .integer(start), .integer(end))
      var amounts: [Int64: (amount: Double, impacted: Double)] = [:]
      while try statement.step() {
        amounts[statement.integer(0)] = (statement.real(1), statement.real(2))
      }
      return amounts
    }
  }

  /// Records a successful re-read at `at` (method §2.2 step 10): what it
  /// found late, and the oldest lateness seen so far.
  package func recordReread(
    importer: StoredImporter, at: Int64, lateAmount: Double, lateImpacted: Double,
    lateness: Int64?
  ) throws {
    try guarded {
      let statement = try database.prepare(
        """
        UPDATE importers SET last_reread = ?2, late_amount = ?3, late_impacted = ?5,
          max_lateness = CASE WHEN ?4 IS NULL THEN max_lateness
            ELSE max(coalesce(max_lateness, 0), ?4) END
        WHERE name = ?1 AND retired = 0
        """)
      try statement.bind(
        .text(importer.name), .integer(at), .real(lateAmount),
        lateness.map(SourceValue.integer) ?? .null, .real(lateImpacted))
      try statement.run()
    }
  }
}
