/// Streams pretty-printed JSON (two-space indentation, keys in the order
/// written) — or compact JSON, one document per line (JSON Lines) — into text, so a large document such as `scores.json` never
/// exists as a tree of values or as a second copy: bytes collect in a small
/// buffer that is appended to the text (or handed to a sink, such as a
/// file) whenever it fills.
package struct JSONWriter {
  /// The document so far, up to the last flush (when there is no sink).
  private var output = ""
  /// Receives each full chunk instead of `output`.
  private let sink: (([UInt8]) -> Void)?
  /// Bytes not yet appended to `output`.
  private var bytes: [UInt8] = []
  private static let chunkSize = 1 << 16
  /// Elements written so far in each open container.
  private var counts: [Int] = []
  /// A key was written and its value comes next (no separator).
  private var afterKey = false
  /// No spaces or line breaks inside a document (JSON Lines).
  private let compact: Bool

  /// The document as text (empty with a sink), with a final newline
  /// (compact writers end each line with `endLine()` instead).
  package mutating func finish() -> String {
    if !compact { bytes.append(UInt8(ascii: "\n")) }
    flush()
    return output
  }

  /// A writer for a document of about `capacity` bytes. Room is reserved up
  /// front (pages not written to cost no memory), so the text is not copied
  /// as it grows.
  package init(capacity: Int = 0, compact: Bool = false, sink: (([UInt8]) -> Void)? = nil) {
    self.sink = sink
    self.compact = compact
    if sink == nil { output.reserveCapacity(capacity) }
    bytes.reserveCapacity(Self.chunkSize + 64)
  }

  private mutating func flush() {
    if let sink {
      sink(bytes)
    } else {
      output += String(decoding: bytes, as: UTF8.self)
    }
    bytes.removeAll(keepingCapacity: true)
  }

  package mutating func object(_ body: (inout JSONWriter) -> Void) {
    open(UInt8(ascii: "{"))
    body(&self)
    close(UInt8(ascii: "}"))
  }

  package mutating func array(_ body: (inout JSONWriter) -> Void) {
    open(UInt8(ascii: "["))
    body(&self)
    close(UInt8(ascii: "]"))
  }

  /// Starts member `name` of the open object; its value is written next.
  package mutating func key(_ name: String) {
    separate()
    writeString(name)
    bytes.append(UInt8(ascii: ":"))
    if !compact { bytes.append(UInt8(ascii: " ")) }
    afterKey = true
  }

  /// Ends a top-level document with a line break (JSON Lines: the next
  /// document starts on its own line).
  package mutating func endLine() {
    bytes.append(UInt8(ascii: "\n"))
    if bytes.count >= Self.chunkSize { flush() }
  }

  package mutating func string(_ text: String) {
    separate()
    writeString(text)
  }

  /// A finite number in Swift's shortest round-trip form; nil, NaN and ±∞ are `null`.
  package mutating func number(_ value: Double?) {
    separate()
    guard let value, value.isFinite else { return raw("null") }
    raw(value.description)
  }

  package mutating func integer(_ value: Int64) {
    separate()
    // Digits straight into the buffer: no String per number.
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes ≥ the 20 digits of a UInt64
    withUnsafeMutableBytes(of: &digits) { buffer in
      var index = buffer.count
      repeat {
        index -= 1
        buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
      } while magnitude > 0
      bytes.append(contentsOf: buffer[index...])
    }
  }

  package mutating func bool(_ value: Bool) {
    separate()
    raw(value ? "true" : "false")
  }

  mutating func null() {
    separate()
    raw("null")
  }

  private mutating func open(_ bracket: UInt8) {
    if bytes.count >= Self.chunkSize { flush() }
    separate()
    bytes.append(bracket)
    counts.append(0)
  }

  private mutating func close(_ bracket: UInt8) {
    if counts.removeLast() > 0, !compact {
      bytes.append(UInt8(ascii: "\n"))
      indent()
    }
    bytes.append(bracket)
  }

  /// Before a value or key: the comma, newline and indentation it needs.
  private mutating func separate() {
    if afterKey {
      afterKey = false
      return
    }
    guard let last = counts.indices.last else { return }
    if counts[last] > 0 { bytes.append(UInt8(ascii: ",")) }
    counts[last] += 1
    guard !compact else { return }
    bytes.append(UInt8(ascii: "\n"))
    indent()
  }

  private mutating func indent() {
    for _ in 0..<(2 * counts.count) { bytes.append(UInt8(ascii: " ")) }
  }

  private mutating func raw(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  /// A JSON string: quotes, backslash, control characters, DEL and the line
  /// separators U+2028/U+2029 escaped; every other byte as it is.
  private mutating func writeString(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      var index = 0
      while index < utf8.count {
        // A run of bytes that need no escape goes in at once.
        var end = index
        while end < utf8.count, Self.isPlain(utf8[end]) { end += 1 }
        if end > index {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[index..<end]))
          index = end
          continue
        }
        let byte = utf8[index]
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case UInt8(ascii: "\n"): raw("\\n")
        case UInt8(ascii: "\r"): raw("\\r")
        case UInt8(ascii: "\t"): raw("\\t")
        case 0..<0x20, 0x7F: raw("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16))
        case 0xE2
        where index + 2 < utf8.count && utf8[index + 1] == 0x80
          && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
          raw(utf8[index + 2] == 0xA8 ? "\\u2028" : "\\u2029")
          index += 2
        default: bytes.append(byte)
        }
        index += 1
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Bytes written as they are: printable ASCII but the quote and the
  /// backslash, and every byte of a multi-byte character except the lead
  /// byte 0xE2 (which may start U+2028 or U+2029).
  private static func isPlain(_ byte: UInt8) -> Bool {
    byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0x7F
      && byte != 0xE2
  }
}
