import Foundation
import StabilityCore
import StabilityIngest

/// `type: file`: metric and error **events** in JSON Lines (`*.jsonl`, `*.json`)
/// or CSV (`*.csv`, header row) files matched by a glob, as an SDK would send them.
///
/// A metric event names its `group` and carries `time`, an optional `value`
/// (default 1) and its attributes; one that lacks an attribute linked to its
/// group is dropped and counted per group and attribute (method §2.1). An error
/// event carries `time`, `fingerprint`, optional `count` and `impacted`, and
/// attributes. Rows are produced in fixed columns so the importer engine reads
/// them like a query result. The source applies `[$1, $2)` itself: events
/// outside it are skipped and counted, so every run after the first reads
/// the file again and keeps only its own span.
struct FileEventSource: MetricSource {
  let config: SourceConfig

  func read<Sink: SourceRowSink>(_ request: SourceRequest, into sink: inout Sink) throws {
    let files = try matchingFiles()
    let layout = EventLayout(request: request)
    try sink.begin(columns: layout.columns)
    for file in files {
      try EventFileReader.forEachRecord(in: file) { location, record in
        switch record {
        case .malformed(let reason): sink.reject(reason: reason, example: location)
        case .fields(let fields):
          try Self.take(fields, layout, request, into: &sink, at: location, isUTF8: true)
        case .notUTF8(let fields):
          try Self.take(fields, layout, request, into: &sink, at: location, isUTF8: false)
        }
      }
    }
  }

  /// One event: left alone when it is of another kind or group; left out
  /// when its time is outside the span (files hold every event ever written;
  /// a time that cannot be read goes on, to be rejected); else stored, or
  /// rejected when it lacks an attribute or is not UTF-8.
  private static func take<Sink: SourceRowSink>(
    _ fields: [String: SourceValue], _ layout: EventLayout, _ request: SourceRequest,
    into sink: inout Sink, at location: String, isUTF8: Bool
  ) throws {
    let outcome = layout.row(for: fields)
    if case .skip = outcome { return }
    if let time = ValueReading.time(fields["time"] ?? .null, format: request.importer.timeFormat).0,
      time < request.start || time >= request.end
    {
      return sink.skipOutsideSpan()
    }
    guard isUTF8 else {
      return sink.reject(reason: EventFileReader.invalidUTF8Reason, example: location)
    }
    switch outcome {
    case .row(let row): try sink.row(row)
    case .drop(let reason): sink.reject(reason: reason, example: location)
    case .skip: break
    }
  }

  private func matchingFiles() throws -> [String] {
    guard let pattern = config.path else { throw SourceError.unavailable("no `path` glob") }
    var result = glob_t()
    defer { globfree(&result) }
    let status = glob(pattern, 0, nil, &result)
    guard status == 0 else {
      throw SourceError.unavailable("no files match \(pattern); check `path` in the source")
    }
    let paths = (0..<Int(result.gl_pathc)).compactMap { index in
      result.gl_pathv[index].map { String(cString: $0) }
    }
    return paths.sorted()
  }
}

/// How one importer turns event fields into fixed result columns.
struct EventLayout {
  let columns: [String]
  let isErrors: Bool
  let group: String?
  let fixedAttributes: [String: String]
  let attributeNames: [String]

  enum Outcome {
    case row(ValuesRow)
    case skip
    case drop(String)
  }

  init(request: SourceRequest) {
    isErrors = request.importer.isErrorImporter
    group = request.group
    fixedAttributes = request.fixedAttributes
    attributeNames = request.attributeNames
    let fixed = isErrors ? ["time", "fingerprint", "count", "impacted"] : ["time", "value"]
    columns = fixed + attributeNames
  }

  func row(for fields: [String: SourceValue]) -> Outcome {
    let isErrorEvent = fields["fingerprint"] != nil
    guard isErrors == isErrorEvent else { return .skip }
    if isErrors {
      let values = [
        fields["time"] ?? .null, fields["fingerprint"] ?? .null, fields["count"] ?? .integer(1),
        fields["impacted"] ?? .null,
      ]
      return .row(ValuesRow(values: values + attributeNames.map { fields[$0] ?? .null }))
    }
    if let eventGroup = fields["group"], eventGroup != .text(group ?? "") { return .skip }
    for (name, value) in fixedAttributes where fields[name] != .text(value) { return .skip }
    for name in attributeNames {
      if fields[name] == nil || fields[name] == .null {
        return .drop("metric event dropped: missing attribute `\(name)` (group \(group ?? "?"))")
      }
    }
    let values = [fields["time"] ?? .null, fields["value"] ?? .integer(1)]
    return .row(ValuesRow(values: values + attributeNames.map { fields[$0] ?? .null }))
  }
}
