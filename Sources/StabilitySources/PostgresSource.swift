import StabilityCore
import StabilityIngest

/// `type: postgres` and `type: redshift` through libpq. `$1`/`$2` travel as
/// parameters (PQexecParams), never spliced into the SQL; the session runs in
/// UTC with a statement timeout; rows stream in single-row mode.
///
/// Credentials: `${NAME}` in the url, `password_env` / `username_env`, or
/// libpq's own `PGPASSWORD`, `~/.pgpass` and service files. Redshift speaks the
/// same protocol; its defaults differ (port 5439, `sslmode=require`).
struct PostgresSource: MetricSource {
  let config: SourceConfig
  let environment: RunEnvironment

  func read<Sink: SourceRowSink>(_ request: SourceRequest, into sink: inout Sink) throws {
    let connection = try connect()
    let format = request.importer.timeFormat
    try connection.stream(
      request.importer.query ?? "",
      parameters: [
        format.format(request.start).parameterText, format.format(request.end).parameterText,
      ],
      begin: { try sink.begin(columns: $0) }, row: { try sink.row($0) })
  }

  func describeColumns(_ request: SourceRequest) throws -> [String]? {
    try connect().describe(request.importer.query ?? "", parameterCount: 2)
  }

  private func connect() throws -> PostgresConnection {
    guard let url = config.url else { throw SourceError.unavailable("the source has no url") }
    let (expanded, urlSecrets) = try Secrets.expand(url, variables: environment.variables)
    var secrets = urlSecrets
    var keywords: [(String, String)] =
      config.type == .redshift ? [("port", "5439"), ("sslmode", "require")] : []
    keywords += [
      ("application_name", "stability"), ("connect_timeout", String(config.connectTimeout.seconds)),
      ("dbname", expanded),
    ]
    for (role, keyword) in [("username", "user"), ("password", "password")] {
      guard let variable = config.credentialVariables[role] else { continue }
      guard let value = environment.variables[variable] else {
        throw SourceError.unavailable(
          "environment variable \(variable) (\(role)_env) is not set; export it before running")
      }
      keywords.append((keyword, value))
      secrets.append(value)
    }
    let connection = try PostgresConnection(keywords: keywords, secrets: secrets)
    try connection.execute("SET TIME ZONE 'UTC'")
    try connection.execute("SET statement_timeout TO \(config.statementTimeout.seconds * 1000)")
    return connection
  }
}

extension SourceValue {
  /// The value as a text parameter.
  var parameterText: String {
    switch self {
    case .null: return ""
    case .integer(let number): return String(number)
    case .real(let number): return String(number)
    case .text(let text): return text
    }
  }
}
