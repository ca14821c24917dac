import Foundation
import StabilityCore

/// Reading one cell as a time, an amount or a whole number, with the reason
/// it was rejected when it cannot be (method §2.2 step 4).
package enum ValueReading {
  /// Why a key cell (fingerprint, attribute) cannot be kept byte for byte:
  /// a NUL byte (the store's text would end there) or bytes that are not
  /// UTF-8 (they would be replaced by U+FFFD) — either would merge distinct
  /// keys silently, so such rows are rejected (issue 22). `bytes` are the
  /// cell's raw text bytes when the source lends them.
  static func keyProblem(_ cell: SourceValue, bytes: UnsafeBufferPointer<UInt8>?, name: String)
    -> String?
  {
    if let bytes {
      if bytes.contains(0) { return "\(name) contains a NUL byte" }
      if String(validating: bytes, as: UTF8.self) == nil { return "\(name) is not valid UTF-8" }
      return nil
    }
    if case .text(let text) = cell, text.utf8.contains(0) { return "\(name) contains a NUL byte" }
    return nil
  }

  package static func time(_ cell: SourceValue, format: TimeFormat) -> (Int64?, String?) {
    switch cell {
    case .null:
      return (nil, "time is null")
    case .integer(let number):
      return numericTime(Double(number), exact: number, format: format)
    case .real(let number):
      guard number.isFinite else { return (nil, "time is not finite") }
      return numericTime(number, exact: nil, format: format)
    case .text(let text):
      if let time = UTCTime.parse(text) { return (time, nil) }
      if format == .unix || format == .unixMs, let number = Int64(text) {
        return numericTime(Double(number), exact: number, format: format)
      }
      return (nil, "unparsable time (expected ISO 8601 or time_format \(format.rawValue))")
    }
  }

  private static func numericTime(_ number: Double, exact: Int64?, format: TimeFormat)
    -> (Int64?, String?)
  {
    switch format {
    case .unix, .datetime:
      guard abs(number) < 1e13 else { return (nil, "time out of range") }
      return (exact ?? Int64(number.rounded(.down)), nil)
    case .unixMs:
      guard abs(number) < 1e16 else { return (nil, "time out of range") }
      return (
        exact.map { UTCTime.floorDiv($0, 1000) } ?? Int64((number / 1000).rounded(.down)), nil
      )
    case .iso8601, .sql:
      return (
        nil,
        "time is a number but time_format is \(format.rawValue) (set time_format: unix or unix_ms)"
      )
    }
  }

  static func amount(_ cell: SourceValue, name: String) -> (Double?, String?) {
    let number: Double
    switch cell {
    case .null: return (nil, "\(name) is null")
    case .integer(let integer): number = Double(integer)
    case .real(let real): number = real
    case .text(let text):
      guard let parsed = Double(text.trimmingCharacters(in: .whitespaces)) else {
        return (nil, "\(name) is not a number")
      }
      number = parsed
    }
    guard number.isFinite else { return (nil, "\(name) is not finite") }
    guard number >= 0 else { return (nil, "\(name) is negative") }
    guard number <= maximumAmount else { return (nil, "\(name) is too large (over 1e15)") }
    return (number, nil)
  }

  /// The largest value or count a row may carry: sums of them stay exact
  /// enough and finite (Double), and far from overflowing (Int64).
  static let maximumAmount = 1e15

  static func wholeNumber(_ cell: SourceValue, name: String) -> (number: Int64?, problem: String?) {
    if case .integer(let integer) = cell {
      if integer < 0 { return (nil, "\(name) is negative") }
      if Double(integer) > maximumAmount { return (nil, "\(name) is too large (over 1e15)") }
      return (integer, nil)
    }
    let (amount, problem) = Self.amount(cell, name: name)
    guard let amount else { return (nil, problem) }
    guard amount == amount.rounded(), amount < 9e18 else {
      return (nil, "\(name) is not a whole number")
    }
    return (Int64(amount), nil)
  }
}

extension SourceValue {
  /// The value as an attribute or fingerprint text; nil when NULL.
  var attributeText: String? {
    switch self {
    case .null: return nil
    case .integer(let number): return String(number)
    case .real(let number):
      return number == number.rounded() && abs(number) < 1e15
        ? String(Int64(number)) : String(number)
    case .text(let text): return text
    }
  }

  /// The value as shown in test-query samples and rejection examples.
  package var displayText: String {
    switch self {
    case .null: return "NULL"
    case .text(let text): return text.count > 80 ? String(text.prefix(80)) + "…" : text
    default: return attributeText ?? ""
    }
  }
}
