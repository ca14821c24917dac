import Foundation
import StabilityCore
import StabilityIngest

/// `type: graphite`: the render API with `format=json`. The importer's query
/// is the target expression; `$1`/`$2` travel as `from`/`until` (Graphite's
/// `from` is exclusive, so it is asked for `$1 − 1`). Tags become attributes;
/// for untagged series names the source's `attributes_from` regular
/// expression reads them from named groups, with `dot_replacement` turning
/// e.g. `3_16_2` back into `3.16.2`.
struct GraphiteSource: MetricSource {
  let config: SourceConfig
  let environment: RunEnvironment

  func read<Sink: SourceRowSink>(_ request: SourceRequest, into sink: inout Sink) throws {
    let body = try render(request)
    guard let answer = try? JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
      throw SourceError.query("the answer is not Graphite JSON: \(HTTPClient.excerpt(body))")
    }
    let extractor = try NameAttributes(pattern: config.attributesFrom, dot: config.dotReplacement)
    let series = answer.map { entry -> TimeSeriesRows.Series in
      let name = entry["target"] as? String ?? ""
      var tags = (entry["tags"] as? [String: Any] ?? [:]).compactMapValues { $0 as? String }
      tags["name"] = nil
      for (key, value) in extractor.attributes(of: name) where tags[key] == nil {
        tags[key] = value
      }
      let points = (entry["datapoints"] as? [[Any]] ?? []).compactMap {
        point -> (Int64, SourceValue)? in
        guard point.count == 2, case .integer(let time) = TimeSeriesRows.number(point[1]) else {
          return nil
        }
        return (time, TimeSeriesRows.number(point[0]))
      }
      return TimeSeriesRows.Series(tags: tags, points: points)
    }
    try TimeSeriesRows(request: request).emit(series, into: &sink)
  }

  func queryHints(_ request: SourceRequest, rowsRead: Int) -> [String] {
    guard rowsRead == 0 else { return [] }
    return [
      "Graphite answers an empty list for an unknown metric and even for a malformed target; "
        + "check the target (e.g. in graphite-web's composer) and that points exist in this span."
    ]
  }

  private func render(_ request: SourceRequest) throws -> Data {
    try HTTPFetcher.body(
      source: config, environment: environment, endpoint: "render",
      query: [
        URLQueryItem(name: "target", value: request.importer.query ?? ""),
        URLQueryItem(name: "from", value: String(request.start - 1)),
        URLQueryItem(name: "until", value: String(request.end - 1)),
        URLQueryItem(name: "format", value: "json"),
      ], tokenScheme: "Bearer")
  }
}

/// Attribute values read from a series name by a regular expression's named groups.
struct NameAttributes {
  private let expression: NSRegularExpression?
  private let names: [String]
  private let dot: String?

  init(pattern: String?, dot: String?) throws {
    self.dot = dot
    guard let pattern else {
      expression = nil
      names = []
      return
    }
    expression = try? NSRegularExpression(pattern: pattern)
    let groups = try NSRegularExpression(pattern: #"\(\?<([A-Za-z][A-Za-z0-9]*)>"#)
    names = groups.matches(in: pattern, range: NSRange(pattern.startIndex..., in: pattern))
      .compactMap {
        Range($0.range(at: 1), in: pattern).map { String(pattern[$0]) }
      }
  }

  func attributes(of name: String) -> [String: String] {
    guard let expression,
      let match = expression.firstMatch(in: name, range: NSRange(name.startIndex..., in: name))
    else { return [:] }
    var result: [String: String] = [:]
    for group in names {
      guard let range = Range(match.range(withName: group), in: name) else { continue }
      let value = String(name[range])
      result[group] = dot.map { value.replacingOccurrences(of: $0, with: ".") } ?? value
    }
    return result
  }
}
