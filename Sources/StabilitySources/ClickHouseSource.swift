import Foundation
import StabilityCore
import StabilityIngest

/// `type: clickhouse` (method §2.3): SQL over the HTTP interface, aggregated
/// in ClickHouse (`toStartOfHour`, `GROUP BY`). `$1`/`$2` become values the
/// tool formats itself from the span — `toDateTime(<epoch>)` for
/// `time_format: datetime` (the default), integers for `unix`/`unix_ms`,
/// quoted text for `iso8601`/`sql` — never text a user wrote. The answer is
/// read as `TabSeparatedWithNamesAndTypes`, streamed row by row; a bare
/// `DateTime` column is read in the server's time zone (asked once per
/// read), `DateTime('Zone')` in its own.
struct ClickHouseSource: MetricSource {
  let config: SourceConfig
  let environment: RunEnvironment

  func read<Sink: SourceRowSink>(_ request: SourceRequest, into sink: inout Sink) throws {
    var reader = TabSeparatedReader(serverZone: try serverTimeZone())
    try post(Self.statement(request) + "\nFORMAT TabSeparatedWithNamesAndTypes") { piece in
      try reader.consume(piece, into: &sink)
    }
    try reader.finish(into: &sink)
  }

  func describeColumns(_ request: SourceRequest) throws -> [String]? {
    // DESCRIBE of a subquery names the columns and their types without running it.
    // The statement's last line may end in a `-- comment`: the parenthesis goes on its own line.
    let text = try answer(
      "DESCRIBE TABLE (\n" + Self.statement(request) + "\n)\nFORMAT TabSeparated")
    return text.split(separator: "\n").map { line in
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        .map { TabSeparatedReader.unescape(String($0)) }
      return fields.count >= 2 ? "\(fields[0]) \(fields[1])" : fields.joined()
    }
  }

  /// The query with `$1`/`$2` replaced by the span's bounds as ClickHouse
  /// literals in the importer's time format.
  static func statement(_ request: SourceRequest) -> String {
    let query = (request.importer.query ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    let trimmed = query.hasSuffix(";") ? String(query.dropLast()) : query
    return trimmed.replacingParameter(
      "$1", with: literal(request.start, request.importer.timeFormat)
    )
    .replacingParameter("$2", with: literal(request.end, request.importer.timeFormat))
  }

  /// `toDateTime(1795132800)`, `1795132800`, `1795132800000` or `'2026-11-20T00:00:00Z'`.
  static func literal(_ time: Int64, _ format: TimeFormat) -> String {
    switch format {
    case .datetime: return "toDateTime(\(time))"
    case .unix: return String(time)
    case .unixMs: return String(time * 1000)
    case .iso8601: return "'\(UTCTime.iso8601(time))'"
    case .sql: return "'\(UTCTime.sql(time))'"
    }
  }

  /// The server's time zone (`SELECT timezone()`), in which a bare `DateTime` prints.
  private func serverTimeZone() throws -> TimeZone {
    let name = try answer("SELECT timezone()\nFORMAT TabSeparated")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    guard let zone = TimeZone(identifier: name) else {
      throw SourceError.query("the server's time zone `\(name)` is not one this machine knows")
    }
    return zone
  }

  /// The whole (small) answer to `sql`.
  private func answer(_ sql: String) throws -> String {
    var data = Data()
    try post(sql) { data.append(contentsOf: $0) }
    return String(decoding: data, as: UTF8.self)
  }

  /// POSTs `sql` and hands a 200's body to `read` as it arrives. A
  /// ClickHouse exception (`Code: 62, e.displayText() = …`) is a query
  /// error, a refused login "unavailable"; connection errors and other 5xx
  /// answers are tried 3 times with backoff, as for the other HTTP sources,
  /// unless part of the answer was already read.
  private func post(_ sql: String, read: (UnsafeRawBufferPointer) throws -> Void) throws {
    guard let base = config.url, var components = URLComponents(string: base),
      ["http", "https"].contains(components.scheme ?? "")
    else { throw SourceError.unavailable("the source's url is not an http(s) URL") }
    if let database = config.database {
      components.queryItems =
        (components.queryItems ?? []) + [URLQueryItem(name: "database", value: database)]
    }
    guard let url = components.url else {
      throw SourceError.unavailable("the source's url is not a URL")
    }
    let request = HTTPStreamingPost(
      url: url.absoluteString, headers: try credentials(),
      connectTimeout: config.connectTimeout.seconds, timeout: config.statementTimeout.seconds)
    var problem = ""
    for attempt in 0..<3 {
      if attempt > 0 { Thread.sleep(forTimeInterval: 0.5 * pow(2, Double(attempt - 1))) }
      do {
        try request.send(sql, read: read)
        return
      } catch HTTPStreamingPost.Failure.status(let status, let body) {
        let text = HTTPClient.excerpt(Data(body.utf8))
        if let exception = Self.exception(text) {
          switch exception.code {
          case 192, 193, 194, 516:
            throw SourceError.unavailable(
              "authentication failed (\(exception.message)); check username_env/password_env")
          case 81:
            throw SourceError.unavailable(
              "\(exception.message) — check the source's `database`")
          case 53 where exception.message.contains("DateTime"),
            386 where exception.message.contains("DateTime"):
            throw SourceError.query(
              "\(exception.message) — $1/$2 are DateTime values under time_format: datetime; "
                + "for a text time column set time_format: iso8601 or sql, for epoch numbers unix or unix_ms"
            )
          default:
            throw SourceError.query(exception.message)
          }
        }
        if status == 401 || status == 403 {
          throw SourceError.unavailable(
            "authentication failed (HTTP \(status)); check username_env/password_env")
        }
        problem = "HTTP \(status): \(text)"
        if status < 500 { throw SourceError.query(problem) }
      } catch HTTPStreamingPost.Failure.transfer(let message, let delivered) {
        if delivered > 0 {
          throw SourceError.unavailable(
            "the connection to ClickHouse broke while reading the result: \(message)")
        }
        problem = message
      }
    }
    throw SourceError.unavailable("\(HTTPClient.describe(url)) failed after 3 tries: \(problem)")
  }

  /// The user and password as ClickHouse's own headers (every version reads them).
  private func credentials() throws -> [String: String] {
    var headers: [String: String] = [:]
    for (role, header) in [("username", "X-ClickHouse-User"), ("password", "X-ClickHouse-Key")] {
      headers[header] = try HTTPCredentials.value(role, config, environment)
    }
    return headers
  }

  /// `Code: 62, e.displayText() = DB::Exception: Syntax error …` → (62, the text).
  static func exception(_ body: String) -> (code: Int, message: String)? {
    guard body.hasPrefix("Code: ") else { return nil }
    let digits = body.dropFirst(6).prefix { $0.isNumber }
    guard let code = Int(digits) else { return nil }
    return (code, "ClickHouse " + body)
  }
}

extension String {
  /// The text with every `parameter` (e.g. `$1`, not `$10`) replaced by `value`.
  func replacingParameter(_ parameter: String, with value: String) -> String {
    var result = ""
    var rest = self[...]
    while let range = rest.range(of: parameter) {
      result += rest[..<range.lowerBound]
      if range.upperBound < rest.endIndex, rest[range.upperBound].isNumber {
        result += parameter
      } else {
        result += value
      }
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
