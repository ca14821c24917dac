import Foundation
import StabilityCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// GET requests for the HTTP sources (InfluxDB, Graphite) with Foundation's
/// URLSession: connect and request timeouts, and retries with backoff on
/// connection errors and 5xx answers — never on 4xx. Credentials travel in
/// headers and never appear in messages.
struct HTTPFetcher {
  /// The whole request may take this long.
  let timeout: TimeInterval
  /// Connecting, and any wait for the next bytes, may take this long.
  let connectTimeout: TimeInterval
  /// Tries in all, for connection errors and 5xx.
  var attempts = 3
  /// First backoff; it doubles each retry.
  var backoff: TimeInterval = 0.5

  /// A response: status code and body.
  struct Response {
    let status: Int
    let body: Data
  }

  /// The response to `GET url`; throws `SourceError.unavailable` when the
  /// server cannot be reached or keeps failing with 5xx.
  func get(_ url: URL, headers: [String: String]) throws -> Response {
    var lastProblem = ""
    for attempt in 0..<attempts {
      if attempt > 0 { Thread.sleep(forTimeInterval: backoff * pow(2, Double(attempt - 1))) }
      switch once(url, headers: headers) {
      case .success(let response) where response.status >= 500:
        lastProblem = "HTTP \(response.status): \(Self.excerpt(response.body))"
      case .success(let response):
        return response
      case .failure(let error):
        lastProblem = error.localizedDescription
      }
    }
    throw SourceError.unavailable(
      "\(Self.describe(url)) failed after \(attempts) tries: \(lastProblem)")
  }

  private func once(_ url: URL, headers: [String: String]) -> Result<Response, Error> {
    var request = URLRequest(
      url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = connectTimeout
    configuration.timeoutIntervalForResource = timeout
    let challenges = NoChallenges()
    let session = URLSession(configuration: configuration, delegate: challenges, delegateQueue: nil)
    defer { session.finishTasksAndInvalidate() }
    let box = ResultBox()
    let done = DispatchSemaphore(value: 0)
    let task = session.dataTask(with: request) { data, response, error in
      if challenges.challenged {
        box.result = .success(Response(status: 401, body: Data()))
      } else if let error {
        box.result = .failure(error)
      } else {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        box.result = .success(Response(status: status, body: data ?? Data()))
      }
      done.signal()
    }
    task.resume()
    // A guard of our own in case URLSession's own timeouts never fire.
    guard done.wait(timeout: .now() + timeout + 5) == .success else {
      task.cancel()
      return .failure(SourceError.unavailable("no answer within \(Int(timeout)) s"))
    }
    return box.result ?? .failure(SourceError.unavailable("no response"))
  }

  /// GET `<the source's url>/<endpoint>?query` with the source's timeouts and
  /// credentials: the body of a 200; a refused login is "unavailable", any
  /// other status a query error showing `errorMessage` of the body.
  static func body(
    source config: SourceConfig, environment: RunEnvironment, endpoint: String,
    query: [URLQueryItem], tokenScheme: String, errorMessage: (Data) -> String = excerpt
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
    let response = try HTTPFetcher(
      timeout: TimeInterval(config.statementTimeout.seconds),
      connectTimeout: TimeInterval(config.connectTimeout.seconds)
    ).get(
      url,
      headers: try HTTPCredentials.headers(
        config, environment: environment, tokenScheme: tokenScheme))
    switch response.status {
    case 200: return response.body
    case 401, 403:
      throw SourceError.unavailable(
        "authentication failed (HTTP \(response.status)); check username_env/password_env or token_env"
      )
    default:
      throw SourceError.query("HTTP \(response.status): \(errorMessage(response.body))")
    }
  }

  /// `http://host:port/path` without query or credentials, for messages.
  static func describe(_ url: URL) -> String {
    var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
    components?.user = nil
    components?.password = nil
    components?.query = nil
    return components?.string ?? "the server"
  }

  /// The first 300 characters of a body, for messages.
  static func excerpt(_ body: Data) -> String {
    let text = String(decoding: body.prefix(300), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return text.replacingOccurrences(of: "\n", with: " ")
  }

  /// Credentials go in headers, so an authentication challenge (a 401 with
  /// `WWW-Authenticate`) means they were refused. URLSession on Linux waits on
  /// an unanswered challenge forever; this cancels it and remembers it, and
  /// the request reports HTTP 401.
  // Safe to send: `challenged` is set on the session's delegate queue before
  // the request completes, and read only after the request's semaphore.
  private final class NoChallenges: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private(set) var challenged = false

    func urlSession(
      _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
      completionHandler:
        @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
      challenged = true
      completionHandler(.cancelAuthenticationChallenge, nil)
    }
  }

  // Safe to send: set once by the completion handler before it signals the
  // semaphore the caller waits on; read only after that wait.
  private final class ResultBox: @unchecked Sendable {
    var result: Result<Response, Error>?
  }
}
