import StabilityCore
import Testing

@Suite struct TimeParsingTests {
  @Test(arguments: [
    ("2026-11-20", 1_795_132_800),
    ("2026-11-20T00:00:00Z", 1_795_132_800),
    ("2026-11-20 00:00:00", 1_795_132_800),
    ("2026-11-20T01:30", 1_795_132_800 + 5400),
    ("2026-11-20T02:00:00+02:00", 1_795_132_800),
    ("2026-11-19T22:00:00-0200", 1_795_132_800),
    ("2026-11-20 00:00:00+00", 1_795_132_800),
    ("2026-11-20T00:00:59.999Z", 1_795_132_859),
    ("1969-12-31T23:59:59Z", -1),
    ("2024-02-29T00:00:00Z", 1_709_164_800),
  ])
  func parsesISO8601Forms(text: String, expected: Int64) {
    #expect(UTCTime.parse(text) == expected)
  }

  @Test(arguments: [
    "", "2026-13-01", "2026-02-30", "2025-02-29", "2026-11-20T25:00", "20261120", "yesterday",
    "2026-11-20T00:00:00Q", "2026-11-20T00:00:00Z trailing", "9999-12-31T23:59:59-14:00",
    "0000-12-31T23:59:59Z",
  ])
  func rejectsMalformedTimes(text: String) {
    #expect(UTCTime.parse(text) == nil)
  }

  @Test func formatsAndRoundTripsDays() {
    #expect(UTCTime.iso8601(1_795_132_800) == "2026-11-20T00:00:00Z")
    #expect(UTCTime.sql(1_795_132_800 + 3661) == "2026-11-20 01:01:01")
    for day in stride(from: Int64(-800_000), through: 800_000, by: 997) {
      let date = UTCTime.date(fromDays: day)
      #expect(UTCTime.days(year: date.year, month: date.month, day: date.day) == day)
    }
  }

  @Test func floorsAndCeilsToTheHour() {
    #expect(UTCTime.floorToHour(3599) == 0)
    #expect(UTCTime.floorToHour(-1) == -3600)
    #expect(UTCTime.ceilToHour(3600) == 3600)
    #expect(UTCTime.ceilToHour(3601) == 7200)
  }

  @Test(arguments: [
    ("90s", 90), ("15m", 900), ("1h", 3600), ("7d", 604_800), ("2w", 1_209_600),
    ("1h30m", 5400), ("0s", 0),
  ])
  func parsesDurations(text: String, seconds: Int64) {
    #expect(TimeSpan(parsing: text)?.seconds == seconds)
  }

  @Test(arguments: [
    "", "7", "d", "1x", "1.5h", "-1h", "99999999999999999999w", "9999999999999w9999999999999w",
  ])
  func rejectsMalformedDurations(text: String) {
    #expect(TimeSpan(parsing: text) == nil)
  }

  @Test func describesDurationsInTheirLargestExactUnit() {
    #expect(TimeSpan(seconds: 604_800).description == "1w")
    #expect(TimeSpan(seconds: 5400).description == "90m")
    #expect(TimeSpan(seconds: 0).description == "0s")
  }
}

@Suite struct RedactionTests {
  @Test(arguments: [
    (
      "postgresql://report:hunter2@db.internal/telemetry",
      "postgresql://report:***@db.internal/telemetry"
    ),
    ("host=db user=report password=hunter2 dbname=t", "host=db user=report password=*** dbname=t"),
    ("http://influx:8086/?token=abc123&db=x", "http://influx:8086/?token=***&db=x"),
    ("postgresql://report@db.internal/telemetry", "postgresql://report@db.internal/telemetry"),
  ])
  func connectionStringsPrintWithoutSecrets(input: String, expected: String) {
    #expect(Secrets.redact(input) == expected)
  }
}
