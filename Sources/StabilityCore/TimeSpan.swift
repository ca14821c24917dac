/// A configured duration such as `90s`, `15m`, `1h`, `7d`, `2w` or `1h30m`, in seconds.
package struct TimeSpan: Hashable, Sendable, CustomStringConvertible {
  /// Length in seconds.
  package let seconds: Int64

  /// A span of `seconds` seconds.
  public init(seconds: Int64) { self.seconds = seconds }

  /// The longest duration a config or `--window` may give (about ten years,
  /// 3,660 days): a window or history past it is a mistake, and a report's
  /// cost follows its window's hours.
  package static let longest = TimeSpan(seconds: 3660 * 86_400)

  private static let units: [(suffix: Character, seconds: Int64)] = [
    ("w", 604_800), ("d", 86_400), ("h", 3600), ("m", 60), ("s", 1),
  ]

  /// Parses `<number><unit>` groups (units s, m, h, d, w); nil when malformed.
  public init?(parsing text: String) {
    var total: Int64 = 0
    var number: Int64?
    for character in text {
      if let digit = character.wholeNumberValue, character.isASCII {
        let (product, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
        guard !overflow else { return nil }
        number = product + Int64(digit)
      } else if let unit = Self.units.first(where: { $0.suffix == character }), let value = number {
        let (product, overflow) = value.multipliedReportingOverflow(by: unit.seconds)
        let (sum, sumOverflow) = total.addingReportingOverflow(product)
        guard !overflow, !sumOverflow else { return nil }
        total = sum
        number = nil
      } else {
        return nil
      }
    }
    guard number == nil, !text.isEmpty else { return nil }
    seconds = total
  }

  /// The shortest exact spelling: `7d`, `90m`, `0s`.
  public var description: String {
    guard seconds != 0 else { return "0s" }
    let unit = Self.units.first { seconds % $0.seconds == 0 } ?? ("s", 1)
    return "\(seconds / unit.seconds)\(unit.suffix)"
  }
}
