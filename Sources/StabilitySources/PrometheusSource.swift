import Foundation
import StabilityCore
import StabilityIngest

/// `type: prometheus` (method §2.3): PromQL through `/api/v1/query_range` at a
/// 1-hour step on the hour boundaries in `($1, $2]`. A sample at `t` is the
/// hour `[t − 1h, t)`, so the query aggregates the hour that ends at `t`
/// (`sum by (version) (increase(sessions_started_total[1h]))`). Series
/// labels named like the group's attributes (and `fingerprint` for error
/// importers) become attributes; any other label is an error, since keeping
/// or summing it silently could count a series twice. Error counts are
/// rounded to the nearest integer (`increase` extrapolates); `NaN` and
/// `±Inf` samples are rejected like any bad value.
struct PrometheusSource: MetricSource {
  let config: SourceConfig
  let environment: RunEnvironment
  func read<Sink: SourceRowSink>(_ request: SourceRequest, into sink: inout Sink) throws {
    let (first, last) = Self.sampleTimes(request)
    guard first <= last else {
      try TimeSeriesRows(request: request).emit([], into: &sink)
      return
    }
    let answer = try fetch(request, first: first, last: last)
    let allowed = Set(
      (request.importer.isErrorImporter ? ["fingerprint"] : []) + request.attributeNames)
    for series in answer where !Set(series.labels.keys).isSubset(of: allowed) {
      let extra = series.labels.keys.filter { !allowed.contains($0) }.sorted()
      throw SourceError.columns(
        "the series \(Self.describe(series.labels)) has label\(extra.count == 1 ? "" : "s") "
          + extra.joined(separator: ", ") + " that "
          + (extra.count == 1 ? "is not an attribute" : "are not attributes") + " here ("
          + allowed.sorted().joined(separator: ", ") + "); aggregate "
          + (extra.count == 1 ? "it" : "them") + " away, e.g. `sum by ("
          + series.labels.keys.filter(allowed.contains).sorted().joined(separator: ", ")
          + ") (…)`, so no series is counted twice")
    }
    let isErrors = request.importer.isErrorImporter
    if isErrors, let series = answer.first(where: { $0.labels["fingerprint"] == nil }) {
      throw SourceError.columns(
        "the series \(Self.describe(series.labels)) has no `fingerprint` label, which an error "
          + "importer needs; keep it in the aggregation, e.g. `sum by (fingerprint, "
          + series.labels.keys.sorted().joined(separator: ", ") + ") (…)`")
    }
    // `increase` is 0 for every hour without errors: no error, not a row.
    try TimeSeriesRows(request: request).emit(
      answer.map { series in
        TimeSeriesRows.Series(
          tags: series.labels,
          points: series.samples.compactMap { time, text in
            let value = Self.value(text, roundedToInteger: isErrors)
            return isErrors && value == .integer(0) ? nil : (time - 3600, value)
          })
      }, into: &sink)
  }

  /// For `test-query`: the range evaluated, the series returned (asked
  /// again: the read kept no state) and the API's warnings.
  func queryHints(_ request: SourceRequest, rowsRead: Int) -> [String] {
    let (first, last) = Self.sampleTimes(request)
    guard first <= last, let answer = try? fetch(request, first: first, last: last) else {
      return []
    }
    let labels = answer.map(\.labels)
    var hints = [
      "evaluated query_range from \(UTCTime.iso8601(first)) to \(UTCTime.iso8601(last)) at a "
        + "1h step: each sample at t is stored in the hour [t − 1h, t)",
      "\(labels.count) series returned"
        + (labels.isEmpty
          ? ""
          : ": " + labels.prefix(10).map(Self.describe).joined(separator: ", ")
            + (labels.count > 10 ? ", …" : "")),
    ]
    hints += answer.warnings.map { "Prometheus warns: \($0)" }
    let query = request.importer.query ?? ""
    if let range = query.range(of: #"\[\s*\d+(ms|s|m)\s*\]"#, options: .regularExpression) {
      hints.append(
        "the range \(query[range]) is shorter than the 1h step: each hour counts only its last "
          + "\(query[range].dropFirst().dropLast()); write [1h] to count the whole hour")
    }
    if labels.isEmpty {
      hints.append(
        "no series: check the metric name and labels in Prometheus' expression browser "
          + "(\(URL(string: config.url ?? "").map(HTTPClient.describe) ?? "the server")/graph), "
          + "and that it has samples in this span")
    }
    return hints
  }

