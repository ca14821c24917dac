import StabilityCore

extension Store {
  /// The UTC days (their first second) on which `group`'s metric sums to
  /// more than zero, in order. Reads the group's metric buckets of all
  /// time: for imports and `status`, never for reports.
  public func daysWithMetric(group: String) throws -> [Int64] {
    try guarded {
      let statement = try database.prepare(
        """
        SELECT day FROM (
          SELECT b.hour - ((b.hour % 86400) + 86400) % 86400 AS day, sum(b.value) AS total
          FROM metric_buckets b JOIN metrics m ON m.id = b.metric_id
          WHERE m.group_id = ?1 GROUP BY day
        ) WHERE total > 0 ORDER BY day
        """)
      try statement.bind(.text(group), at: 1)
      var days: [Int64] = []
      while try statement.step() { days.append(statement.integer(0)) }
      return days
    }
  }
}
