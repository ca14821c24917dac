import StabilityCore
import StabilityStore

/// Computes `Scores` from the store for a window (method §3). Aggregation runs
/// as SQL over hour buckets; this type only combines the per-value sums.
package struct ScoreCalculator {
  let config: Config
  /// The store as reports read it: data of importers no longer in the
  /// config (renamed, removed, retired) never counts (issue 22).
  let store: CountedStore

  /// A calculator over `config`'s groups and `store`'s data.
  public init(config: Config, store: Store) throws {
    self.config = config
    self.store = try store.counting(config.importers.map(StoredImporter.init))
  }

  /// Every group in `config.report.normalizeBy`, in that order, for `window`.
  package func scores(window: ReportWindow, generatedAt: Int64) throws -> Scores {
    let errors = WindowErrors(store: store, window: window)
    let groups = try store.store.readSnapshot {
      try config.report.normalizeBy.compactMap(config.group(id:)).map {
        try groupScores($0, window: window, errors: errors, now: generatedAt)
      }
    }
    return Scores(project: config.project, generatedAt: generatedAt, window: window, groups: groups)
  }

  func groupScores(
    _ group: MetricGroup, window: ReportWindow, errors windowErrors: WindowErrors, now: Int64
  ) throws -> GroupScores {
    let attributes = (config.report.groupBy[group.id] ?? []).compactMap(group.attribute(named:))
    // Totals: an attribute name no row has puts everything under one value.
    let totalsMetric = try store.metricByValue(
      group: group.id, attribute: "", defaultValue: "", start: window.start, end: window.end)
    let totalsErrors = try windowErrors.cells(attribute: "", defaultValue: "")
    let metric = totalsMetric.reduce(0) { $0 + $1.tally.metric }
    // Every sum the scores take is part of this one: if it fits, they do.
    let errors = try Self.checkedTotal(totalsErrors, group: group, window: window)
    var tables: [AttributeTable] = []
    for attribute in attributes {
      tables.append(
        try table(group: group, attribute: attribute, window: window, errors: windowErrors))
    }
    let primaryTable = try group.attributes.first(where: \.ordered).map { primary in
      try tables.first { $0.attribute.name == primary.name }
        ?? table(group: group, attribute: primary, window: window, errors: windowErrors)
    }
    let coverage = Coverage(primary: primaryTable, cells: totalsErrors)
    var fingerprints = fingerprintScores(
      group: group, cells: totalsErrors, coverage: coverage, total: metric, tables: tables)
    try addDailyErrors(&fingerprints, window: window, errors: windowErrors)
    var by = tables.map { table in
      AttributeScores(
        attribute: table.attribute,
        values: table.values(
          group: group, total: metric, fingerprintOrder: fingerprints.map(\.index)))
    }
    for index in by.indices where by[index].attribute.ordered {
      try addReleaseAges(&by[index], group: group, window: window)
    }
    var releases: [ReleaseScores] = []
    var launches: [Launch] = []
    if let primary = group.attributes.first(where: \.ordered) {
      var ages = try releaseAge(group: group, attribute: primary, window: window)
      releases = try ages.history(limit: config.report.historyVersions)
      launches = try ages.launches(now: now)
    }
    var scores = GroupScores(
      group: group, metric: metric, errors: errors, coveredErrors: coverage.coveredErrors,
      rate: ratio(Double(coverage.coveredErrors), metric), uncovered: coverage.uncovered, by: by,
      releases: releases, fingerprints: fingerprints,
      daily: try DailySeries(
        store: store, group: group, window: window, tables: tables, errors: windowErrors
      ).days())
    scores.launches = launches
    scores.dataReach = try dataReach(group: group)
    return scores
  }

  private func releaseAge(group: MetricGroup, attribute: LinkedAttribute, window: ReportWindow)
    throws -> ReleaseAge
  {
    try ReleaseAge(
      store: store, group: group, attribute: attribute,
      ageWindow: config.report.ageWindow.seconds, end: window.end,
      through: try through(group: group) ?? window.end)
  }

  /// How far the store's data reaches for `group` (method §3 `through`):
  /// the oldest, among the importers that feed it and every error
  /// importer, of each one's watermark or the end of its last import when
  /// that is later (a backfill with `--until` sets no watermark), floored
  /// to the hour; nil when none has imported yet.
  func through(group: MetricGroup) throws -> Int64? {
    try dataReach(group: group).map { UTCTime.floorDiv($0, UTCTime.hour) * UTCTime.hour }
  }

  /// The same, not floored: the time the group's data is complete up to.
  func dataReach(group: MetricGroup) throws -> Int64? {
    let feeding = config.importers.filter {
      $0.target == .errors || config.feeds($0, metricOf: group.id)
    }
    let reached = try store.store.states(of: feeding).compactMap { state -> Int64? in
      [state.watermark, state.lastSpan?.end].compactMap { $0 }.max()
    }
    return reached.min()
  }

  /// released(v) and the age-matched comparison for each row that has a
  /// calendar comparison (ordered attributes, non-default values).
  private func addReleaseAges(
    _ table: inout AttributeScores, group: MetricGroup, window: ReportWindow
  ) throws {
    var ages = try releaseAge(group: group, attribute: table.attribute, window: window)
    for index in table.values.indices {
      guard let comparison = table.values[index].comparison else { continue }
      let value = table.values[index].value
      table.values[index].released = try ages.released(value)
      if try ages.wasLiveBeforeHistory(value) { table.values[index].newIn = nil }
      table.values[index].ageMatched = try ages.ageMatched(
        value, previous: comparison.previous.map(ByteString.init))
    }
  }

  private func table(
    group: MetricGroup, attribute: LinkedAttribute, window: ReportWindow, errors: WindowErrors
  ) throws -> AttributeTable {
    let metric = try store.metricByValue(
      group: group.id, attribute: attribute.name, defaultValue: attribute.defaultValue,
      start: window.start, end: window.end)
    return AttributeTable(
      attribute: attribute, metric: metric, errors: try errors.attributeErrors(attribute))
  }

  /// E for the group, or an error when the window's error counts (or
  /// impacted) sum past `Int64.max` — a report never traps on stored data.
  static func checkedTotal(_ cells: WindowCells, group: MetricGroup, window: ReportWindow)
    throws -> Int64
  {
    var total = ErrorTally()
    for cell in cells.cells {
      let overflowed = total.addReportingOverflow(cell.tally)
      guard overflowed || total.count == .max || total.impacted == .max else { continue }
      throw ErrorSumOverflow(
        message: "the error counts of group `\(group.id)` in the window "
          + "[\(UTCTime.iso8601(window.start)), \(UTCTime.iso8601(window.end))) sum past "
          + "\(Int64.max), the largest count kept exactly: the store holds counts that are not "
          + "counts of errors. Fix the error importer's `count` column and re-import its span "
          + "(\(CommandSyntax.importSpan)).")
    }
    return total.count
  }

  /// The group's fingerprints with errors, by errors descending then bytes
  /// (method §3); `cells` are the window's cells with every value as one.
  private func fingerprintScores(
    group: MetricGroup, cells: WindowCells, coverage: Coverage, total: Double,
    tables: [AttributeTable]
  ) -> [FingerprintScores] {
    var totals = [(errors: Int64, impacted: Int64)](
      repeating: (0, 0), count: cells.fingerprints.count)
    for cell in cells.cells {
      totals[Int(cell.fingerprintIndex)].errors += cell.tally.count
      totals[Int(cell.fingerprintIndex)].impacted += cell.tally.impacted
    }
    let texts = cells.fingerprints
    let listed = totals.indices.filter { totals[$0].errors > 0 }.sorted {
      (totals[$1].errors, texts[$0]) < (totals[$0].errors, texts[$1])
    }
    let breakdown = FingerprintBreakdown(tables: tables)
    return listed.map { index in
      let covered = coverage.byFingerprint[index]
      return FingerprintScores(
        fingerprint: texts[index], errors: totals[index].errors,
        coveredErrors: covered.errors, impacted: totals[index].impacted,
        rate: ratio(Double(covered.errors), total),
        impactedFraction: group.kind == .count
          ? ratio(Double(covered.impacted), total).map { min(1, $0) } : nil,
        index: Int32(index), breakdown: breakdown)
    }
  }
}

extension ScoreCalculator {
  /// E_d(f) for the top `report.top_fingerprints` fingerprints, for their pages.
  func addDailyErrors(
    _ fingerprints: inout [FingerprintScores], window: ReportWindow, errors: WindowErrors
  ) throws {
    let top = Array(fingerprints.prefix(config.report.topFingerprints))
    let days = window.days()
    let index = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1.day, $0) })
    let position = Dictionary(uniqueKeysWithValues: top.enumerated().map { ($1.fingerprint, $0) })
    for offset in top.indices {
      fingerprints[offset].daily = Array(repeating: 0, count: days.count)
    }
    for row in try errors.perHour(of: top.map(\.fingerprint)) {
      guard let fingerprint = position[row.fingerprint],
        let day = index[window.day(ofHour: row.hour)]
      else { continue }
      fingerprints[fingerprint].daily[day] += row.errors
    }
  }
}

/// `numerator / denominator`, nil when the denominator is 0 (never inf or NaN).
func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
  denominator == 0 ? nil : numerator / denominator
}

/// Error counts that sum past the exact integer range (exit 1, no site).
struct ErrorSumOverflow: StabilityError {
  let message: String
  var exitStatus: ExitStatus { .failed }
  var description: String { message }
}
