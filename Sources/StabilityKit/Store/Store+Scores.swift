/// Error figures of one (fingerprint, attribute value) cell.
public struct ErrorCell: Sendable {
  /// The fingerprint.
  public var fingerprint: ByteString
  /// The attribute value (the default when absent).
  public var value: ByteString
  /// Σ count.
  public var count: Int64
  /// Σ impacted (count where a row had none).
  public var impacted: Int64
  /// Whether any row lacked impacted.
  public var approximate: Bool
}

/// Aggregations for reports, pushed down into SQLite over the hour index:
/// their cost follows the window, not the store's history.
extension Store {
  /// M(v) for `group` by `attribute` in `[start, end)`; absent values count as `defaultValue`.
  public func metricByValue(
    group: String, attribute: String, defaultValue: String, start: Int64, end: Int64
  ) throws -> [(value: ByteString, metric: Double)] {
    try rows(
      """
      SELECT coalesce(v.value, ?1) AS a, sum(b.value) FROM metric_buckets b
      JOIN metrics m ON m.id = b.metric_id
      LEFT JOIN attribute_values v ON v.set_id = m.attribute_set_id AND v.name = ?2
      WHERE b.hour >= ?3 AND b.hour < ?4 AND m.group_id = ?5
      GROUP BY a
      """, [.text(defaultValue), .text(attribute), .integer(start), .integer(end), .text(group)]
    ) { (ByteString($0.text(0) ?? ""), $0.real(1)) }
  }

  /// M per (hour, value), for daily series.
  public func metricByHour(
    group: String, attribute: String, defaultValue: String, start: Int64, end: Int64
  ) throws -> [(hour: Int64, value: ByteString, metric: Double)] {
    try rows(
      """
      SELECT b.hour, coalesce(v.value, ?1) AS a, sum(b.value) FROM metric_buckets b
      JOIN metrics m ON m.id = b.metric_id
      LEFT JOIN attribute_values v ON v.set_id = m.attribute_set_id AND v.name = ?2
      WHERE b.hour >= ?3 AND b.hour < ?4 AND m.group_id = ?5
      GROUP BY b.hour, a
      """, [.text(defaultValue), .text(attribute), .integer(start), .integer(end), .text(group)]
    ) { ($0.integer(0), ByteString($0.text(1) ?? ""), $0.real(2)) }
  }

  /// E, I and approximate per (fingerprint, value) in `[start, end)`.
  public func errorsByFingerprintAndValue(
    attribute: String, defaultValue: String, start: Int64, end: Int64
  ) throws -> [ErrorCell] {
    try rows(
      """
      SELECT f.fingerprint, coalesce(v.value, ?1) AS a, sum(b.count), sum(b.impacted),
        max(b.approximate)
      FROM error_buckets b JOIN fingerprints f ON f.id = b.fingerprint_id
      LEFT JOIN attribute_values v ON v.set_id = b.attribute_set_id AND v.name = ?2
      WHERE b.hour >= ?3 AND b.hour < ?4
      GROUP BY b.fingerprint_id, a
      """, [.text(defaultValue), .text(attribute), .integer(start), .integer(end)]
    ) {
      ErrorCell(
        fingerprint: ByteString($0.text(0) ?? ""), value: ByteString($0.text(1) ?? ""),
        count: $0.integer(2), impacted: $0.integer(3), approximate: $0.integer(4) != 0)
    }
  }

  /// E per (hour, value), for daily series.
  public func errorsByHour(attribute: String, defaultValue: String, start: Int64, end: Int64)
    throws -> [(hour: Int64, value: ByteString, errors: Int64)]
  {
    try rows(
      """
      SELECT b.hour, coalesce(v.value, ?1) AS a, sum(b.count) FROM error_buckets b
      LEFT JOIN attribute_values v ON v.set_id = b.attribute_set_id AND v.name = ?2
      WHERE b.hour >= ?3 AND b.hour < ?4
      GROUP BY b.hour, a
      """, [.text(defaultValue), .text(attribute), .integer(start), .integer(end)]
    ) { ($0.integer(0), ByteString($0.text(1) ?? ""), $0.integer(2)) }
  }

  /// Every value of `attribute` each fingerprint in `[start, end)` has errors
  /// at **anywhere in the store** (for first_seen).
  public func valuesEverSeen(
    attribute: String, defaultValue: String, forFingerprintsIn start: Int64, _ end: Int64
  ) throws -> [(fingerprint: ByteString, value: ByteString)] {
    try rows(
      """
      WITH window_fingerprints AS (
        SELECT DISTINCT fingerprint_id FROM error_buckets WHERE hour >= ?3 AND hour < ?4 AND count > 0
      )
      SELECT f.fingerprint, coalesce(v.value, ?1) AS a FROM window_fingerprints w
      JOIN error_series s ON s.fingerprint_id = w.fingerprint_id
      JOIN fingerprints f ON f.id = w.fingerprint_id
      LEFT JOIN attribute_values v ON v.set_id = s.attribute_set_id AND v.name = ?2
      GROUP BY w.fingerprint_id, a
      """, [.text(defaultValue), .text(attribute), .integer(start), .integer(end)]
    ) { (ByteString($0.text(0) ?? ""), ByteString($0.text(1) ?? "")) }
  }

  /// E per (fingerprint, hour) for the given fingerprints only.
  public func errorsByFingerprintAndHour(_ fingerprints: [ByteString], start: Int64, end: Int64)
    throws -> [(fingerprint: ByteString, hour: Int64, errors: Int64)]
  {
    guard !fingerprints.isEmpty else { return [] }
    let list = JSONValue.array(fingerprints.map { .string($0.string) }).rendered()
    return try rows(
      """
      SELECT f.fingerprint, b.hour, sum(b.count) FROM fingerprints f
      JOIN error_buckets b ON b.fingerprint_id = f.id
      WHERE f.fingerprint IN (SELECT value FROM json_each(?1)) AND b.hour >= ?2 AND b.hour < ?3
      GROUP BY f.id, b.hour
      """, [.text(list), .integer(start), .integer(end)]
    ) { (ByteString($0.text(0) ?? ""), $0.integer(1), $0.integer(2)) }
  }

  private func rows<Row>(_ sql: String, _ values: [SourceValue], _ read: (SQLiteStatement) -> Row)
    throws -> [Row]
  {
    try guarded {
      let statement = try database.prepare(sql)
      for (offset, value) in values.enumerated() {
        try statement.bind(value, at: Int32(offset + 1))
      }
      var result: [Row] = []
      while try statement.step() { result.append(read(statement)) }
      return result
    }
  }
}
