import Foundation
import StabilityCore

/// The HTTP sources' (InfluxDB, Graphite) requests: the source's URL,
/// timeouts and credentials over `HTTPClient`.
enum HTTPFetcher {
  /// GET `<the source's url>/<endpoint>?query` with the source's timeouts and
  /// credentials: the body of a 200; a redirect or a refused login is
  /// "unavailable", any other status a query error showing `errorMessage`
  /// of the body.
  static func body(
    source config: SourceConfig, environment: RunEnvironment, endpoint: String,
    query: [URLQueryItem], tokenScheme: String, errorMessage: (Data) -> String = HTTPClient.excerpt
  ) throws -> Data {
    guard let base = config.url, var components = URLComponents(string: base) else {
      throw SourceError.unavailable("the source's url is not a URL")
    }
    let path = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
    components.path = path + "/" + endpoint
    components.queryItems = query
    guard let url = components.url else {
      throw SourceError.unavailable("the source's url is not a URL")
    }
    let headers = try HTTPCredentials.headers(
      config, environment: environment, tokenScheme: tokenScheme)
    let response: HTTPClient.Response
    do {
      response = try HTTPClient(
        timeout: TimeInterval(config.statementTimeout.seconds),
        connectTimeout: TimeInterval(config.connectTimeout.seconds)
      ).get(url, headers: headers)
    } catch {
      throw SourceError.unavailable(
        "\(HTTPClient.describe(url)) failed after \(error.attempts) tries: \(error.problem)")
    }
    switch response.status {
    case 200: return response.body
    case 300..<400:
      // Redirects are not followed: they could carry the credentials to another host.
      let host = response.location.flatMap { URL(string: $0, relativeTo: url)?.host }
      throw SourceError.unavailable(
        "\(HTTPClient.describe(url)) answered HTTP \(response.status), a redirect"
          + (host.map { " to host \($0)" } ?? "") + ", which is not followed (the credentials "
          + "would go with it): put the server's final address in the source's url")
    case 401, 403:
      throw SourceError.unavailable(
        "authentication failed (HTTP \(response.status)); check username_env/password_env or token_env"
      )
    default:
      throw SourceError.query("HTTP \(response.status): \(errorMessage(response.body))")
    }
  }
}
