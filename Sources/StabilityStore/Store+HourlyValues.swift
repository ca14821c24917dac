import StabilityCore
import StabilitySQLite

/// The hourly sums per attribute value that the release hour, the
/// age-matched comparison and the release history read (method §3): kept for
/// the span of every import, in its transaction, from all importers'
/// buckets in that span.
extension Store {
  /// Recomputes `group_hours`/`value_hours` (kind `metric`),
  /// `error_value_hours` (kind `errors`, `refreshErrorValueSums`) or all
  /// three (any other kind: a batch of both) for the hours in `[start, end)`.
  /// When one value's hourly error sum passes `Int64.max`, the run fails
  /// with `CountOverflow` naming the hour and value.
  func refreshHourlyValues(kind: String, start: Int64, end: Int64) throws {
    switch kind {
    case "errors": try refreshErrorValueSums(start: start, end: end)
    case "metric": try refreshMetricSums(start: start, end: end)
    default:
      try refreshMetricSums(start: start, end: end)
      try refreshErrorValueSums(start: start, end: end)
    }
  }

  /// Deletes the span's metric sums and inserts them again from the
  /// buckets, a UTC day at a time: each `GROUP BY` sorts one day's buckets,
  /// so memory stays flat however long the span (a first import of a year,
  /// or a prune).
  private func refreshMetricSums(start: Int64, end: Int64) throws {
    let deletes = [
      "DELETE FROM group_hours WHERE hour >= ?1 AND hour < ?2",
      "DELETE FROM value_hours WHERE hour >= ?1 AND hour < ?2",
    ]
    let inserts = [
      """
      INSERT INTO group_hours
        SELECT m.group_id, b.hour, b.importer_id, sum(b.value) FROM metric_buckets b
        JOIN metrics m ON m.id = b.metric_id WHERE b.hour >= ?1 AND b.hour < ?2
        GROUP BY 1, 2, 3
      """,
      """
      INSERT INTO value_hours
        SELECT b.hour, m.group_id, v.name, v.value, b.importer_id, sum(b.value),
          coalesce(sum(b.impacted), 0), count(*) - count(b.impacted)
        FROM metric_buckets b JOIN metrics m ON m.id = b.metric_id
        JOIN attribute_values v ON v.set_id = m.attribute_set_id
        WHERE b.hour >= ?1 AND b.hour < ?2 GROUP BY 1, 2, 3, 4, 5
      """,
    ]
    func run(_ statement: SQLiteStatement, _ from: Int64, _ to: Int64) throws {
      try statement.bind(.integer(from), at: 1)
      try statement.bind(.integer(to), at: 2)
      try statement.run()
    }
    for sql in deletes { try run(try database.prepare(sql), start, end) }
    // The span's first and last hours with buckets: two seeks on the primary
    // key, which starts with the hour (`min` and `max` in one query would
    // scan the whole table, a cost growing with the store's history).
    let range = try database.prepare(
      """
      SELECT (SELECT min(hour) FROM metric_buckets WHERE hour >= ?1),
        (SELECT max(hour) FROM metric_buckets WHERE hour < ?2)
      """)
    try range.bind(.integer(start), .integer(end))
    guard try range.step(), !range.isNull(0), !range.isNull(1) else { return }
    let first = range.integer(0)
    let last = range.integer(1) + 1
    let statements = try inserts.map { try database.prepare($0) }
    var day = UTCTime.floorDiv(first, UTCTime.day) * UTCTime.day
    while day < last {
      for statement in statements {
        try run(statement, max(first, day), min(last, day + UTCTime.day))
      }
      day += UTCTime.day
    }
  }
}

/// Reads of the hourly value sums for method §3's release hour, age-matched
/// comparison and release history: index seeks by value, whatever the
/// store's history.
extension CountedStore {
  /// The first hour anywhere in the store with `M_h(value) > 0` and
  /// `M_h(value) ≥ 1% of M_h` (the group's metric that hour, every value
  /// and the default included); nil when there is none.
  package func firstQualifyingHour(group: String, attribute: String, value: String) throws
    -> Int64?
  {
    try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT v.hour FROM value_hours v INDEXED BY value_hours_by_value
        WHERE v.group_id = ?1 AND v.attribute = ?2 AND v.value = ?3\(filter("v"))
        GROUP BY v.hour
        HAVING sum(v.metric) > 0 AND sum(v.metric) >= 0.01 * (
          SELECT sum(g.metric) FROM group_hours g
          WHERE g.group_id = ?1 AND g.hour = v.hour\(filter("g")))
        ORDER BY v.hour LIMIT 1
        """)
      try statement.bind(.text(group), .text(attribute), .text(value))
      return try statement.step() ? statement.integer(0) : nil
    }
  }

  /// The group's first stored hour with metric.
  package func firstHourWithMetric(group: String) throws -> Int64? {
    try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT hour FROM group_hours g WHERE group_id = ?\(filter("g"))
        GROUP BY hour HAVING sum(metric) > 0 ORDER BY hour LIMIT 1
        """)
      try statement.bind(.text(group))
      return try statement.step() ? statement.integer(0) : nil
    }
  }

  /// M(value) over `[start, end)` from the whole store, with the metric's
  /// own I(value) when every bucket in the span carries one (method §3).
  package func valueMetric(
    group: String, attribute: String, value: String, start: Int64, end: Int64
  )
    throws -> MetricTally
  {
    try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT total(metric), coalesce(sum(impacted), 0), coalesce(sum(unmeasured), 0), count(*)
        FROM value_hours INDEXED BY value_hours_by_value
        WHERE group_id = ?1 AND attribute = ?2 AND value = ?3 AND hour >= ?4 AND hour < ?5
          \(filter("value_hours"))
        """)
      try statement.bind(
        .text(group), .text(attribute), .text(value), .integer(start), .integer(end))
      _ = try statement.step()
      return MetricTally(
        metric: statement.real(0),
        impacted: statement.integer(3) > 0 && statement.integer(2) == 0
          ? statement.integer(1) : nil)
    }
  }

  /// E(value) and I(value) over `[start, end)` from the whole store, as
  /// exact integer sums: a sum past `Int64.max` is SQLite's "integer
  /// overflow" error, never a clamped count.
  package func valueErrors(attribute: String, value: String, start: Int64, end: Int64) throws
    -> ErrorTally
  {
    try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT coalesce(sum(count), 0), coalesce(sum(impacted), 0)
        FROM error_value_hours INDEXED BY error_value_hours_by_value
        WHERE attribute = ?1 AND value = ?2 AND hour >= ?3 AND hour < ?4
          \(filter("error_value_hours"))
        """)
      try statement.bind(.text(attribute), .text(value), .integer(start), .integer(end))
      _ = try statement.step()
      return ErrorTally(count: statement.integer(0), impacted: statement.integer(1))
    }
  }

  /// The values of `attribute` that have metric of `group` anywhere in the store.
  package func valuesWithMetric(group: String, attribute: String) throws -> [ByteString] {
    try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT DISTINCT value FROM value_hours INDEXED BY value_hours_by_value
        WHERE group_id = ?1 AND attribute = ?2 AND metric > 0\(filter("value_hours"))
        """)
      try statement.bind(.text(group), .text(attribute))
      var values: [ByteString] = []
      while try statement.step() { values.append(ByteString(statement.text(0) ?? "")) }
      return values
    }
  }
}
