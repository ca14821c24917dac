import Foundation
import StabilityCore
import StabilityIngest

/// `type: influxdb`: InfluxDB 1.x `/query` with InfluxQL (2.x answers the same
/// endpoint with a token). `$1`/`$2` are sent as bound parameters (`params`),
/// never spliced into the query; times come back as epoch seconds; each
/// series' tags named like the group's attributes become attributes.
struct InfluxDBSource: MetricSource {
  let config: SourceConfig
  let environment: RunEnvironment

  func read<Sink: SourceRowSink>(_ request: SourceRequest, into sink: inout Sink) throws {
    let body = try query(request)
    try TimeSeriesRows(request: request).emit(try Self.series(from: body), into: &sink)
  }

  func queryHints(_ request: SourceRequest, rowsRead: Int) -> [String] {
    guard (request.importer.query ?? "").range(of: #"=\s*""#, options: .regularExpression) != nil
    else {
      return []
    }
    return [
      "InfluxQL compares strings in 'single quotes'; a \"double-quoted\" value is an identifier and silently matches nothing."
    ]
  }

  private func query(_ request: SourceRequest) throws -> Data {
    let parameters = JSONValue.object([
      ("1", .string(UTCTime.iso8601(request.start))), ("2", .string(UTCTime.iso8601(request.end))),
    ]).rendered()
    var items = [
      URLQueryItem(name: "db", value: config.database ?? ""),
      URLQueryItem(name: "epoch", value: "s"),
      URLQueryItem(name: "q", value: request.importer.query ?? ""),
      URLQueryItem(name: "params", value: parameters),
    ]
    if let policy = config.retentionPolicy { items.append(URLQueryItem(name: "rp", value: policy)) }
    return try HTTPFetcher.body(
      source: config, environment: environment, endpoint: "query", query: items,
      tokenScheme: "Token", errorMessage: Self.errorMessage)
  }

  /// Series from a `/query` answer; `results[i].error` (unknown database,
  /// bad statement) is an error even though the HTTP status was 200.
  static func series(from body: Data) throws -> [TimeSeriesRows.Series] {
    guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
      throw SourceError.query("the answer is not InfluxDB JSON: \(HTTPClient.excerpt(body))")
    }
    if let error = json["error"] as? String { throw SourceError.query(error) }
    var result: [TimeSeriesRows.Series] = []
    for statement in json["results"] as? [[String: Any]] ?? [] {
      if let error = statement["error"] as? String { throw SourceError.query("InfluxDB: \(error)") }
      for series in statement["series"] as? [[String: Any]] ?? [] {
        let columns = series["columns"] as? [String] ?? []
        guard let timeIndex = columns.firstIndex(of: "time"), columns.count == 2 else {
          throw SourceError.columns(
            "each series needs `time` and one value column, not \(columns.joined(separator: ", ")); "
              + "select one aggregate, e.g. sum(value)")
        }
        let valueIndex = 1 - timeIndex
        let points = (series["values"] as? [[Any]] ?? []).compactMap {
          row -> (Int64, SourceValue)? in
          guard row.count == 2, case .integer(let time) = TimeSeriesRows.number(row[timeIndex])
          else { return nil }
          return (time, TimeSeriesRows.number(row[valueIndex]))
        }
        result.append(.init(tags: series["tags"] as? [String: String] ?? [:], points: points))
      }
    }
    return result
  }

  private static func errorMessage(_ body: Data) -> String {
    (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["error"] as? String
      ?? HTTPClient.excerpt(body)
  }
}

/// HTTP credentials from environment variables: basic auth from
/// `username_env`/`password_env`, or `token_env` as an Authorization header.
enum HTTPCredentials {
  static func headers(_ config: SourceConfig, environment: RunEnvironment, tokenScheme: String)
    throws
    -> [String: String]
  {
    let value = { (role: String) in try Self.value(role, config, environment) }
    if let token = try value("token") { return ["Authorization": "\(tokenScheme) \(token)"] }
    guard let password = try value("password") else { return [:] }
    let user = try value("username") ?? ""
    return ["Authorization": "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()]
  }

  /// The value of the variable the source names for `role` (`password` for
  /// `password_env`); nil when it names none, an error when it is unset.
  static func value(_ role: String, _ config: SourceConfig, _ environment: RunEnvironment) throws
    -> String?
  {
    guard let variable = config.credentialVariables[role] else { return nil }
    guard let value = environment.variables[variable] else {
      throw SourceError.unavailable(
        "environment variable \(variable) (\(role)_env) is not set; export it before running")
    }
    return value
  }
}
