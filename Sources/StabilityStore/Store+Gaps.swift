import StabilityCore

extension CountedStore {
  /// The first UTC day (its first second) on which `group` has metric.
  func firstDayWithMetric(group: String) throws -> Int64? {
    try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT b.hour FROM metric_buckets b JOIN metrics m ON m.id = b.metric_id
        WHERE m.group_id = ?1 AND b.value > 0\(filter("b")) ORDER BY b.hour LIMIT 1
        """)
      try statement.bind(.text(group), at: 1)
      guard try statement.step() else { return nil }
      let hour = statement.integer(0)
      return UTCTime.floorDiv(hour, UTCTime.day) * UTCTime.day
    }
  }

  /// The UTC days (their first second) in `[from, to)` on which `group`'s
  /// metric sums to more than zero, in order.
  func daysWithMetric(group: String, from: Int64, to: Int64) throws -> [Int64] {
    try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT day FROM (
          SELECT b.hour - ((b.hour % 86400) + 86400) % 86400 AS day, sum(b.value) AS total
          FROM metric_buckets b JOIN metrics m ON m.id = b.metric_id
          WHERE m.group_id = ?1 AND b.hour >= ?2 AND b.hour < ?3\(filter("b"))
          GROUP BY day
        ) WHERE total > 0 ORDER BY day
        """)
      try statement.bind(.text(group), at: 1)
      try statement.bind(.integer(from), at: 2)
      try statement.bind(.integer(to), at: 3)
      var days: [Int64] = []
      while try statement.step() { days.append(statement.integer(0)) }
      return days
    }
  }
}
