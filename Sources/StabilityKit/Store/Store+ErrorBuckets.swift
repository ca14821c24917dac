extension Store {
  /// Buckets per INSERT when writing into hours known to be empty.
  private static let rowsPerInsert = 64
  private static let insertMany = insertSQL(rows: rowsPerInsert)
  private static let insertOne = insertSQL(rows: 1)

  /// Writes error buckets in primary-key order. At an hour this run emptied
  /// and has not written yet (the usual case: sources return rows in time
  /// order) every bucket is new and they are inserted many per statement;
  /// elsewhere a bucket an earlier flush wrote is summed with the new one.
  /// A bucket that starts having errors counts once for its series in
  /// `error_series`.
  func addErrorBuckets(
    _ rows: [(hour: Int64, series: StoredSeries, tally: ErrorTally)], importer: Int64
  ) throws {
    let sorted = rows.sorted {
      ($0.hour, $0.series.first, $0.series.second) < ($1.hour, $1.series.first, $1.series.second)
    }
    var new: [(hour: Int64, series: StoredSeries, tally: ErrorTally)] = []
    var revisited: [(hour: Int64, series: StoredSeries, tally: ErrorTally)] = []
    new.reserveCapacity(sorted.count)
    for row in sorted {
      if replacing.isEmpty(errorHour: row.hour) {
        new.append(row)
      } else {
        revisited.append(row)
      }
    }
    try insertErrorBuckets(new, importer: importer)
    try addToErrorBuckets(revisited, importer: importer)
    var last: Int64?
    for row in sorted where row.hour != last {
      replacing.wrote(errorHour: row.hour)
      last = row.hour
    }
  }

  /// Inserts buckets that cannot exist yet.
  private func insertErrorBuckets(
    _ rows: [(hour: Int64, series: StoredSeries, tally: ErrorTally)], importer: Int64
  ) throws {
    var index = 0
    while index < rows.count {
      let count = rows.count - index >= Self.rowsPerInsert ? Self.rowsPerInsert : 1
      let statement = try statements(count == 1 ? Self.insertOne : Self.insertMany)
      statement.bind(integer: importer, at: 1)
      for (offset, row) in rows[index..<(index + count)].enumerated() {
        let first = Int32(2 + 6 * offset)
        statement.bind(integer: row.hour, at: first)
        statement.bind(integer: row.series.first, at: first + 1)
        statement.bind(integer: row.series.second, at: first + 2)
        statement.bind(integer: row.tally.count, at: first + 3)
        statement.bind(integer: row.tally.impacted, at: first + 4)
        statement.bind(integer: row.tally.approximate ? 1 : 0, at: first + 5)
      }
      try statement.step()
      statement.reset()
      index += count
    }
    replacing.gained(rows.lazy.filter { $0.tally.count > 0 }.map(\.series))
  }

  private static func insertSQL(rows: Int) -> String {
    let values = (0..<rows).map { row in
      let first = 2 + 6 * row
      return "(?1, " + (first..<(first + 6)).map { "?\($0)" }.joined(separator: ", ") + ")"
    }
    return """
      INSERT INTO error_buckets(importer_id, hour, fingerprint_id, attribute_set_id, count, impacted, approximate)
      VALUES \(values.joined(separator: ", "))
      """
  }

  /// Adds buckets to those an earlier flush may have written.
  private func addToErrorBuckets(
    _ rows: [(hour: Int64, series: StoredSeries, tally: ErrorTally)], importer: Int64
  ) throws {
    let insert = try statements(
      """
      INSERT OR IGNORE INTO error_buckets(importer_id, hour, fingerprint_id, attribute_set_id, count, impacted, approximate)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """)
    let add = try statements(
      """
      UPDATE error_buckets SET count = count + ?5, impacted = impacted + ?6,
        approximate = max(approximate, ?7)
      WHERE hour = ?2 AND fingerprint_id = ?3 AND attribute_set_id = ?4 AND importer_id = ?1
      RETURNING count
      """)
    var gains: [StoredSeries] = []
    for (hour, series, tally) in rows {
      var gained = false
      for statement in [insert, add] {
        statement.bind(integer: importer, at: 1)
        statement.bind(integer: hour, at: 2)
        statement.bind(integer: series.first, at: 3)
        statement.bind(integer: series.second, at: 4)
        statement.bind(integer: tally.count, at: 5)
        statement.bind(integer: tally.impacted, at: 6)
        statement.bind(integer: tally.approximate ? 1 : 0, at: 7)
        if statement === insert {
          try statement.step()
          statement.reset()
          if database.changes > 0 {
            gained = tally.count > 0
            break
          }
        } else {
          // The sum equals what this row added only when the bucket had no errors before.
          gained = try statement.step() && tally.count > 0 && statement.integer(0) == tally.count
          statement.reset()
        }
      }
      if gained { gains.append(series) }
    }
    replacing.gained(gains)
  }
}
