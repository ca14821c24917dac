import StabilityCore

/// Whether an importer's data is current, shared by `status` and the pages.
package enum Freshness {
  /// Behind: never succeeded, or no success for more than twice its period.
  package static func isBehind(_ importer: ImporterConfig, state: ImporterState?, now: Int64)
    -> Bool
  {
    guard let lastSuccess = state?.lastSuccess else { return true }
    return now - lastSuccess > 2 * importer.period.seconds
  }
}

/// Why a group's numbers cannot be trusted for a release gate (method §6
/// `check`); Rendering says each in words.
package enum StaleData: Sendable {
  /// The importer failed on its last run, with its error.
  case failed(importer: String, error: String)
  /// The importer's data ends more than twice its period before the window's end.
  case behind(importer: String, upTo: Int64, period: TimeSpan)
  /// The importer never imported.
  case neverImported(importer: String)
  /// The window holds `days` days without metric from `importers`, the first at `first`.
  case gap(days: Int64, importers: [String], first: Int64)
}

/// An importer whose re-reads found rows later than its overlap: up to
/// `lateness` seconds behind its watermark (method §2.2 step 10). Its data
/// from `since` on may still grow when the next re-read runs.
package struct LateArrival: Sendable, Equatable {
  package let importer: String
  package let lateness: Int64
  /// The hour `lateness` behind the importer's watermark (its data's end).
  package let since: Int64
}

extension Freshness {
  /// The importers feeding `group`, and the error importers, whose rows
  /// have arrived an hour or more late before (`LateArrival`), by name.
  package static func lateArrivals(config: Config, store: Store, group: String) throws
    -> [LateArrival]
  {
    try config.importers.filter { $0.isErrorImporter || config.feeds($0, metricOf: group) }
      .compactMap { importer in
        guard let state = try store.state(of: StoredImporter(importer)),
          let lateness = state.maxLateness, lateness >= UTCTime.hour,
          let upTo = state.watermark ?? state.lastSpan?.end
        else { return nil }
        return LateArrival(
          importer: importer.name, lateness: lateness,
          since: UTCTime.floorToHour(upTo - lateness))
      }
  }

  /// What keeps `group`'s numbers up to `end` from being trusted for a
  /// release gate (method §6 `check`): an importer feeding the group, or an
  /// error importer, that failed on its last run, never ran, or has a
  /// watermark older than `end` minus twice its period; and the gaps inside
  /// `[start, end)`. Empty when the data is fresh.
  package static func problems(
    config: Config, store: Store, group: String, start: Int64, end: Int64
  ) throws -> [StaleData] {
    var problems: [StaleData] = []
    for importer in config.importers
    where importer.isErrorImporter || config.feeds(importer, metricOf: group) {
      let state = try store.state(of: StoredImporter(importer))
      if let error = state?.lastError {
        problems.append(.failed(importer: importer.name, error: error))
      } else if let upTo = state?.watermark ?? state?.lastSpan?.end {
        // A backfill before the first regular run leaves no watermark: its span counts.
        if upTo < end - 2 * importer.period.seconds {
          problems.append(.behind(importer: importer.name, upTo: upTo, period: importer.period))
        }
      } else {
        problems.append(.neverImported(importer: importer.name))
      }
    }
    let gaps = try GapReport(config: config, store: store, within: (start, end))
    for gap in gaps.groups where gap.group.id == group {
      let days = gap.spans.reduce(Int64(0)) { $0 + ($1.end - $1.start) / UTCTime.day }
      problems.append(.gap(days: days, importers: gap.importers, first: gap.spans[0].start))
    }
    return problems
  }
}
