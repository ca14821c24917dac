import Foundation
import StabilityCore
import StabilityReport
import StabilityStore
import StabilityTestSupport
import Testing

/// Gaps are visible (method §2.2 step 9): a whole UTC day without metric
/// between a group's first data and its importers' newest watermark.
@Suite struct GapReportTests {
  /// A session every hour from 2026-11-20 to the import's now (2026-11-27
  /// 00:30) but on the `skipped` days, imported by `sessions-by-version`.
  static func importHourlySessions(
    into fixture: ImporterFixture, skippingDaysOfNovember skipped: [Int]
  ) throws {
    let days = skipped.map { $0 < 10 ? "'0\($0)'" : "'\($0)'" }.joined(separator: ", ")
    try fixture.sql(
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 167)
      INSERT INTO sessions SELECT strftime('%Y-%m-%dT%H:10:00Z', '2026-11-20T00:00:00Z', '+' || i || ' hours'),
        '3.16.2', 'ios' FROM n
      WHERE strftime('%d', '2026-11-20T00:00:00Z', '+' || i || ' hours') NOT IN (\(days));
      """)
    let result = try #require(fixture.importAll(["sessions-by-version"]).first)
    #expect(result.failure == nil)
  }

  @Test func aDayWithoutSessionsBetweenDataAndTheWatermarkIsAGap() throws {
    let fixture = try ImporterFixture()
    try Self.importHourlySessions(into: fixture, skippingDaysOfNovember: [22, 24, 25])
    let (_, store) = try fixture.runner()
    let report = try GapReport(config: fixture.workspace.config(), store: store)
    let gaps = try #require(report.groups.first)
    #expect(report.groups.count == 1)
    #expect(gaps.group.id == "sessions")
    #expect(gaps.spans.map { UTCTime.dayString($0.start) } == ["2026-11-22", "2026-11-24"])
    #expect(gaps.spans.map { ($0.end - $0.start) / UTCTime.day } == [1, 2])
    let line = try #require(report.lines.first)
    #expect(
      line.contains("gap: group `sessions` has no metric on 2026-11-22, 2026-11-24 to 2026-11-25"))
    #expect(
      line.contains("`stability import sessions-by-version --since 2026-11-22 --until 2026-11-23`"))

    // A report window from 2026-11-24: only the gap days inside it.
    let window = try GapReport(
      config: fixture.workspace.config(), store: store,
      within: (TestTime.nov20 + 4 * UTCTime.day, TestTime.nov27))
    #expect(window.groups.first?.spans.map { UTCTime.dayString($0.start) } == ["2026-11-24"])
    #expect(window.groups.first?.spans.map { ($0.end - $0.start) / UTCTime.day } == [2])
  }

  @Test func everyPageOfAWindowWithAGapSaysSo() throws {
    let fixture = try ImporterFixture()
    try Self.importHourlySessions(into: fixture, skippingDaysOfNovember: [22])
    let (_, store) = try fixture.runner()
    let config = try fixture.workspace.config()
    let window = try ReportWindow.resolve(
      end: .time(TestTime.nov27), length: TimeSpan(seconds: 7 * UTCTime.day), timezone: "UTC",
      now: fixture.now)
    let pipeline = try ReportPipeline(
      config: config, store: store, window: window,
      environment: fixture.workspace.environment(now: fixture.now), templatesDirectory: nil)
    let out = fixture.workspace.path("site")
    _ = try pipeline.site.publish(formats: [.html], to: out)
    let index = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
    #expect(index.contains("Gap in this window: group sessions has no metric on 2026-11-22"))
  }

  @Test func dataUpToTheWatermarkDayHasNoGap() throws {
    let fixture = try ImporterFixture()
    try Self.importHourlySessions(into: fixture, skippingDaysOfNovember: [])
    let (_, store) = try fixture.runner()
    #expect(try GapReport(config: fixture.workspace.config(), store: store).groups.isEmpty)
  }
}
