import StabilityCore
import StabilityReport
import StabilitySources

/// What must hold for any input to the parsers that take outside text; the
/// libFuzzer targets in `Fuzz/` and the corpus replay test call these. Each
/// returns false when a property is violated (and must never crash).
public enum FuzzProperties {
  /// Any text: the config loader returns a config or diagnostics, never traps.
  public static func config(_ bytes: [UInt8]) -> Bool {
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? ConfigLoader.parse(text, file: "fuzz.yaml", directory: "/nonexistent")
    return true
  }

  /// A duration that parses prints back to the same number of seconds.
  public static func duration(_ bytes: [UInt8]) -> Bool {
    guard let span = TimeSpan(parsing: String(decoding: bytes, as: UTF8.self)) else { return true }
    return TimeSpan(parsing: span.description)?.seconds == span.seconds
  }

  /// A time that parses round-trips through its ISO 8601 and SQL forms.
  public static func time(_ bytes: [UInt8]) -> Bool {
    guard let time = UTCTime.parse(String(decoding: bytes, as: UTF8.self)) else { return true }
    return UTCTime.parse(UTCTime.iso8601(time)) == time && UTCTime.parse(UTCTime.sql(time)) == time
  }

  /// Event lines (JSON Lines, and CSV after the first line as header) read without trapping.
  public static func events(_ bytes: [UInt8]) -> Bool {
    let text = String(decoding: bytes, as: UTF8.self)
    for isCSV in [false, true] {
      var header: [String]?
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        _ = EventFileReader.record(line: String(line), isCSV: isCSV, header: &header)
      }
    }
    return true
  }

  /// Natural version order is a strict order on the NUL-separated values given:
  /// irreflexive, antisymmetric and transitive.
  public static func versionOrder(_ bytes: [UInt8]) -> Bool {
    let values = bytes.split(separator: 0, omittingEmptySubsequences: false).prefix(3)
      .map { ByteString(String(decoding: $0, as: UTF8.self)) }
    for a in values {
      if VersionOrder.less(a, a) { return false }
      for b in values where VersionOrder.less(a, b) {
        if VersionOrder.less(b, a) { return false }
        for c in values where VersionOrder.less(b, c) && !VersionOrder.less(a, c) { return false }
      }
    }
    return true
  }

  /// Every property, by name (the fuzz targets and corpus folders use these names).
  public static let all: [(name: String, check: @Sendable ([UInt8]) -> Bool)] = [
    ("config", config), ("duration", duration), ("time", time), ("events", events),
    ("version-order", versionOrder),
  ]
}
