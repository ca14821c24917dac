import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for the notification tests: it
/// records every request and answers as scripted — a status and body, or
/// never (to test timeouts). Stops when told or when deinitialised.
package final class LoopbackReceiver: @unchecked Sendable {
  /// One request as received.
  package struct Request: Sendable {
    package let method: String
    package let path: String
    /// Header names lowercased.
    package let headers: [String: String]
    package let body: Data

    /// The body parsed as a JSON object.
    package var json: [String: Any]? {
      (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
  }

  /// How to answer one request.
  package enum Answer: Sendable {
    case status(Int, String)
    /// Answer `status` (a 3xx) with a `Location` header and `body`.
    case redirect(Int, location: String, body: String)
    /// Read the request and never answer.
    case never
  }

  /// The port it listens on.
  package let port: Int
  private let listener: Int32
  private let lock = NSLock()
  private var received: [Request] = []
  private var held: [Int32] = []
  private var stopped = false
  private let answer: @Sendable (Int, Request) -> Answer

  /// Listens on an ephemeral port of 127.0.0.1; `answer` is called with
  /// the request's index (from 0) and the request.
  package init(
    answer: @escaping @Sendable (Int, Request) -> Answer = { _, _ in .status(200, "ok") }
  )
    throws
  {
    self.answer = answer
    (listener, port) = try Self.listen()
    let thread = Thread { [self] in serve() }
    thread.start()
  }

  deinit { stop() }

  /// A socket listening on an ephemeral port of 127.0.0.1, and the port.
  /// Nothing accepts on it until the caller does: a server that never answers.
  package static func listen() throws -> (socket: Int32, port: Int) {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard listener >= 0 else { throw POSIXError(.EIO) }
    var yes: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(listener, pointer, length) == 0 && Glibc.listen(listener, 16) == 0
          && getsockname(listener, pointer, &length) == 0
      }
    }
    guard bound else {
      close(listener)
      throw POSIXError(.EADDRNOTAVAIL)
    }
    return (listener, Int(UInt16(bigEndian: address.sin_port)))
  }

  /// `http://127.0.0.1:<port><path>`.
  package func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

  /// Every request so far, in order.
  package var requests: [Request] {
    lock.lock()
    defer { lock.unlock() }
    return received
  }

  /// Stops listening and closes every held connection.
  package func stop() {
    lock.lock()
    let first = !stopped
    stopped = true
    let connections = held
    held = []
    lock.unlock()
    guard first else { return }
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
    for connection in connections { close(connection) }
  }

  private func serve() {
    while true {
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else { return }
      handle(connection)
    }
  }

  private func handle(_ connection: Int32) {
    guard let request = read(connection) else {
      close(connection)
      return
    }
    lock.lock()
    let index = received.count
    received.append(request)
    lock.unlock()
    switch answer(index, request) {
    case .never:
      lock.lock()
      if stopped { close(connection) } else { held.append(connection) }
      lock.unlock()
    case .status(let status, let body):
      respond(connection, status: status, extraHeaders: "", body: body)
    case .redirect(let status, let location, let body):
      respond(connection, status: status, extraHeaders: "Location: \(location)\r\n", body: body)
    }
  }

  private func respond(_ connection: Int32, status: Int, extraHeaders: String, body: String) {
    let bytes = Array(body.utf8)
    let head =
      "HTTP/1.1 \(status) Scripted\r\nContent-Type: text/plain\r\n\(extraHeaders)"
      + "Content-Length: \(bytes.count)\r\nConnection: close\r\n\r\n"
    send(connection, Array(head.utf8) + bytes)
    close(connection)
  }

  /// Reads one request: the head up to the blank line, then Content-Length bytes.
  private func read(_ connection: Int32) -> Request? {
    var buffer: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    var headEnd: Int?
    var sentContinue = false
    while true {
      if headEnd == nil, let range = find(separator, in: buffer) { headEnd = range }
      if let end = headEnd {
        let head = String(decoding: buffer[..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines {
          guard let colon = line.firstIndex(of: ":") else { continue }
          headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
            .trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue", !sentContinue {
          send(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
          sentContinue = true
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = end + separator.count
        if buffer.count - bodyStart >= length, requestLine.count >= 2 {
          return Request(
            method: String(requestLine[0]), path: String(requestLine[1]), headers: headers,
            body: Data(buffer[bodyStart..<(bodyStart + length)]))
        }
      }
      let count = recv(connection, &chunk, chunk.count, 0)
      guard count > 0 else { return nil }
      buffer += chunk[..<count]
    }
  }

  private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for start in 0...(haystack.count - needle.count)
    where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }

  private func send(_ connection: Int32, _ bytes: [UInt8]) {
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBufferPointer {
        Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard sent > 0 else { return }
      offset += sent
    }
  }
}
