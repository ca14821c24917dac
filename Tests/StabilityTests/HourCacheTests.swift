import Testing

@testable import StabilityCore
@testable import StabilityIngest

@Suite struct HourCacheTests {
  /// Parses `texts` in order through one cache; each result must be what
  /// the full parser gives.
  static func expectSameAsFullParse(_ texts: [String]) {
    var cache = UTCTime.HourCache()
    for text in texts {
      var copy = text
      let cached = copy.withUTF8 { cache.parse(bytes: $0) }
      #expect(cached == UTCTime.parse(text), "\(text)")
    }
  }

  @Test func rowsOfOneHourReadLikeTheFullParser() {
    Self.expectSameAsFullParse([
      "", "2026-11-20T10:00:00Z", "2026-11-20T10:00:01Z", "2026-11-20T10:59:59Z",
      // A leap second reads as :59; minute 60 and second 61 are errors.
      "2026-11-20T10:59:60Z", "2026-11-20T10:60:00Z", "2026-11-20T10:00:61Z",
      "2026-11-20T10:0a:00Z", "2026-11-20T10:00:00z", "2026-11-20T10:00:00+",
      "2026-11-20T10:00:00", "2026-11-20T10:30:00", "2026-11-20T11:30:00Z",
      "2026-11-20 11:30:00Z", "2026-11-20t11:45:00Z", "2026-11-20T11:45:00.5Z",
      "2026-11-20T11:45:00+01", "2026-11-20T11:45Z", "2026-11-20",
      "1969-12-31T23:59:59Z", "1969-12-31T23:00:00Z", "9999-12-31T23:59:59Z",
      "9999-12-31T23:00:00Z", "2026-02-29T10:00:00Z", "2024-02-29T10:05:00Z",
    ])
  }

  @Test func mutatedTimesReadLikeTheFullParser() {
    // Every one-byte change of times whose hour is cached: the cache must
    // reject what the full parser rejects and agree on the rest.
    let bases = ["2026-11-20T10:17:42Z", "2026-11-20 10:17:42"]
    let alphabet = Array("0123456789:-TtZz +.".utf8)
    var texts: [String] = []
    for base in bases {
      let bytes = Array(base.utf8)
      for position in bytes.indices {
        for byte in alphabet {
          var mutated = bytes
          mutated[position] = byte
          texts += [base, String(decoding: mutated, as: UTF8.self)]
        }
      }
    }
    Self.expectSameAsFullParse(texts)
  }
}
