import Foundation
import StabilityCore
import StabilityReport
import StabilityStore
import StabilityTestSupport
import Testing

/// Honest windows (issue 16): the store keeps whole UTC hours, so in a zone
/// whose midnight is not a whole UTC hour the window moves to the hour its
/// midnight falls in, and the pages say exactly which UTC span the numbers
/// cover and which local hours a day holds.
@Suite struct ReportWindowTests {
  /// 2026-12-02T06:00:00Z: 11:30 in Kolkata (UTC+05:30), 19:45 in Chatham (UTC+13:45 in December).
  static let now = TestTime.nov27 + 5 * 86_400 + 6 * 3600

  @Test(
    arguments: [
      ("Asia/Kolkata", "2026-11-24T18:00:00Z", "2026-12-01T18:00:00Z", "23:30–23:30"),
      ("Pacific/Chatham", "2026-11-24T10:00:00Z", "2026-12-01T10:00:00Z", "23:45–23:45"),
    ])
  func aZoneOffAWholeHourMovesTheWindowToWholeHoursAndSaysSo(
    zone: String, start: String, end: String, dayHours: String
  ) throws {
    let window = try ReportWindow.resolve(
      end: .today, length: TimeSpan(seconds: 7 * 86_400), timezone: zone, now: Self.now)
    // Local midnight of Dec 2 is 2026-12-01T18:30Z (Kolkata) / 10:15Z (Chatham): the
    // window ends at the start of the hour holding it, and starts 7 days before likewise.
    #expect(UTCTime.iso8601(window.start) == start && UTCTime.iso8601(window.end) == end)
    #expect(window.days().map(\.day) == (25...30).map { "2026-11-\($0)" } + ["2026-12-01"])
    #expect(window.days().first?.start == window.start)
    let note = try #require(window.dayBoundaryNote)
    #expect(note.contains("each day here runs \(dayHours) local time"), "\(note)")
    #expect(note.contains("\(zone) is not a whole number of hours from UTC"))
  }

  @Test(arguments: ["UTC", "Europe/Berlin", "America/New_York"])
  func aWholeHourZoneKeepsItsMidnightsAndNeedsNoNote(zone: String) throws {
    let window = try ReportWindow.resolve(
      end: .today, length: TimeSpan(seconds: 7 * 86_400), timezone: zone, now: Self.now)
    #expect(window.dayBoundaryNote == nil)
    #expect(window.days().count == 7)
    #expect(window.day(ofHour: window.start) == window.days()[0].day)
  }

  /// The numbers are those of the span the page states: in Kolkata the hour
  /// 18:00Z (23:30–00:30 local) is the first of Nov 25 and the window's first;
  /// the hour before it and the hour at the window's end are outside.
  @Test func kolkataTotalsAndDaysAreThoseOfTheStatedSpan() throws {
    let (workspace, config, store) = try TestWorkspace.sessionsStore(
      report: ["timezone: Asia/Kolkata"])
    let nov24 = TestTime.nov20 + 4 * 86_400
    let dec1 = TestTime.nov27 + 4 * 86_400
    try StoreSeeder.seed(
      store, importer: "sessions",
      metrics: [
        StoreSeeder.metric("sessions", [("version", "1.0")], at: nov24 + 17 * 3600, 10),
        StoreSeeder.metric("sessions", [("version", "1.0")], at: nov24 + 18 * 3600, 100),
        StoreSeeder.metric("sessions", [("version", "1.0")], at: dec1 + 17 * 3600, 1000),
        StoreSeeder.metric("sessions", [("version", "1.0")], at: dec1 + 18 * 3600, 10_000),
      ])
    let environment = workspace.environment(now: Self.now)
    _ = try ReportPipeline.publishConfigured(
      config: config, store: store, environment: environment, out: workspace.path("site"))

    let scores = try ScoreCalculator(config: config, store: store).scores(
      window: ReportWindow.resolve(
        end: .today, length: TimeSpan(seconds: 7 * 86_400), timezone: "Asia/Kolkata",
        now: Self.now),
      generatedAt: Self.now)
    let sessions = try #require(scores.groups.first)
    #expect(sessions.metric == 1100)  // 100 + 1000: not the 10 before, not the 10,000 after
    #expect(sessions.daily.first?.day == "2026-11-25" && sessions.daily.first?.metric == 100)
    #expect(sessions.daily.last?.day == "2026-12-01" && sessions.daily.last?.metric == 1000)

    let index = try String(contentsOfFile: workspace.path("site/index.md"), encoding: .utf8)
    #expect(index.contains("2026-11-24T18:00:00Z, 2026-12-01T18:00:00Z)"))
    #expect(index.contains("each day here runs 23:30–23:30 local time"))
  }
}
