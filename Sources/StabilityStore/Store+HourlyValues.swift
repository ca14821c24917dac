import StabilityCore

/// The hourly sums per attribute value that the release hour, the
/// age-matched comparison and the release history read (SPEC §3): kept for
/// the span of every import, in its transaction, from all importers'
/// buckets in that span.
extension Store {
  /// Recomputes `group_hours`/`value_hours` (metric) or `error_value_hours`
  /// (errors) for the hours in `[start, end)`.
  func refreshHourlyValues(kind: String, start: Int64, end: Int64) throws {
    let span: [SourceValue] = [.integer(start), .integer(end)]
    let statements: [String] =
      kind == "errors"
      ? [
        "DELETE FROM error_value_hours WHERE hour >= ?1 AND hour < ?2",
        """
        INSERT INTO error_value_hours
          SELECT b.hour, v.name, v.value, sum(b.count), sum(b.impacted) FROM error_buckets b
          JOIN attribute_values v ON v.set_id = b.attribute_set_id
          WHERE b.hour >= ?1 AND b.hour < ?2 GROUP BY 1, 2, 3
        """,
      ]
      : [
        "DELETE FROM group_hours WHERE hour >= ?1 AND hour < ?2",
        """
        INSERT INTO group_hours
          SELECT m.group_id, b.hour, sum(b.value) FROM metric_buckets b
          JOIN metrics m ON m.id = b.metric_id WHERE b.hour >= ?1 AND b.hour < ?2 GROUP BY 1, 2
        """,
        "DELETE FROM value_hours WHERE hour >= ?1 AND hour < ?2",
        """
        INSERT INTO value_hours
          SELECT b.hour, m.group_id, v.name, v.value, sum(b.value) FROM metric_buckets b
          JOIN metrics m ON m.id = b.metric_id
          JOIN attribute_values v ON v.set_id = m.attribute_set_id
          WHERE b.hour >= ?1 AND b.hour < ?2 GROUP BY 1, 2, 3, 4
        """,
      ]
    for sql in statements {
      let statement = try database.prepare(sql)
      try statement.bind(span[0], at: 1)
      try statement.bind(span[1], at: 2)
      try statement.run()
    }
  }
}
