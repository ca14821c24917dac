/// The kinds of place a team's data lives. Everything the rest of the
/// program needs to know about a type is its `descriptor`, one exhaustive
/// switch: a new case makes the compiler ask for it (and for its reader in
/// `SourceConnector`), nothing else.
package enum SourceType: String, CaseIterable, Sendable {
  case sqlite, postgres, redshift, influxdb, graphite, prometheus, clickhouse, file

  /// What an importer's `query` is on a source type (method §2.2 step 3).
  package enum QueryRule: Sendable {
    /// No query: the source reads events (`file`).
    case none
    /// A Graphite target expression; the span travels as `from`/`until`.
    case graphiteTarget
    /// PromQL without `$1`/`$2`; the span is `query_range`'s start and end.
    case promQL
    /// A query that must bound its rows with `$1` and `$2`.
    case boundedBySpan
  }

  /// What a source type is to the config and the importers.
  package struct Descriptor: Sendable {
    /// Keys a source of this type must have (besides `name` and `type`).
    let requiredKeys: [String]
    /// Keys it may have besides those.
    let optionalKeys: [String]
    /// What an importer's `query` is.
    let queryRule: QueryRule
    /// The `time_format` of its importers when none is set.
    let defaultTimeFormat: TimeFormat
    /// Whether its SQL compares a time column with `$1`/`$2` bound in the
    /// shape `time_format` says — where a format unlike the column's loses
    /// rows without an error, so `test-query` and the runs probe the others.
    package let bindsTimesAsFormatted: Bool
    /// What to check when a query bound that way finds no rows in its span.
    package let emptySpanHint: String?
  }

  /// This type's descriptor; a new type must write one (no default).
  package var descriptor: Descriptor {
    let connection = ["connect_timeout", "statement_timeout"]
    let login = ["password_env", "username_env"]
    switch self {
    case .sqlite:
      return Descriptor(
        requiredKeys: ["path"], optionalKeys: ["time_format"], queryRule: .boundedBySpan,
        defaultTimeFormat: .iso8601, bindsTimesAsFormatted: true,
        emptySpanHint: "SQLite compares text with text and numbers with numbers, so $1/$2 must be "
          + "in the same form as the time column")
    case .file:
      return Descriptor(
        requiredKeys: ["path"], optionalKeys: ["time_format"], queryRule: .none,
        defaultTimeFormat: .iso8601, bindsTimesAsFormatted: false, emptySpanHint: nil)
    case .postgres, .redshift:
      return Descriptor(
        requiredKeys: ["url"], optionalKeys: login + ["time_format"] + connection,
        queryRule: .boundedBySpan, defaultTimeFormat: .iso8601, bindsTimesAsFormatted: true,
        emptySpanHint: "a timestamp or timestamptz column compares with $1/$2 as iso8601 "
          + "(`time >= $1::timestamptz`); a text column needs $1/$2 in its own form, a number "
          + "column unix or unix_ms")
    case .influxdb:
      return Descriptor(
        requiredKeys: ["url", "database"],
        optionalKeys: login + ["token_env", "time_format", "retention_policy"] + connection,
        queryRule: .boundedBySpan, defaultTimeFormat: .unix, bindsTimesAsFormatted: false,
        emptySpanHint: nil)
    case .graphite:
      return Descriptor(
        requiredKeys: ["url"],
        optionalKeys: login + ["token_env", "time_format", "attributes_from", "dot_replacement"]
          + connection,
        queryRule: .graphiteTarget, defaultTimeFormat: .unix, bindsTimesAsFormatted: false,
        emptySpanHint: nil)
    case .prometheus:
      return Descriptor(
        requiredKeys: ["url"], optionalKeys: login + ["token_env"] + connection,
        queryRule: .promQL, defaultTimeFormat: .unix, bindsTimesAsFormatted: false,
        emptySpanHint: nil)
    case .clickhouse:
      return Descriptor(
        requiredKeys: ["url"], optionalKeys: login + ["database", "time_format"] + connection,
        queryRule: .boundedBySpan, defaultTimeFormat: .datetime, bindsTimesAsFormatted: false,
        emptySpanHint: nil)
    }
  }

  /// Whether `time_format: datetime` (ClickHouse's `DateTime`) applies.
  var acceptsDatetime: Bool { descriptor.defaultTimeFormat == .datetime }
}
