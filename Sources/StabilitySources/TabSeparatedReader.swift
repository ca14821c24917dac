import Foundation
import StabilityCore
import StabilityIngest

/// ClickHouse's `TabSeparatedWithNamesAndTypes` read as it streams in:
/// names, then types, then one row per line, each cell converted by its
/// column's type. Times come out as ISO 8601 UTC text whatever zone the
/// server printed them in, so the row interpreter reads them as it reads
/// any source's.
struct TabSeparatedReader {
  /// The zone a `DateTime` without its own zone is printed in.
  let serverZone: TimeZone
  private var pending: [UInt8] = []
  private var names: [String]?
  private var converters: [Converter] = []
  /// UTC offsets by local hour text (`2026-11-20 05`), per zone.
  private var offsets: [String: Int64] = [:]
  /// Whether a zone (by identifier) is UTC all year: its times need no conversion.
  private var utcZones: [String: Bool] = [:]

  init(serverZone: TimeZone) {
    self.serverZone = serverZone
  }

  /// Reads every whole line of `chunk` (and of what an earlier chunk left).
  mutating func consume<Sink: SourceRowSink>(
    _ chunk: some Sequence<UInt8>, into sink: inout Sink
  ) throws {
    pending += chunk
    var start = 0
    while let end = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
      try line(pending[start..<end], into: &sink)
      start = end + 1
    }
    pending.removeFirst(start)
  }

  /// Ends the answer: a last line without a newline is read; an answer
  /// without its two header lines is an error.
  mutating func finish<Sink: SourceRowSink>(into sink: inout Sink) throws {
    if !pending.isEmpty { try line(pending[...], into: &sink) }
    guard names != nil, !converters.isEmpty else {
      throw SourceError.query("ClickHouse answered without the result's names and types")
    }
  }

  private mutating func line<Sink: SourceRowSink>(_ bytes: ArraySlice<UInt8>, into sink: inout Sink)
    throws
  {
    let fields = bytes.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
      .map { String(decoding: $0, as: UTF8.self) }
    guard let names else {
      let names = fields.map(Self.unescape)
      self.names = names
      try sink.begin(columns: names)
      return
    }
    if converters.isEmpty {
      converters = fields.map { Converter(type: Self.unescape($0)) }
      return
    }
    let text = String(decoding: bytes, as: UTF8.self)
    guard fields.count == names.count else {
      // The server writes an exception into the body when it fails after
      // the first rows: the run fails rather than count it as a bad row.
      if text.hasPrefix("Code: ") {
        throw SourceError.query("ClickHouse failed while sending the result: \(text.prefix(500))")
      }
      sink.reject(
        reason: "a line with \(fields.count) fields, not \(names.count)",
        example: String(text.prefix(120)))
      return
    }
    var values: [SourceValue] = []
    values.reserveCapacity(fields.count)
    for (field, converter) in zip(fields, converters) {
      values.append(value(field, converter))
    }
    try sink.row(ValuesRow(values: values))
  }

  private mutating func value(_ field: String, _ converter: Converter) -> SourceValue {
    if field == "\\N" { return .null }
    switch converter {
    case .integer:
      if let integer = Int64(field) { return .integer(integer) }
      return Double(field).map(SourceValue.real) ?? .text(field)
    case .real:
      return Double(field).map(SourceValue.real) ?? .text(field)
    case .date:
      return .text(field + "T00:00:00Z")
    case .dateTime(let zone):
      return time(field, zone: zone ?? serverZone).map { .text(UTCTime.iso8601($0)) }
        ?? .text(field)
    case .text:
      return .text(Self.unescape(field))
    }
  }

  /// `2026-11-20 05:30:00` (fraction ignored) printed in `zone` → epoch seconds.
  private mutating func time(_ field: String, zone: TimeZone) -> Int64? {
    guard field.count >= 19, let naive = UTCTime.parse(String(field.prefix(19))) else {
      return nil
    }
    if utcZones[zone.identifier] == nil {
      utcZones[zone.identifier] =
        zone.secondsFromGMT() == 0 && zone.nextDaylightSavingTimeTransition == nil
    }
    if utcZones[zone.identifier] == true { return naive }
    let key = zone.identifier + String(field.prefix(13))
    if let offset = offsets[key] { return naive - offset }
    var offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive))))
    let corrected = Int64(
      zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive - offset))))
    if corrected != offset { offset = corrected }
    offsets[key] = offset
    return naive - offset
  }

  /// TabSeparated escapes: `\t`, `\n`, `\\` and the rest of ClickHouse's set.
  static func unescape(_ text: String) -> String {
    guard text.contains("\\") else { return text }
    var result = ""
    var escaped = false
    for character in text {
      if escaped {
        switch character {
        case "t": result.append("\t")
        case "n": result.append("\n")
        case "r": result.append("\r")
        case "0": result.append("\0")
        case "b": result.append("\u{8}")
        case "f": result.append("\u{C}")
        default: result.append(character)
        }
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        result.append(character)
      }
    }
    return result
  }

  /// How one column's cells become values, from its ClickHouse type.
  enum Converter {
    case integer, real, date, text
    /// `DateTime` (nil: the server's zone) or `DateTime('Zone')`.
    case dateTime(TimeZone?)

    init(type: String) {
      var inner = type
      for wrapper in ["Nullable(", "LowCardinality("] where inner.hasPrefix(wrapper) {
        inner = String(inner.dropFirst(wrapper.count).dropLast())
      }
      if inner.hasPrefix("Int") || inner.hasPrefix("UInt") {
        self = .integer
      } else if inner.hasPrefix("Float") || inner.hasPrefix("Decimal") {
        self = .real
      } else if inner == "Date" {
        self = .date
      } else if inner.hasPrefix("DateTime") {
        let quoted = inner.split(separator: "'")
        self = .dateTime(quoted.count >= 2 ? TimeZone(identifier: String(quoted[1])) : nil)
      } else {
        self = .text
      }
    }
  }
}
