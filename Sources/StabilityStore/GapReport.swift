import StabilityCore

/// Whole UTC days without metric (method §2.2 step 9): for each metric group,
/// the days after its first day with metric and before the day that holds
/// the newest watermark of its importers on which its metric is zero — a
/// source outage, or an importer that lost rows.
package struct GapReport {
  /// A group's gaps as runs of consecutive days.
  package struct GroupGaps {
    /// The group.
    package let group: MetricGroup
    /// Runs of gap days: `[start, end)` in whole days.
    package let spans: [(start: Int64, end: Int64)]
    /// The importers feeding the group (what to re-run).
    package let importers: [String]
  }

  /// Groups with at least one gap, in config order.
  package let groups: [GroupGaps]

  /// The gaps in `store` for `config`'s groups; with `within`, only the
  /// days inside that span are read (a report's window: its cost follows
  /// the window, not the store's history).
  public init(config: Config, store: Store, within: (start: Int64, end: Int64)? = nil) throws {
    let counted = try store.counting(config.importers.map(StoredImporter.init))
    var found: [GroupGaps] = []
    for group in config.groups {
      let feeding = config.importers.filter { config.feeds($0, metricOf: group.id) }
      let watermarks = try feeding.compactMap { try store.state(of: StoredImporter($0))?.watermark }
      guard let newest = watermarks.max(),
        var first = try counted.firstDayWithMetric(group: group.id)
      else { continue }
      var last = UTCTime.floorDiv(newest, UTCTime.day) * UTCTime.day
      if let within {
        // Whole days inside the span only.
        first = max(first, UTCTime.floorDiv(within.start - 1, UTCTime.day) * UTCTime.day)
        last = min(last, UTCTime.floorDiv(within.end, UTCTime.day) * UTCTime.day)
        guard first < last else { continue }
      }
      let days =
        [first]
        + (try counted.daysWithMetric(group: group.id, from: first + UTCTime.day, to: last))
      var spans: [(start: Int64, end: Int64)] = []
      var previous = first
      for day in days.dropFirst() where day < last {
        if day > previous + UTCTime.day { spans.append((previous + UTCTime.day, day)) }
        previous = day
      }
      if last > previous + UTCTime.day { spans.append((previous + UTCTime.day, last)) }
      if !spans.isEmpty {
        found.append(GroupGaps(group: group, spans: spans, importers: feeding.map(\.name)))
      }
    }
    groups = found
  }
}
