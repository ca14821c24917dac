import StabilityCore

extension UTCTime {
  /// `parse(bytes:)` for a column read row after row: a time written
  /// `YYYY-MM-DDTHH:MM:SS` with `Z` or without a zone, whose first 14 bytes
  /// (up to the hour's colon) are those of the last such time parsed in
  /// full, is read from its minutes and seconds alone — rows mostly come in
  /// time order, many per hour. Same results as `parse(bytes:)`.
  package struct HourCache {
    /// Bytes 0..<8 and 6..<14 of the last time parsed in full.
    private var head: UInt64 = 0
    private var tail: UInt64 = 0
    /// Its length (19 or 20; 0: nothing cached) and the start of its hour.
    private var length = 0
    private var hourStart: Int64 = 0

    mutating func parse(bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
      // `length` is 0 until a time is cached: an empty text loads nothing.
      if length != 0, bytes.count == length, let base = bytes.baseAddress {
        let raw = UnsafeRawPointer(base)
        if raw.loadUnaligned(as: UInt64.self) == head,
          raw.loadUnaligned(fromByteOffset: 6, as: UInt64.self) == tail,
          let (minutes, seconds) = Self.minutesAndSeconds(bytes)
        {
          return hourStart + minutes * 60 + min(seconds, 59)
        }
      }
      guard let time = UTCTime.parse(bytes: bytes) else { return nil }
      if let (minutes, seconds) = Self.minutesAndSeconds(bytes),
        bytes[13] == UInt8(ascii: ":"), let base = bytes.baseAddress
      {
        let raw = UnsafeRawPointer(base)
        head = raw.loadUnaligned(as: UInt64.self)
        tail = raw.loadUnaligned(fromByteOffset: 6, as: UInt64.self)
        length = bytes.count
        hourStart = time - minutes * 60 - min(seconds, 59)
      }
      return time
    }

    /// `MM:SS` at bytes 14..<19 and nothing after but a `Z` (in a 19- or
    /// 20-byte text), with minutes below 60 and seconds below 61 (a leap
    /// second reads as 59, as `parse(bytes:)` does).
    private static func minutesAndSeconds(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int64, Int64)? {
      guard bytes.count == 19 || (bytes.count == 20 && bytes[19] == UInt8(ascii: "Z")),
        bytes[16] == UInt8(ascii: ":")
      else { return nil }
      let digits = (bytes[14] &- 48, bytes[15] &- 48, bytes[17] &- 48, bytes[18] &- 48)
      guard digits.0 < 10, digits.1 < 10, digits.2 < 10, digits.3 < 10 else { return nil }
      let minutes = Int64(digits.0) * 10 + Int64(digits.1)
      let seconds = Int64(digits.2) * 10 + Int64(digits.3)
      guard minutes < 60, seconds < 61 else { return nil }
      return (minutes, seconds)
    }
  }
}
