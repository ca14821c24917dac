import StabilityCore

/// An error bucket on its way into the store: its series by store ids and
/// by the number the run gave it (`SeriesNumbers`).
struct NewErrorBucket {
  let hour: Int64
  let series: StoredSeries
  let number: Int
  var tally: ErrorTally
}

extension Store {
  private static let insertNew = BulkInsert(
    head:
      "INSERT INTO error_buckets(importer_id, hour, fingerprint_id, attribute_set_id, count, impacted, approximate)",
    width: 6, sharedFirst: true)

  /// Writes error buckets in primary-key order. At an hour this run emptied
  /// and has not written yet (the usual case: sources return rows in time
  /// order) every bucket is new and they are inserted many per statement;
  /// elsewhere a bucket an earlier flush wrote is summed with the new one.
  /// A bucket that starts having errors counts once for its series in
  /// `error_series`.
  func addErrorBuckets(_ rows: consuming [NewErrorBucket], importer: Int64) throws {
    var sorted = rows
    sorted.sort {
      ($0.hour, $0.series.fingerprint, $0.series.attributeSet)
        < ($1.hour, $1.series.fingerprint, $1.series.attributeSet)
    }
    // A batch can hold two buckets of one series and hour: one under a
    // series an earlier write numbered, one under the same series reached
    // through other cells (an integer where other rows have text) and
    // numbered anew. They are one bucket.
    sorted.mergeAdjacent {
      $0.hour == $1.hour && $0.series == $1.series
    } merging: {
      $0.tally.add($1.tally)
    }
    // Runs of hours, each written as one slice: new hours inserted, hours an
    // earlier write of the run touched added to.
    var start = sorted.startIndex
    while start < sorted.endIndex {
      let isEmpty = replacing.isEmpty(errorHour: sorted[start].hour)
      var end = start + 1
      while end < sorted.endIndex,
        sorted[end].hour == sorted[end - 1].hour
          || replacing.isEmpty(errorHour: sorted[end].hour) == isEmpty
      {
        end += 1
      }
      if isEmpty {
        try insertErrorBuckets(sorted[start..<end], importer: importer)
      } else {
        try addToErrorBuckets(sorted[start..<end], importer: importer)
      }
      start = end
    }
    var previous: Int64?
    for row in sorted where row.hour != previous {
      replacing.wrote(errorHour: row.hour)
      previous = row.hour
    }
  }

  /// Inserts buckets that cannot exist yet.
  private func insertErrorBuckets(_ rows: ArraySlice<NewErrorBucket>, importer: Int64) throws {
    try run(Self.insertNew, rows: rows, shared: importer) { statement, row, first in
      statement.bind(integer: row.hour, at: first)
      statement.bind(integer: row.series.fingerprint, at: first + 1)
      statement.bind(integer: row.series.attributeSet, at: first + 2)
      statement.bind(integer: row.tally.count, at: first + 3)
      statement.bind(integer: row.tally.impacted, at: first + 4)
      statement.bind(integer: row.tally.approximate ? 1 : 0, at: first + 5)
    }
    for row in rows where row.tally.count > 0 { replacing.gained(row.number) }
  }

  /// Adds buckets to those an earlier flush may have written.
  private func addToErrorBuckets(_ rows: ArraySlice<NewErrorBucket>, importer: Int64) throws {
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
      RETURNING count, typeof(count) = 'real' OR typeof(impacted) = 'real'
      """)
    for row in rows {
      let (hour, series, tally) = (row.hour, row.series, row.tally)
      var gained = false
      for statement in [insert, add] {
        statement.bind(integer: importer, at: 1)
        statement.bind(integer: hour, at: 2)
        statement.bind(integer: series.fingerprint, at: 3)
        statement.bind(integer: series.attributeSet, at: 4)
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
          // SQLite turns an integer sum past Int64.max into a real: never keep it.
          let overflowed = statement.integer(1) != 0
          statement.reset()
          if overflowed { throw CountOverflow(hour: hour) }
        }
      }
      if gained { replacing.gained(row.number) }
    }
  }
}

/// An hour bucket's error count (or impacted) that would pass `Int64.max`
/// when a run's batches are added up: the run fails, nothing is kept.
package struct CountOverflow: StabilityError {
  /// The hour whose sum overflowed.
  package let hour: Int64
  /// The attribute value whose errors that hour (every fingerprint) sum past
  /// the range; nil when one bucket's own count does.
  var value: (attribute: String, value: String)?
  package var exitStatus: ExitStatus { .failed }
  public var description: String {
    let which = value.map { " for \($0.attribute) `\($0.value)`" } ?? ""
    return "the error counts of the hour \(UTCTime.iso8601(hour))\(which) sum past \(Int64.max), "
      + "the largest count the store keeps exactly — these are not counts of errors (check the "
      + "query's `count` column). Nothing was stored and the watermark is unchanged"
  }
}
