import StabilityCore
import StabilityStore

/// What `stability status` prints: per importer its state, and the store.
package struct StatusReport {
  let config: Config
  let states: [ImporterState]
  let storeSize: Int64
  let schema: Int64
  let runs: [RunLogEntry]
  let gaps: GapReport
  /// Attribute values that differ only in case.
  let spellings: CaseVariants
  let orphans: [OrphanImporter]
  let now: Int64

  /// A report of `store`'s state for `config`'s importers at `now`.
  public init(config: Config, store: Store, now: Int64) throws {
    self.config = config
    states = try store.states(of: config.importers)
    storeSize = store.sizeOnDisk()
    schema = try store.schemaVersion()
    runs = try store.runLog(limit: 5)
    gaps = try GapReport(config: config, store: store)
    spellings = try CaseVariants(store: store)
    orphans = try store.orphanImporters(configured: config.importers.map(StoredImporter.init))
    self.now = now
  }

  /// The report as lines of text.
  package var lines: [String] {
    var lines = ["store \(config.storePath) (\(Self.bytes(storeSize)), schema \(schema))"]
    lines.append("sources:")
    for source in config.sources {
      let location = source.url.map(Secrets.redact) ?? source.path ?? ""
      lines.append("  \(source.name) (\(source.type.rawValue)) \(location)")
    }
    lines.append("importers:")
    for importer in config.importers {
      let state = states.first { $0.name == importer.name }
      lines.append(
        "  \(importer.name) (source \(importer.source), every \(importer.period), "
          + "re-reads \(importer.overlap) before its watermark"
          + (importer.reread.seconds > 0
            ? ", and the last \(importer.reread) once a day for later data" : "") + "):")
      guard let state, state.lastRun != nil else {
        lines.append("    never ran")
        continue
      }
      lines.append("    watermark     \(state.watermark.map(UTCTime.iso8601) ?? "none")")
      lines.append("    last run      \(state.lastRun.map(UTCTime.iso8601) ?? "never")")
      lines.append("    last success  \(state.lastSuccess.map(UTCTime.iso8601) ?? "never")")
      if let span = state.lastSpan {
        lines.append(
          "    last import   [\(UTCTime.iso8601(span.start)), \(UTCTime.iso8601(span.end))): "
            + "\(Plural.of(state.rowsImported, "row")) stored, \(state.rowsRejected) rejected")
      }
      if state.rowsRejected > 0 {
        lines += state.rejectedReasons.split(separator: "\n").map { "    rejected      \($0)" }
      }
      if let reread = state.lastReread {
        let found =
          LateData(
            amount: state.lateAmount, lateness: nil, overlap: importer.overlap,
            errors: importer.isErrorImporter, impacted: state.lateImpacted
          ).sentence ?? "nothing arrived later than the \(importer.overlap) overlap"
        lines.append("    last re-read  \(UTCTime.iso8601(reread)): \(found)")
      }
      if let lateness = state.maxLateness {
        lines.append(
          "    latest data   up to \(LateData.age(lateness)) behind the watermark (the most seen); "
            + "an overlap that long would count it at once")
      }
      if let error = state.lastError {
        lines.append("    LAST ERROR    \(error)")
        let from =
          state.watermark.map { "from its watermark \(UTCTime.iso8601($0))" } ?? "its history"
        lines.append(
          "    TO RECOVER    fix what the error says; the failed run stored nothing, and the next "
            + "`stability run` (or `stability import \(importer.name)`) re-reads \(from). After a "
            + "time_format or query fix, `stability import \(importer.name) --reset` re-reads its "
            + "whole history, in case earlier runs missed rows.")
      }
      if Freshness.isBehind(importer, state: state, now: now) {
        lines.append("    BEHIND        no success for more than twice its period")
      }
    }
    if !orphans.isEmpty {
      lines.append("not in the config (not counted):")
      lines += orphans.map { "  \($0.sentence(quote: "`"))" }
    }
    lines.append(gaps.groups.isEmpty ? "gaps: none" : "gaps:")
    lines += gaps.lines.map { "  \($0)" }
    if !spellings.attributes.isEmpty {
      lines.append("values that differ only in case:")
      lines += spellings.sentences(quote: "`").map { "  \($0)" }
    }
    if !runs.isEmpty {
      lines.append("recent runs:")
      for run in runs {
        lines.append(
          "  \(UTCTime.iso8601(run.startedAt)) \(run.command) exit \(run.exitCode): \(run.summary)")
      }
    }
    return lines
  }

  static func bytes(_ count: Int64) -> String {
    if count < 1024 { return "\(count) B" }
    if count < 1 << 20 { return "\(count / 1024) KiB" }
    return "\(count / (1 << 20)) MiB"
  }
}
