/// What `stability status` prints: per importer its state, and the store.
public struct StatusReport {
  let config: Config
  let states: [ImporterState]
  let storeSize: Int64
  let now: Int64

  /// A report of `states` for `config`'s importers at `now`.
  public init(config: Config, states: [ImporterState], storeSize: Int64, now: Int64) {
    self.config = config
    self.states = states
    self.storeSize = storeSize
    self.now = now
  }

  /// The report as lines of text.
  public var lines: [String] {
    var lines = ["store \(config.storePath) (\(Self.bytes(storeSize)))"]
    for importer in config.importers {
      let state = states.first { $0.name == importer.name }
      lines.append("\(importer.name) (source \(importer.source), every \(importer.period)):")
      guard let state, state.lastRun != nil else {
        lines.append("  never ran")
        continue
      }
      lines.append("  watermark     \(state.watermark.map(UTCTime.iso8601) ?? "none")")
      lines.append("  last run      \(state.lastRun.map(UTCTime.iso8601) ?? "never")")
      lines.append("  last success  \(state.lastSuccess.map(UTCTime.iso8601) ?? "never")")
      if let span = state.lastSpan {
        lines.append(
          "  last import   [\(UTCTime.iso8601(span.start)), \(UTCTime.iso8601(span.end))): "
            + "\(state.rowsImported) rows stored, \(state.rowsRejected) rejected")
      }
      if let error = state.lastError { lines.append("  LAST ERROR    \(error)") }
      if Freshness.isBehind(importer, state: state, now: now) {
        lines.append("  BEHIND        no success for more than twice its period")
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
