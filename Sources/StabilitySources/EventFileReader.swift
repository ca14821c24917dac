import Foundation
import StabilityCore

/// Streams records from one JSON Lines or CSV file, line by line, so memory
/// does not grow with the file.
package enum EventFileReader {
  package enum Record {
    case fields([String: SourceValue])
    /// A line with bytes that are not UTF-8, read with U+FFFD only so its
    /// time and kind can say whether it concerns a run; never stored.
    case notUTF8([String: SourceValue])
    case malformed(String)
  }

  static func forEachRecord(
    in path: String, _ body: (_ location: String, _ record: Record) throws -> Void
  ) throws {
    guard let file = fopen(path, "r") else {
      throw SourceError.unavailable("cannot open \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    let isCSV = path.lowercased().hasSuffix(".csv")
    var header: [String]?
    // getline's buffer: grown by getline, read only within the length it
    // returns, freed once at the end.
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(buffer) }
    var lineNumber = 0
    while true {
      let length = getline(&buffer, &capacity, file)
      guard length >= 0, let buffer else { break }
      lineNumber += 1
      // Bytes that are not UTF-8 would be replaced by U+FFFD and merge keys:
      // such an event is never stored (`Record.notUTF8`).
      let bytes = UnsafeRawBufferPointer(start: buffer, count: length)
      let valid = String(validating: bytes, as: UTF8.self)
      var line = valid ?? String(decoding: bytes, as: UTF8.self)
      while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
      switch (record(line: line, isCSV: isCSV, header: &header), valid) {
      case (nil, _): break
      case (let record?, _?): try body("\(path):\(lineNumber)", record)
      case (.fields(let fields)?, nil): try body("\(path):\(lineNumber)", .notUTF8(fields))
      case (_?, nil): try body("\(path):\(lineNumber)", .malformed(invalidUTF8Reason))
      }
    }
  }

  /// Why a line with bytes that are not UTF-8 is rejected.
  package static let invalidUTF8Reason =
    "event line holds bytes that are not UTF-8 (its fingerprint or attributes could not be kept "
    + "byte for byte)"

  /// One line's record; nil for a blank line or the CSV header (which it stores).
  package static func record(line: String, isCSV: Bool, header: inout [String]?) -> Record? {
    if line.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
    guard isCSV else { return jsonRecord(line) }
    let cells = CSVLine.split(line)
    guard let names = header else {
      header = cells
      return nil
    }
    guard cells.count == names.count else {
      return .malformed("CSV row has \(cells.count) cells, header has \(names.count)")
    }
    var fields: [String: SourceValue] = [:]
    for (name, cell) in zip(names, cells) where !cell.isEmpty { fields[name] = .text(cell) }
    return .fields(fields)
  }

  private static func jsonRecord(_ line: String) -> Record {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)),
      let dictionary = object as? [String: Any]
    else { return .malformed("malformed JSON line (expected one object per line)") }
    var fields: [String: SourceValue] = [:]
    for (key, value) in dictionary {
      switch value {
      case let text as String: fields[key] = .text(text)
      case is NSNull: fields[key] = .null
      case let number as NSNumber:
        let double = number.doubleValue
        if double == double.rounded(), abs(double) < 9e15, !"\(number)".contains(".") {
          fields[key] = .integer(number.int64Value)
        } else {
          fields[key] = .real(double)
        }
      default:
        return .malformed("field `\(key)` is a list or object; events hold plain values")
      }
    }
    return .fields(fields)
  }
}

/// Splits one CSV line (RFC 4180 quoting within the line).
enum CSVLine {
  static func split(_ line: String) -> [String] {
    var cells: [String] = []
    var current = ""
    var quoted = false
    var iterator = line.makeIterator()
    var pending: Character? = nil
    while let character = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if character == "\"" {
          let next = iterator.next()
          if next == "\"" {
            current.append("\"")
          } else {
            quoted = false
            pending = next
          }
        } else {
          current.append(character)
        }
      } else if character == "\"" && current.isEmpty {
        quoted = true
      } else if character == "," {
        cells.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    cells.append(current)
    return cells
  }
}
