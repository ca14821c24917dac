import CHTTP
import Foundation
import StabilityCore

/// One POST whose answer is handed over piece by piece as it arrives, on
/// the calling thread (libcurl through `stability_http_post`): while the
/// reader works on a piece, nothing more is read from the socket, so a slow
/// reader slows the server down and memory stays flat however large the
/// answer (ClickHouse results).
struct HTTPStreamingPost {
  let url: String
  let headers: [String: String]
  let connectTimeout: Int64
  let timeout: Int64

  /// What came back: a status other than 200 with the start of its body, or
  /// a transfer error (connection refused, timeout, broken mid-answer)
  /// after `delivered` bytes of a 200 went to the reader.
  enum Failure: Error {
    case status(Int, body: String)
    case transfer(String, delivered: Int)
  }

  /// POSTs `body`; each piece of a 200's body goes to `read` (which may
  /// throw to stop). Throws `Failure`, or what `read` threw.
  func send(_ body: String, read: (UnsafeRawBufferPointer) throws -> Void) throws {
    // What makes the pointers below safe: `stability_http_post` is
    // synchronous — it calls the callback only on this thread and only
    // before it returns — so `receiver` (passed unretained) and `read`
    // (used past `withoutActuallyEscaping`'s closure never) outlive every
    // call; each piece is valid only during its callback and is not kept
    // (an error body is copied); the C strings live until the call returns.
    try withoutActuallyEscaping(read) { read in
      let receiver = Receiver(read: read)
      let lines = headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
      var error = [CChar](repeating: 0, count: 512)
      let result = withCStrings(lines) { pointers in
        body.withCString { bytes in
          stability_http_post(
            url, pointers, pointers.count, bytes, strlen(bytes), Int(connectTimeout), Int(timeout),
            { status, data, size, context in
              guard let context else { return 0 }
              let receiver = Unmanaged<Receiver>.fromOpaque(context).takeUnretainedValue()
              return receiver.take(
                status: Int(status), UnsafeRawBufferPointer(start: data, count: size))
                ? 1 : 0
            }, Unmanaged.passUnretained(receiver).toOpaque(), &error, error.count)
        }
      }
      if let thrown = receiver.thrown { throw thrown }
      if let status = receiver.status, status != 200 {
        throw Failure.status(status, body: String(decoding: receiver.errorBody, as: UTF8.self))
      }
      if result != 0 {
        throw Failure.transfer(
          String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .replacingOccurrences(of: url, with: "the server"),
          delivered: receiver.delivered)
      }
    }
  }

  /// Where pieces go: the reader for a 200, a small buffer for an error's body.
  private final class Receiver {
    let read: (UnsafeRawBufferPointer) throws -> Void
    var status: Int?
    var errorBody = Data()
    var delivered = 0
    var thrown: Error?

    init(read: @escaping (UnsafeRawBufferPointer) throws -> Void) { self.read = read }

    func take(status: Int, _ piece: UnsafeRawBufferPointer) -> Bool {
      self.status = status
      guard status == 200 else {
        if errorBody.count < 4096 { errorBody.append(contentsOf: piece.prefix(4096)) }
        return true
      }
      do {
        try read(piece)
        delivered += piece.count
        return true
      } catch {
        thrown = error
        return false
      }
    }
  }
}

/// `body` called with C string pointers to each of `strings`, valid during the call.
private func withCStrings<Result>(
  _ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> Result
) -> Result {
  let copies = strings.map { strdup($0) }
  defer { copies.forEach { free($0) } }
  return body(copies.map { UnsafePointer($0) })
}
