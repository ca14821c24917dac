import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// HTTP requests with Foundation's URLSession for the HTTP sources and the
/// digest's notifications: connect and request timeouts, and retries with
/// backoff on connection errors and 5xx answers — never on 4xx. Redirects are
/// never followed: a 3xx is the answer (its `Location` in `Response`), since
/// following one may carry a post's credentials or secret URL to another
/// host, or drop its body (301–303 turn a POST into a GET). Credentials
/// travel in headers; messages name the URL without its query or user info
/// (`describe`), and a caller whose URL is itself a secret names it instead.
package struct HTTPClient: Sendable {
  /// The whole request may take this long.
  package let timeout: TimeInterval
  /// Connecting, and any wait for the next bytes, may take this long.
  package let connectTimeout: TimeInterval
  /// Tries in all, for connection errors and 5xx.
  package var attempts = 3
  /// First backoff; it doubles each retry.
  package var backoff: TimeInterval = 0.5

  /// A client with these timeouts.
  public init(timeout: TimeInterval, connectTimeout: TimeInterval) {
    self.timeout = timeout
    self.connectTimeout = connectTimeout
  }

  /// A response: status code, body, and where a redirect (3xx) pointed.
  package struct Response: Sendable {
    package let status: Int
    public let body: Data
    /// The `Location` header of a 3xx answer.
    package var location: String? = nil
  }

  /// No usable answer: the server could not be reached, did not answer in
  /// time, or kept failing with 5xx. `problem` never holds the URL.
  package struct Failure: Error, Sendable {
    /// How many tries were made.
    package let attempts: Int
    /// The last try's problem: a connection error, or the status and an excerpt of the reply.
    package let problem: String
    /// The last 5xx answer, when the last try got one.
    package let status: Int?
  }

  /// The response to `GET url`.
  package func get(_ url: URL, headers: [String: String]) throws(Failure) -> Response {
    try send("GET", url, headers: headers, body: nil)
  }

  /// The response to `method url` with `body`: any status below 500 is an
  /// answer (the caller decides); connection errors, timeouts and 5xx are
  /// tried again, `attempts` tries in all, and then thrown.
  package func send(_ method: String, _ url: URL, headers: [String: String], body: Data?)
    throws(Failure) -> Response
  {
    var lastProblem = ""
    var lastStatus: Int?
    for attempt in 0..<attempts {
      if attempt > 0 { Thread.sleep(forTimeInterval: backoff * pow(2, Double(attempt - 1))) }
      switch once(method, url, headers: headers, body: body) {
      case .success(let response) where response.status >= 500:
        lastProblem = "HTTP \(response.status): \(Self.excerpt(response.body))"
        lastStatus = response.status
      case .success(let response):
        return response
      case .failure(let error as URLError) where error.code == .timedOut:
        lastProblem = "no answer within \(Int(timeout)) s"
      case .failure(let error):
        lastProblem = Self.scrubbed(error, url)
        lastStatus = nil
      }
    }
    throw Failure(attempts: attempts, problem: lastProblem, status: lastStatus)
  }

  private func once(_ method: String, _ url: URL, headers: [String: String], body: Data?)
    -> Result<Response, Error>
  {
    var request = URLRequest(
      url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
    request.httpMethod = method
    request.httpBody = body
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = connectTimeout
    configuration.timeoutIntervalForResource = timeout
    let challenges = SessionGuard()
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
        let http = response as? HTTPURLResponse
        box.result = .success(
          Response(
            status: http?.statusCode ?? 0, body: data ?? Data(),
            location: http?.value(forHTTPHeaderField: "Location")))
      }
      done.signal()
    }
    task.resume()
    // A guard of our own in case URLSession's own timeouts never fire.
    guard done.wait(timeout: .now() + timeout + 5) == .success else {
      task.cancel()
      return .failure(NoAnswer(seconds: timeout))
    }
    return box.result ?? .failure(NoAnswer(seconds: timeout))
  }

  /// A connection error's description without the URL (URLSession may quote it).
  private static func scrubbed(_ error: Error, _ url: URL) -> String {
    let text =
      (error as? NoAnswer).map { "no answer within \(Int($0.seconds)) s" }
      ?? error.localizedDescription
    return text.replacingOccurrences(of: url.absoluteString, with: "the URL")
  }

  /// `http://host:port/path` without query or credentials, for messages.
  package static func describe(_ url: URL) -> String {
    var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
    components?.user = nil
    components?.password = nil
    components?.query = nil
    return components?.string ?? "the server"
  }

  /// The first 300 characters of a body, on one line, for messages.
  package static func excerpt(_ body: Data) -> String {
    let text = String(decoding: body.prefix(300), as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    return text.replacingOccurrences(of: "\n", with: " ")
  }

  private struct NoAnswer: Error {
    let seconds: TimeInterval
  }

  /// Credentials go in headers, so an authentication challenge (a 401 with
  /// `WWW-Authenticate`) means they were refused. URLSession on Linux waits on
  /// an unanswered challenge forever; this cancels it and remembers it, and
  /// the request reports HTTP 401. Redirects are refused, so the 3xx itself
  /// completes the request.
  // Safe to send: `challenged` is set on the session's delegate queue before
  // the request completes, and read only after the request's semaphore.
  private final class SessionGuard: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private(set) var challenged = false

    func urlSession(
      _ session: URLSession, task: URLSessionTask,
      willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
      completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
      completionHandler(nil)
    }

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
