import StabilityCore
import StabilitySQLite

/// Aggregations for reports, pushed down into SQLite over the hour index:
/// their cost follows the window, not the store's history.
extension CountedStore {
  /// M(v) for `group` by `attribute` in `[start, end)`; absent values count as `defaultValue`.
  package func metricByValue(
    group: String, attribute: String, defaultValue: String, start: Int64, end: Int64
  ) throws -> [(value: ByteString, tally: MetricTally)] {
    try rows(
      """
      SELECT coalesce(v.value, ?1) AS a, sum(b.value), coalesce(sum(b.impacted), 0),
        count(*) - count(b.impacted)
      FROM metric_buckets b
      JOIN metrics m ON m.id = b.metric_id
      LEFT JOIN attribute_values v ON v.set_id = m.attribute_set_id AND v.name = ?2
      WHERE b.hour >= ?3 AND b.hour < ?4 AND m.group_id = ?5\(filter("b"))
      GROUP BY a
      """, [.text(defaultValue), .text(attribute), .integer(start), .integer(end), .text(group)]
    ) {
      (
        ByteString($0.text(0) ?? ""),
        MetricTally(metric: $0.real(1), impacted: $0.integer(3) == 0 ? $0.integer(2) : nil)
      )
    }
  }

  /// M per (hour, value), for daily series.
  package func metricByHour(
    group: String, attribute: String, defaultValue: String, start: Int64, end: Int64
  ) throws -> [(hour: Int64, value: ByteString, metric: Double)] {
    try rows(
      """
      SELECT b.hour, coalesce(v.value, ?1) AS a, sum(b.value) FROM metric_buckets b
      JOIN metrics m ON m.id = b.metric_id
      LEFT JOIN attribute_values v ON v.set_id = m.attribute_set_id AND v.name = ?2
      WHERE b.hour >= ?3 AND b.hour < ?4 AND m.group_id = ?5\(filter("b"))
      GROUP BY b.hour, a
      """, [.text(defaultValue), .text(attribute), .integer(start), .integer(end), .text(group)]
    ) { ($0.integer(0), ByteString($0.text(1) ?? ""), $0.real(2)) }
  }

  private func rows<Row>(_ sql: String, _ values: [SourceValue], _ read: (SQLiteStatement) -> Row)
    throws -> [Row]
  {
    try store.guarded {
      let statement = try store.database.prepare(sql)
      for (offset, value) in values.enumerated() {
        try statement.bind(value, at: Int32(offset + 1))
      }
      var result: [Row] = []
      while try statement.step() { result.append(read(statement)) }
      return result
    }
  }
}

/// A value's metric over a span and, when every metric bucket in it carries
/// one, how many of its units had an error (method §3 `I(v)`, exact).
package struct MetricTally: Sendable, Equatable {
  package var metric: Double
  /// nil: some bucket (or every one) has no `impacted` figure.
  package var impacted: Int64?

  package init(metric: Double, impacted: Int64?) {
    (self.metric, self.impacted) = (metric, impacted)
  }
}
