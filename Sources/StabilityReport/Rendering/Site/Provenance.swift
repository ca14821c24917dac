import StabilityCore
import StabilityStore

/// How a report's numbers were made: each importer that fed it and any
/// warning about data freshness (method §5 "Every page says how…").
struct Provenance: Sendable {
  /// One importer as pages describe it.
  struct Importer: Sendable {
    let name: String
    let source: String
    let sourceType: String
    let feeds: String
    let query: String
    let hasQuery: Bool
    let lastSuccess: String
    let watermark: String
    let rowsImported: Int
    let rowsRejected: Int
    let rejectedReasons: String
    let hasRejections: Bool
    /// What its last re-read found later than the overlap (method §2.2
    /// step 10), in words; "" when it found nothing or never re-read.
    let late: Prose
    let hasLate: Bool
    /// When that re-read ran (for the digest: late data since the last run).
    let lastReread: Int64?
  }

  /// An importer a digest reports (method §6): its last run failed or it never
  /// imported (`failed`), or its data is behind.
  struct ImporterProblem: Sendable {
    let importer: String
    let failed: Bool
    let sentence: String
  }

  /// Importers in config order.
  package let importers: [Importer]
  /// Failed and behind importers, in config order.
  let importerProblems: [ImporterProblem]
  /// Visible warnings: failures, importers behind, data ending before the
  /// window does, gap days inside it.
  let warnings: [String]
  /// Notes for the method section (attribute values that differ only in case).
  var notices: [String] = []

  /// Describes `config`'s importers from their stored `states` at `now`.
  init(
    config: Config, states: [ImporterState], window: ReportWindow, now: Int64,
    dataWarnings: [String] = []
  ) {
    var problems: [ImporterProblem] = []
    importers = config.importers.map { importer in
      let state = states.first { $0.name == importer.name }
      let type = config.source(named: importer.source)?.type.rawValue ?? "?"
      func problem(failed: Bool, _ sentence: String) {
        problems.append(
          ImporterProblem(importer: importer.name, failed: failed, sentence: sentence))
      }
      if let error = state?.lastError, let lastRun = state?.lastRun {
        problem(
          failed: true,
          "Importer \(importer.name) failed at \(UTCTime.iso8601(lastRun)): \(error) Its numbers may be incomplete."
        )
      }
      if state?.lastSuccess == nil {
        // One problem per importer: a failed first run is already said above.
        if state?.lastError == nil {
          problem(failed: true, "Importer \(importer.name) has never imported successfully.")
        }
      } else if let watermark = state?.watermark,
        watermark < window.end - 2 * importer.period.seconds
      {
        problem(
          failed: false,
          "Importer \(importer.name) has data only up to \(UTCTime.iso8601(watermark)), "
            + "before the window ends (\(UTCTime.iso8601(window.end))).")
      } else if Freshness.isBehind(importer, state: state, now: now) {
        problem(
          failed: false,
          "Importer \(importer.name) is behind: last success \(state?.lastSuccess.map(UTCTime.iso8601) ?? "never"), "
            + "period \(importer.period).")
      }
      let feeds: String
      switch importer.target {
      case .metric(let name): feeds = "metric \(name)"
      case .group(let id): feeds = "group \(id)"
      case .errors: feeds = "errors"
      }
      let late =
        state.flatMap { state in
          LateData(
            amount: state.lateAmount, lateness: nil, overlap: importer.overlap,
            errors: importer.isErrorImporter, impacted: state.lateImpacted
          ).sentence.map { "\($0) (\(state.lastReread.map(UTCTime.iso8601) ?? ""))" }
        } ?? ""
      return Importer(
        name: importer.name, source: importer.source, sourceType: type, feeds: feeds,
        query: importer.query ?? "", hasQuery: importer.query != nil,
        lastSuccess: state?.lastSuccess.map(UTCTime.iso8601) ?? "never",
        watermark: state?.watermark.map(UTCTime.iso8601) ?? "none",
        rowsImported: state?.rowsImported ?? 0, rowsRejected: state?.rowsRejected ?? 0,
        rejectedReasons: state?.rejectedReasons ?? "",
        hasRejections: (state?.rowsRejected ?? 0) > 0,
        late: Prose(late), hasLate: !late.isEmpty, lastReread: state?.lastReread
      )
    }
    importerProblems = problems
    warnings = problems.map(\.sentence) + dataWarnings
  }
}
