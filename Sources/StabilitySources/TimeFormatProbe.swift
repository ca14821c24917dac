import StabilityCore

/// SQL sources compare the query's time column with `$1`/`$2` as they are
/// bound, so a `time_format` in another shape than that column loses rows
/// without an error: SQLite's `datetime()` text (`2026-11-25 05:13:00`)
/// against ISO 8601 bounds drops every row of `$1`'s day, so hourly runs
/// find nothing. The probe runs the query with each other format and
/// finds the one under which it returns the most rows inside the span.
struct TimeFormatProbe {
  let config: Config
  let reader: SourceReader

  /// The other format that finds more rows inside `[start, end)` than the
  /// importer's own found (`found`), with that count; nil when none does or
  /// the source is not SQL.
  func betterFormat(_ importer: ImporterConfig, than found: Int, start: Int64, end: Int64)
    -> (format: TimeFormat, rows: Int)?
  {
    guard config.source(named: importer.source)?.type.descriptor.bindsTimesAsFormatted == true
    else {
      return nil
    }
    var best: (format: TimeFormat, rows: Int)?
    for format in TimeFormat.allCases where format != importer.timeFormat && format != .datetime {
      var trial = importer
      trial.timeFormat = format
      guard let read = try? reader.read(trial, start: start, end: end, sampleLimit: 0) else {
        continue
      }
      let rows = read.batch.rowsAccepted
      if rows > max(found, best?.rows ?? 0) { best = (format, rows) }
    }
    return best
  }

  /// The sentence for `better`, pointing at the importer's config line.
  static func advice(
    _ better: (format: TimeFormat, rows: Int), importer: ImporterConfig, found: Int, config: Config
  )
    -> String
  {
    "with `time_format: \(better.format.rawValue)` this query finds \(Plural.of(better.rows, "row")) inside the "
      + "span, with \(importer.timeFormat.rawValue) \(found): the time column it filters on is "
      + "stored in that shape. Add `time_format: \(better.format.rawValue)` to importer "
      + "`\(importer.name)` (\(config.file) line \(importer.line)), or to its source "
      + "`\(importer.source)` for all of its importers"
  }
}