  /// Samples one `query_range` may ask for: Prometheus refuses more than 11,000.
  static let samplesPerRequest: Int64 = 10_000

  /// `query_range` over the samples at `first`…`last`, an hour apart, in
  /// requests of at most `samplesPerRequest` samples (a long history), each
  /// series' samples joined across them.
  private func fetch(_ request: SourceRequest, first: Int64, last: Int64) throws -> Answer {
    var order: [[String: String]] = []
    var samples: [[String: String]: [(time: Int64, value: String)]] = [:]
    var warnings: [String] = []
    var start = first
    while start <= last {
      let end = min(last, start + (Self.samplesPerRequest - 1) * UTCTime.hour)
      let answer = try Self.answer(
        HTTPFetcher.body(
          source: config, environment: environment, endpoint: "api/v1/query_range",
          query: [
            URLQueryItem(name: "query", value: request.importer.query ?? ""),
            URLQueryItem(name: "start", value: String(start)),
            URLQueryItem(name: "end", value: String(end)),
            URLQueryItem(name: "step", value: "3600"),
          ], tokenScheme: "Bearer", errorMessage: Self.errorMessage))
      for series in answer {
        if samples[series.labels] == nil { order.append(series.labels) }
        samples[series.labels, default: []] += series.samples
      }
      warnings += answer.warnings.filter { !warnings.contains($0) }
      start = end + UTCTime.hour
    }
    return Answer(
      series: order.map { Series(labels: $0, samples: samples[$0] ?? []) }, warnings: warnings)
  }

  /// The first and last sample times: the ends of the whole hours in `[$1, $2)`.
  static func sampleTimes(_ request: SourceRequest) -> (first: Int64, last: Int64) {
    let first = UTCTime.ceilToHour(request.start) + UTCTime.hour
    return (first, UTCTime.floorToHour(request.end))
  }

  /// A sample's value: a number, or the text for `NaN`/`±Inf` (rejected
  /// downstream as not finite); error counts to the nearest integer.
  static func value(_ text: String, roundedToInteger: Bool) -> SourceValue {
    guard let number = Double(text), number.isFinite else { return .text(text) }
    if roundedToInteger || (number == number.rounded() && abs(number) < 9e15) {
      let rounded = number.rounded()
      return abs(rounded) < 9e15 ? .integer(Int64(rounded)) : .real(rounded)
    }
    return .real(number)
  }

  /// `{version="3.16.2", platform="ios"}`.
  static func describe(_ labels: [String: String]) -> String {
    "{"
      + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(
        separator: ", ") + "}"
  }

  /// One series of a matrix answer, without `__name__`.
  struct Series {
    let labels: [String: String]
    let samples: [(time: Int64, value: String)]
  }

  /// The series and warnings of a `query_range` answer; `status: error` is
  /// the PromQL error.
  static func answer(_ body: Data) throws -> Answer {
    guard let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
      throw SourceError.query("the answer is not Prometheus JSON: \(HTTPClient.excerpt(body))")
    }
    guard json["status"] as? String == "success" else {
      throw SourceError.query(errorMessage(body))
    }
    let data = json["data"] as? [String: Any] ?? [:]
    guard data["resultType"] as? String == "matrix" else {
      throw SourceError.query(
        "query_range answered a \(data["resultType"] as? String ?? "?"), not a matrix")
    }
    let series = (data["result"] as? [[String: Any]] ?? []).map { entry -> Series in
      var labels = entry["metric"] as? [String: String] ?? [:]
      labels["__name__"] = nil
      let samples = (entry["values"] as? [[Any]] ?? []).compactMap { pair -> (Int64, String)? in
        guard pair.count == 2, let text = pair[1] as? String else { return nil }
        let time =
          (pair[0] as? Double).map { Int64($0.rounded()) } ?? (pair[0] as? Int).map(Int64.init)
        return time.map { ($0, text) }
      }
      return Series(labels: labels, samples: samples)
    }
    return Answer(series: series, warnings: json["warnings"] as? [String] ?? [])
  }

  /// The series of an answer, and the API's warnings.
  struct Answer: Sequence {
    let series: [Series]
    let warnings: [String]
    func makeIterator() -> IndexingIterator<[Series]> { series.makeIterator() }
  }

  /// `bad_data: 1:5: parse error: …` from an error body.
  static func errorMessage(_ body: Data) -> String {
    guard let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
      let error = json["error"] as? String
    else { return HTTPClient.excerpt(body) }
    return "PromQL error (\(json["errorType"] as? String ?? "error")): \(error)"
  }
}
