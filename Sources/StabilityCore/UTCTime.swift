/// Times are whole seconds since 1970-01-01T00:00:00Z (`Int64`), parsed and
/// formatted here without Foundation so that per-row work stays cheap.
package enum UTCTime {
  /// Seconds in one hour, the store's bucket size.
  package static let hour: Int64 = 3600
  /// Seconds in one day.
  package static let day: Int64 = 86_400

  /// The start of the hour that contains `time`.
  @inlinable public static func floorToHour(_ time: Int64) -> Int64 {
    floorDiv(time, hour) * hour
  }

  /// The first hour boundary at or after `time`.
  package static func ceilToHour(_ time: Int64) -> Int64 {
    let floor = floorToHour(time)
    return floor == time ? time : floor + hour
  }

  /// Integer division rounding towards negative infinity.
  @inlinable public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
  }

  /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
  package static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = floorDiv(y, 400)
    let yearOfEra = y - era * 400
    let monthIndex = (month + 9) % 12
    let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The calendar date of a day number (inverse of `days(year:month:day:)`).
  package static func date(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
    let z = days + 719_468
    let era = floorDiv(z, 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// `2026-11-20T00:00:00Z`.
  package static func iso8601(_ time: Int64) -> String {
    let (date, clock) = split(time)
    return "\(date)T\(clock)Z"
  }

  /// `2026-11-20 00:00:00` (UTC, no zone), the `sql` time format.
  package static func sql(_ time: Int64) -> String {
    let (date, clock) = split(time)
    return "\(date) \(clock)"
  }

  /// `2026-11-20`, the UTC calendar day of `time`.
  package static func dayString(_ time: Int64) -> String {
    split(time).date
  }

  private static func split(_ time: Int64) -> (date: String, clock: String) {
    let dayNumber = floorDiv(time, day)
    let seconds = time - dayNumber * day
    let (y, m, d) = date(fromDays: dayNumber)
    let date = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    let clock = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
    return (date, clock)
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
    return value < 0 ? "-" + padded : padded
  }

  /// Parses any ISO 8601 form leniently: `2026-11-20`, `2026-11-20T10:15`,
  /// `2026-11-20 10:15:30.25+02:00`, `…Z`. A time without a zone is UTC;
  /// fractions of a second are dropped. Returns nil for anything else.
  package static func parse(_ text: String) -> Int64? {
    var text = text
    return text.withUTF8 { parse(bytes: $0) }
  }

  /// `parse(_:)` over UTF-8 bytes, for readers that already hold them.
  package static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    var scanner = ByteScanner(bytes: bytes)
    scanner.skipSpaces()
    guard let year = scanner.digits(exactly: 4), scanner.take(UInt8(ascii: "-")),
      let month = scanner.digits(exactly: 2), scanner.take(UInt8(ascii: "-")),
      let dayOfMonth = scanner.digits(exactly: 2),
      (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(dayOfMonth)
    else { return nil }
    var seconds: Int64 = 0
    if scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t"))
      || scanner.take(UInt8(ascii: " "))
    {
      guard let hours = scanner.digits(exactly: 2), scanner.take(UInt8(ascii: ":")),
        let minutes = scanner.digits(exactly: 2), hours < 24, minutes < 60
      else { return nil }
      seconds = hours * 3600 + minutes * 60
      if scanner.take(UInt8(ascii: ":")) {
        guard let secs = scanner.digits(exactly: 2), secs < 61 else { return nil }
        seconds += min(secs, 59)
        if scanner.take(UInt8(ascii: ".")) || scanner.take(UInt8(ascii: ",")) {
          guard scanner.skipDigits() > 0 else { return nil }
        }
      }
      scanner.skipSpaces()
      guard let offset = scanner.zoneOffset() else { return nil }
      seconds -= offset
    }
    scanner.skipSpaces()
    guard scanner.atEnd else { return nil }
    let time = days(year: year, month: month, day: dayOfMonth) * day + seconds
    // A zone can push a year-9999 time into year 10000, which no 4-digit form can print.
    return (earliest...latest).contains(time) ? time : nil
  }

  /// 0001-01-01T00:00:00Z, the earliest time read.
  static let earliest: Int64 = -62_135_596_800
  /// 9999-12-31T23:59:59Z, the latest time read.
  static let latest: Int64 = 253_402_300_799

  static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

/// A cursor over UTF-8 bytes for the hand-written parsers. It reads the
/// bytes a caller lends for one parse, only below `bytes.count`.
struct ByteScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  var atEnd: Bool { index >= bytes.count }
  var current: UInt8? { atEnd ? nil : bytes[index] }

  mutating func take(_ byte: UInt8) -> Bool {
    guard current == byte else { return false }
    index += 1
    return true
  }

  mutating func skipSpaces() {
    while let byte = current, byte == 0x20 || byte == 0x09 { index += 1 }
  }

  mutating func digits(exactly count: Int) -> Int64? {
    guard index + count <= bytes.count else { return nil }
    var value: Int64 = 0
    for offset in 0..<count {
      let byte = bytes[index + offset]
      guard byte >= 0x30, byte <= 0x39 else { return nil }
      value = value * 10 + Int64(byte - 0x30)
    }
    index += count
    return value
  }

  mutating func skipDigits() -> Int {
    let start = index
    while let byte = current, byte >= 0x30, byte <= 0x39 { index += 1 }
    return index - start
  }

  /// `Z`, `±HH`, `±HH:MM`, `±HHMM`, `UTC`, or nothing (UTC). Returns seconds east of UTC.
  mutating func zoneOffset() -> Int64? {
    if atEnd || take(UInt8(ascii: "Z")) || take(UInt8(ascii: "z")) { return 0 }
    if take(UInt8(ascii: "U")) {
      return take(UInt8(ascii: "T")) && take(UInt8(ascii: "C")) ? 0 : nil
    }
    let sign: Int64
    if take(UInt8(ascii: "+")) {
      sign = 1
    } else if take(UInt8(ascii: "-")) {
      sign = -1
    } else {
      return 0
    }
    guard let hours = digits(exactly: 2), hours < 24 else { return nil }
    _ = take(UInt8(ascii: ":"))
    let minutes = digits(exactly: 2) ?? 0
    guard minutes < 60 else { return nil }
    return sign * (hours * 3600 + minutes * 60)
  }
}
