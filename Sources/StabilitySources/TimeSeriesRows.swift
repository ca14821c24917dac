import StabilityCore
import StabilityIngest

/// Series from a time-series database (InfluxDB, Graphite) as rows in fixed
/// columns: `time`, the value, then the request's attribute names (from tags).
/// Points whose value is null are skipped, as the servers use null for "no data".
struct TimeSeriesRows {
  /// One series: its tags and points.
  struct Series {
    let tags: [String: String]
    let points: [(time: Int64, value: SourceValue)]
  }

  let columns: [String]
  private let tagColumns: [String]

  init(request: SourceRequest) {
    let isErrors = request.importer.isErrorImporter
    tagColumns = (isErrors ? ["fingerprint"] : []) + request.attributeNames
    columns = [request.importer.timeColumn, isErrors ? "count" : "value"] + tagColumns
  }

  /// Streams every non-null point of `series` into `sink`.
  func emit<Sink: SourceRowSink>(_ series: [Series], into sink: inout Sink) throws {
    try sink.begin(columns: columns)
    for entry in series {
      // InfluxDB reports a tag a series lacks as "": that is an absent attribute.
      let tags = tagColumns.map { name in
        entry.tags[name].flatMap { $0.isEmpty ? nil : SourceValue.text($0) } ?? .null
      }
      for point in entry.points where point.value != .null {
        try sink.row(ValuesRow(values: [.text(UTCTime.iso8601(point.time)), point.value] + tags))
      }
    }
  }

  /// A JSON number as a source value.
  static func number(_ any: Any?) -> SourceValue {
    switch any {
    case let integer as Int: return .integer(Int64(integer))
    case let double as Double:
      return double == double.rounded() && abs(double) < 9e15
        ? .integer(Int64(double)) : .real(double)
    case let text as String: return .text(text)
    default: return .null
    }
  }
}
