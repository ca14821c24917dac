import StabilityCore
import StabilitySQLite

/// Reads a store file directly with SQL, independent of the code under test,
/// so tests can assert exactly what was stored.
package struct StoreInspector {
  let database: SQLiteDatabase

  /// Opens the store at `path` read-only.
  package init(path: String) throws {
    database = try SQLiteDatabase(path: path, mode: .readOnly)
  }

  /// The first column of the first row of `sql` (a `PRAGMA`, a count).
  package func integer(_ sql: String) throws -> Int64? { try database.scalarInteger(sql) }

  /// Rows where `error_series` differs from what it summarises — per
  /// (fingerprint, attribute set), the number of buckets with count > 0 —
  /// in either direction; 0 when it is exact.
  package func errorSeriesMismatches() throws -> Int64 {
    let statement = try database.prepare(
      """
      WITH actual AS (
        SELECT fingerprint_id, attribute_set_id, count(*) AS buckets FROM error_buckets
        WHERE count > 0 GROUP BY 1, 2
      )
      SELECT (SELECT count(*) FROM (SELECT * FROM actual EXCEPT SELECT * FROM error_series))
        + (SELECT count(*) FROM (SELECT * FROM error_series EXCEPT SELECT * FROM actual))
      """)
    _ = try statement.step()
    return statement.integer(0)
  }

  /// Rows where the hourly value sums (`group_hours`, `value_hours`,
  /// `error_value_hours`) differ from the buckets they summarise, in either
  /// direction; 0 when they are exact.
  package func hourlyValueMismatches() throws -> Int64 {
    let pairs = [
      (
        "SELECT group_id, hour, importer_id, metric FROM group_hours",
        """
        SELECT m.group_id, b.hour, b.importer_id, sum(b.value) FROM metric_buckets b
        JOIN metrics m ON m.id = b.metric_id GROUP BY 1, 2, 3
        """
      ),
      (
        "SELECT hour, group_id, attribute, value, importer_id, metric FROM value_hours",
        """
        SELECT b.hour, m.group_id, v.name, v.value, b.importer_id, sum(b.value) FROM metric_buckets b
        JOIN metrics m ON m.id = b.metric_id JOIN attribute_values v ON v.set_id = m.attribute_set_id
        GROUP BY 1, 2, 3, 4, 5
        """
      ),
      (
        "SELECT hour, attribute, value, importer_id, count, impacted FROM error_value_hours",
        """
        SELECT b.hour, v.name, v.value, b.importer_id, sum(b.count), sum(b.impacted)
        FROM error_buckets b JOIN attribute_values v ON v.set_id = b.attribute_set_id
        GROUP BY 1, 2, 3, 4
        """
      ),
    ]
    var total: Int64 = 0
    for (kept, actual) in pairs {
      total +=
        try database.scalarInteger(
          """
          SELECT (SELECT count(*) FROM (\(kept) EXCEPT \(actual)))
            + (SELECT count(*) FROM (\(actual) EXCEPT \(kept)))
          """) ?? 0
    }
    return total
  }

  /// Σ metric value per metric name.
  package func metricTotals() throws -> [String: Double] {
    let statement = try database.prepare(
      """
      SELECT m.name, SUM(b.value) FROM metric_buckets b JOIN metrics m ON m.id = b.metric_id
      GROUP BY m.name
      """)
    var totals: [String: Double] = [:]
    while try statement.step() { totals[statement.text(0) ?? ""] = statement.real(1) }
    return totals
  }

  /// Metric value per (metric name, hour).
  package func metricBuckets() throws -> [String: Double] {
    let statement = try database.prepare(
      """
      SELECT m.name, b.hour, SUM(b.value) FROM metric_buckets b JOIN metrics m ON m.id = b.metric_id
      GROUP BY m.name, b.hour
      """)
    var buckets: [String: Double] = [:]
    while try statement.step() {
      buckets["\(statement.text(0) ?? "")@\(UTCTime.iso8601(statement.integer(1)))"] =
        statement.real(2)
    }
    return buckets
  }

  /// (count, impacted, approximate) per fingerprint.
  package func errorTotals() throws -> [String: ErrorTally] {
    let statement = try database.prepare(
      """
      SELECT f.fingerprint, SUM(b.count), SUM(b.impacted), MAX(b.approximate)
      FROM error_buckets b JOIN fingerprints f ON f.id = b.fingerprint_id GROUP BY f.id
      """)
    var totals: [String: ErrorTally] = [:]
    while try statement.step() {
      totals[statement.text(0) ?? ""] = ErrorTally(
        count: statement.integer(1), impacted: statement.integer(2),
        approximate: statement.integer(3) != 0)
    }
    return totals
  }

  /// Every error bucket as one line — hour, fingerprint, attribute set key,
  /// count, impacted, approximate — in that order: two stores with the same
  /// lines hold the same errors, whatever ids they gave.
  package func errorBucketLines() throws -> [String] {
    let statement = try database.prepare(
      """
      SELECT b.hour, f.fingerprint, s.key, b.count, b.impacted, b.approximate
      FROM error_buckets b JOIN fingerprints f ON f.id = b.fingerprint_id
      JOIN attribute_sets s ON s.id = b.attribute_set_id
      ORDER BY b.hour, f.fingerprint, s.key
      """)
    var lines: [String] = []
    while try statement.step() {
      let cells = [
        UTCTime.iso8601(statement.integer(0)), statement.text(1) ?? "", statement.text(2) ?? "",
        String(statement.integer(3)), String(statement.integer(4)), String(statement.integer(5)),
      ]
      lines.append(cells.joined(separator: " | "))
    }
    return lines
  }

  /// Number of distinct error series (fingerprint, attribute set) in the buckets.
  package func errorSeriesCount() throws -> Int64 {
    try database.scalarInteger(
      "SELECT count(*) FROM (SELECT DISTINCT fingerprint_id, attribute_set_id FROM error_buckets)")
      ?? 0
  }

  /// Number of distinct fingerprints stored (compared as bytes by SQLite).
  package func fingerprintCount() throws -> Int64 {
    try database.scalarInteger("SELECT count(*) FROM fingerprints") ?? 0
  }

  /// Attribute values of each stored metric, `name -> "a=1,b=2"`.
  package func metricAttributes() throws -> [String: String] {
    let statement = try database.prepare(
      """
      SELECT m.name, group_concat(v.name || '=' || v.value, ',')
      FROM metrics m LEFT JOIN (SELECT * FROM attribute_values ORDER BY name) v
        ON v.set_id = m.attribute_set_id
      GROUP BY m.id
      """)
    var result: [String: String] = [:]
    while try statement.step() { result[statement.text(0) ?? ""] = statement.text(1) ?? "" }
    return result
  }
}
