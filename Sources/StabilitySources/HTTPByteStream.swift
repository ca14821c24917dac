import Foundation
import StabilityCore

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// One HTTP request whose answer is read chunk by chunk, with at most
/// `limit` bytes waiting: when the reader is slower than the network, the
/// session's delegate waits, TCP pushes back, and memory stays flat however
/// many rows the answer holds (ClickHouse results).
final class HTTPByteStream: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  // Safe to send: every field below is read and written under `condition`'s
  // lock, by the session's delegate queue and the one reading thread.
  private let condition = NSCondition()
  private var chunks: [Data] = []
  private var buffered = 0
  private var status: Int?
  private var finished = false
  private var failure: Error?
  private var cancelled = false
  private let limit: Int
  private var session: URLSession?
  private var task: URLSessionDataTask?

  /// Sends `request`; `timeout` bounds the whole answer, `idleTimeout` any wait for bytes.
  init(
    _ request: URLRequest, timeout: TimeInterval, idleTimeout: TimeInterval, limit: Int = 1 << 20
  ) {
    self.limit = limit
    super.init()
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = idleTimeout
    configuration.timeoutIntervalForResource = timeout
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    let session = URLSession(configuration: configuration, delegate: self, delegateQueue: queue)
    self.session = session
    task = session.dataTask(with: request)
    task?.resume()
  }

  /// The answer's status code, once its head arrived; throws the
  /// connection error when none does.
  func awaitStatus() throws -> Int {
    condition.lock()
    defer { condition.unlock() }
    while status == nil && !finished { condition.wait() }
    if let status { return status }
    throw failure ?? SourceError.unavailable("the server closed the connection without an answer")
  }

  /// The next chunk of the body; nil at its end. Throws when the
  /// connection breaks before the end.
  func next() throws -> Data? {
    condition.lock()
    defer { condition.unlock() }
    while chunks.isEmpty && !finished { condition.wait() }
    if !chunks.isEmpty {
      let chunk = chunks.removeFirst()
      buffered -= chunk.count
      condition.broadcast()
      return chunk
    }
    if let failure { throw failure }
    return nil
  }

  /// The rest of the body, up to `maximum` bytes (for error messages).
  func rest(maximum: Int = 4096) -> Data {
    var data = Data()
    while data.count < maximum, let chunk = try? next() { data += chunk }
    return data.prefix(maximum)
  }

  /// Stops the request; harmless after its end.
  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
    task?.cancel()
    session?.invalidateAndCancel()
  }

  deinit { session?.invalidateAndCancel() }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
  ) {
    condition.lock()
    status = (response as? HTTPURLResponse)?.statusCode ?? 0
    condition.broadcast()
    condition.unlock()
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    condition.lock()
    while buffered >= limit && !cancelled { condition.wait() }
    if !cancelled {
      chunks.append(data)
      buffered += data.count
    }
    condition.broadcast()
    condition.unlock()
  }

  /// Credentials travel in headers, so a challenge means they were refused:
  /// answered as HTTP 401 instead of waiting (URLSession on Linux would).
  func urlSession(
    _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
    completionHandler:
      @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
  ) {
    condition.lock()
    status = status ?? 401
    condition.broadcast()
    condition.unlock()
    completionHandler(.cancelAuthenticationChallenge, nil)
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
    condition.lock()
    finished = true
    failure = error
    condition.broadcast()
    condition.unlock()
    session.finishTasksAndInvalidate()
  }
}
