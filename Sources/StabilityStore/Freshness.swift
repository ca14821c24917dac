import StabilityCore

/// Whether an importer's data is current, shared by `status` and the pages.
public enum Freshness {
  /// Behind: never succeeded, or no success for more than twice its period.
  public static func isBehind(_ importer: ImporterConfig, state: ImporterState?, now: Int64) -> Bool
  {
    guard let lastSuccess = state?.lastSuccess else { return true }
    return now - lastSuccess > 2 * importer.period.seconds
  }
}

extension Freshness {
  /// Why `group`'s numbers up to `end` cannot be trusted for a release gate
  /// (method §6 `check`), one sentence each, naming the importer: an importer
  /// feeding the group, or an error importer, that failed on its last run,
  /// never ran, or has a watermark older than `end` minus twice its period;
  /// and the gaps inside `[start, end)`. Empty when the data is fresh.
  public static func problems(
    config: Config, store: Store, group: String, start: Int64, end: Int64
  ) throws -> [String] {
    var problems: [String] = []
    for importer in config.importers
    where importer.isErrorImporter || config.feeds(importer, metricOf: group) {
      let state = try store.state(of: StoredImporter(importer))
      if let error = state?.lastError {
        problems.append("importer `\(importer.name)` failed on its last run (\(error))")
      } else if let upTo = state?.watermark ?? state?.lastSpan?.end {
        // A backfill before the first regular run leaves no watermark: its span counts.
        if upTo < end - 2 * importer.period.seconds {
          problems.append(
            "importer `\(importer.name)` has data only up to \(UTCTime.iso8601(upTo)), "
              + "more than twice its period (\(importer.period)) before the window's end")
        }
      } else {
        problems.append("importer `\(importer.name)` has never imported")
      }
    }
    let gaps = try GapReport(config: config, store: store, within: (start, end))
    for gap in gaps.groups where gap.group.id == group {
      let days = gap.spans.reduce(Int64(0)) { $0 + ($1.end - $1.start) / UTCTime.day }
      problems.append(
        "the window has \(days) day\(days == 1 ? "" : "s") without metric from "
          + gap.importers.map { "`\($0)`" }.joined(separator: ", ")
          + " (a gap, first \(UTCTime.dayString(gap.spans[0].start)))")
    }
    return problems
  }
}
