import StabilityCore
import StabilityIngest

/// What `stability test-query` shows: the bound values, how each column is
/// read, sample rows, rejections and the metrics the rows would feed.
package struct TestQueryReport {
  /// The importer tried.
  package let importer: ImporterConfig
  /// `$1`.
  public let start: Int64
  /// `$2`.
  package let end: Int64
  /// The interpreter after reading.
  let result: RowInterpreter
  /// Columns the server described before the query ran, where it can.
  let described: [String]?
  /// Source-specific warnings about the query.
  let hints: [String]
  /// The config the importer came from (for messages that point into it).
  let config: Config
  /// Another `time_format` under which the query returns more rows inside
  /// the span, with that count; nil when none does.
  let betterFormat: (format: TimeFormat, rows: Int)?

  /// Runs `importer` over `[start, end)` without storing anything.
  package static func run(
    _ importer: ImporterConfig, config: Config, environment: RunEnvironment,
    start: Int64, end: Int64
  ) throws -> TestQueryReport {
    let reader = SourceReader(config: config, environment: environment)
    let described = try reader.describe(importer, start: start, end: end)
    let result = try reader.read(importer, start: start, end: end, sampleLimit: 10)
    let hints = try reader.hints(importer, start: start, end: end, rowsRead: result.rowsRead)
    return TestQueryReport(
      importer: importer, start: start, end: end, result: result, described: described,
      hints: hints,
      config: config,
      betterFormat: TimeFormatProbe(config: config, reader: reader)
        .betterFormat(importer, than: result.batch.rowsAccepted, start: start, end: end))
  }

  /// Why a run over this span would fail instead of storing the rows
  /// (method §2.2 steps 7–8); nil when it would store them.
  var runProblem: String? {
    RunAcceptance(importer: importer, config: config, start: start, end: end).problem(result)
  }

  /// Whether a run as configured would fail or miss rows: `test-query` then
  /// exits 1.
  package var findsAProblem: Bool { runProblem != nil || betterFormat != nil }

  /// What is wrong with a run as configured, one sentence each (empty when
  /// nothing is): for `validate --sources`.
  package var problems: [String] {
    var problems: [String] = []
    if let better = betterFormat {
      problems.append(
        TimeFormatProbe.advice(
          better, importer: importer, found: result.batch.rowsAccepted, config: config))
    }
    if let runProblem { problems.append("a run would fail: \(runProblem)") }
    return problems
  }

  /// The importer's source type.
  private var sourceType: SourceType? { config.source(named: importer.source)?.type }

  /// Rows the query returned.
  package var rowsRead: Int { result.rowsRead }

  /// The report as lines of text.
  package var lines: [String] {
    let format = importer.timeFormat
    var lines = [
      "importer \(importer.name) (source \(importer.source), time_format \(format.rawValue))",
      "$1 = \(format.format(start).displayText)   (\(UTCTime.iso8601(start)))",
      "$2 = \(format.format(end).displayText)   (\(UTCTime.iso8601(end)))",
    ]
    if let described {
      lines.append("described by the server before running: \(described.joined(separator: ", "))")
    }
    if let layout = result.layout {
      lines.append("columns:")
      lines += layout.describe(timeFormat: format).map { "  \($0)" }
      if !result.samples.isEmpty {
        lines.append("sample rows:")
        lines.append("  " + layout.names.joined(separator: " | "))
        lines += result.samples.map { "  " + $0.joined(separator: " | ") }
      }
    }
    let batch = result.batch
    lines.append(
      "\(Plural.of(result.rowsRead, "row")) read, \(batch.rowsAccepted) accepted, "
        + "\(batch.rejections.total) rejected"
        + (result.skippedOutsideSpan == 0
          ? "" : "; \(Plural.of(result.skippedOutsideSpan, "event")) outside the span left out")
    )
    for entry in batch.rejections.sorted {
      lines.append("  rejected \(entry.count): \(entry.reason) (e.g. \(entry.example))")
    }
    if !batch.metricSeries.isEmpty {
      let names = batch.metricSeries.map(\.metric)
      lines.append(
        "would feed \(names.count) metric(s): " + names.prefix(20).joined(separator: ", "))
    }
    if !batch.errorSeries.isEmpty {
      let fingerprints = Set(batch.errorSeries.map(\.fingerprint))
      lines.append("would store errors of \(fingerprints.count) fingerprint(s)")
    }
    lines += hints.map { "hint: \($0)" }
    if let better = betterFormat {
      lines.append(
        "hint: "
          + TimeFormatProbe.advice(
            better, importer: importer, found: result.batch.rowsAccepted, config: config) + ".")
    }
    if let problem = runProblem {
      lines.append("a run over this span would FAIL: \(problem).")
    }
    if result.rowsRead == 0, let hint = sourceType?.descriptor.emptySpanHint {
      lines.append(
        "hint: no rows in this span. If the source has data here, check time_format "
          + "(\(format.rawValue)): \(hint); or widen \(CommandSyntax.since)/\(CommandSyntax.until)."
      )
    }
    return lines
  }
}
