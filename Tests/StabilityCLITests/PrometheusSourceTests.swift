import Foundation
import StabilityCore
import StabilityTestSupport
import Testing

/// `type: prometheus` against a real Prometheus 2.42 serving samples
/// backfilled with promtool: counters (with a reset), a gauge, several
/// label sets; PromQL errors, basic auth, empty results, stray labels.
@Suite(.enabled(if: PrometheusTestServer.isInstalled, PrometheusTestServer.skip))
struct PrometheusSourceTests {
  static let versions = ["1.0", "1.1"]
  static let platforms = ["ios", "android"]
  static let hours: Int64 = 6

  /// Sessions started in hour `h` per minute, per series.
  static func perMinute(_ version: Int, _ platform: Int, _ hour: Int64) -> Int64 {
    Int64(version * 2 + platform + 1) * (hour + 1)
  }

  /// Counters sampled every minute from 2026-11-20T00:00Z for six hours
  /// (`1.0`/`ios` resets at minute 150), a gauge of minutes played at each
  /// hour's end, and a crash counter: one crash at minute 130, then two a
  /// minute through hour 4.
  static func openMetrics() -> String {
    let t0 = TestTime.nov20
    var text = "# TYPE sessions_started_total counter\n"
    for (v, version) in versions.enumerated() {
      for (p, platform) in platforms.enumerated() {
        var value: Int64 = 0
        for minute in 0...(hours * 60) {
          if minute > 0 {
            let increment = perMinute(v, p, (minute - 1) / 60)
            value = (v == 0 && p == 0 && minute == 150) ? increment : value + increment
          }
          text +=
            "sessions_started_total{job=\"game\",version=\"\(version)\",platform=\"\(platform)\"} "
            + "\(value) \(t0 + minute * 60)\n"
        }
      }
    }
    text += "# TYPE minutes_played gauge\n"
    for (v, version) in versions.enumerated() {
      for hour in 1...hours {
        text +=
          "minutes_played{job=\"game\",version=\"\(version)\",platform=\"ios\"} "
          + "\(12.5 * Double(hour) * Double(v + 1)) \(t0 + hour * 3600)\n"
      }
    }
    // A gauge with NaN and +Inf samples at the ends of hours 1 and 2.
    text += "# TYPE broken_gauge gauge\n"
    for (hour, value) in [(1, "5"), (2, "NaN"), (3, "+Inf"), (4, "7")] {
      text += "broken_gauge{version=\"1.0\"} \(value) \(t0 + Int64(hour) * 3600)\n"
    }
    text += "# TYPE crashes_total counter\n"
    var crashes: Int64 = 0
    for minute in 0...(hours * 60) {
      if minute == 130 { crashes += 1 }
      if minute > 240 && minute <= 300 { crashes += 2 }
      text +=
        "crashes_total{job=\"game\",fingerprint=\"fp-a\",version=\"1.1\"} \(crashes) \(t0 + minute * 60)\n"
    }
    return text + "# EOF\n"
  }

  func workspace(
    _ prometheus: PrometheusTestServer, sessions: String, auth: Bool = false
  ) throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    let credentials = auth ? ", username_env: PROM_USER, password_env: PROM_PASSWORD" : ""
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      project: Prometheus
      sources:
        - {name: prom, type: prometheus, url: "\(prometheus.server.url)"\(credentials)}
      metric_groups:
        - {id: sessions, kind: count, min_volume: 1, attributes: [{name: version}, {name: platform}]}
        - {id: minutes, kind: amount, min_volume: 1, attributes: [{name: version}, {name: platform}]}
      importers:
        - {name: sessions, source: prom, group: sessions, query: '\(sessions)'}
        - {name: minutes, source: prom, group: minutes, query: 'sum by (version, platform) (minutes_played)'}
      error_importers:
        - {name: crashes, source: prom, query: 'sum by (fingerprint, version) (increase(crashes_total[1h]))'}
      """)
    return workspace
  }

  static let sessionsQuery =
    "sum by (version, platform) (increase(sessions_started_total[1h]))"

  @Test func countersAndGaugesLandInTheHourTheyMeasure() throws {
    let prometheus = try PrometheusTestServer(openMetrics: Self.openMetrics())
    let workspace = try workspace(prometheus, sessions: Self.sessionsQuery)
    let result = try CommandRunner.run(
      ["import", "--since", "2026-11-20T00:00:00Z", "--until", "2026-11-20T06:00:00Z"],
      in: workspace.directory)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let buckets = try StoreInspector(path: workspace.path(".stability/store.db")).metricBuckets()
    // Each hour's sessions are the written increments: 60 per-minute steps,
    // through the counter reset of 1.0/ios at minute 150.
    var expected: [String: Double] = [:]
    for (v, version) in Self.versions.enumerated() {
      for (p, platform) in Self.platforms.enumerated() {
        for hour in 0..<Self.hours {
          expected[
            "sessions-version\(version)-platform\(platform)@\(UTCTime.iso8601(TestTime.nov20 + hour * 3600))"
          ] = Double(60 * Self.perMinute(v, p, hour))
        }
      }
      // The gauge's sample at an hour's end is that hour's minutes played.
      for hour in 0..<Self.hours {
        expected[
          "minutes-version\(version)-platformios@\(UTCTime.iso8601(TestTime.nov20 + hour * 3600))"] =
          12.5 * Double(hour + 1) * Double(v + 1)
      }
    }
    #expect(buckets == expected, "\(buckets.filter { expected[$0.key] != $0.value })")
    // Hour 2: one crash (increase extrapolates it to 60/59 ≈ 1.017, rounded to 1);
    // hour 4: 2 × 60 = 120. Hours without crashes store nothing.
    let errors = try StoreInspector(path: workspace.path(".stability/store.db")).errorBucketLines()
    #expect(
      errors == [
        "2026-11-20T02:00:00Z | fp-a | 7:version3:1.1 | 1 | 1 | 1",
        "2026-11-20T04:00:00Z | fp-a | 7:version3:1.1 | 120 | 120 | 1",
      ], "\(errors)")
  }

  @Test func testQueryShowsTheRangeTheSeriesAndAnEmptyResultsHint() throws {
    let prometheus = try PrometheusTestServer(openMetrics: Self.openMetrics())
    let workspace = try workspace(
      prometheus, sessions: "sum by (version) (increase(sesions_started_total[1h]))")
    let result = try CommandRunner.run(
      [
        "test-query", "sessions", "--since", "2026-11-20T00:00:00Z", "--until",
        "2026-11-20T03:00:00Z",
      ],
      in: workspace.directory)
    #expect(
      result.stdout.contains(
        "hint: evaluated query_range from 2026-11-20T01:00:00Z to 2026-11-20T03:00:00Z at a 1h step"
      ),
      "\(result.stdout)")
    #expect(result.stdout.contains("hint: 0 series returned"))
    #expect(result.stdout.contains("hint: no series: check the metric name and labels"))
    let good = try workspace.write(
      "good.yaml",
      try String(contentsOfFile: workspace.path("stability.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "sesions_started_total", with: "sessions_started_total"))
    let shown = try CommandRunner.run(
      [
        "test-query", "sessions", "--config", good, "--since", "2026-11-20T00:00:00Z", "--until",
        "2026-11-20T03:00:00Z",
      ], in: workspace.directory)
    #expect(
      shown.stdout.contains("hint: 2 series returned: {version=\"1.0\"}, {version=\"1.1\"}"),
      "\(shown.stdout)")
    let short = try workspace.write(
      "short.yaml",
      try String(contentsOfFile: good, encoding: .utf8).replacingOccurrences(
        of: "[1h]", with: "[5m]"))
    let shortRange = try CommandRunner.run(
      [
        "test-query", "sessions", "--config", short, "--since", "2026-11-20T00:00:00Z", "--until",
        "2026-11-20T03:00:00Z",
      ], in: workspace.directory)
    #expect(
      shortRange.stdout.contains("hint: the range [5m] is shorter than the 1h step"),
      "\(shortRange.stdout)")
  }

  @Test func invalidPromQLAndStrayLabelsFailTheImporterWithTheReason() throws {
    let prometheus = try PrometheusTestServer(openMetrics: Self.openMetrics())
    let invalid = try workspace(prometheus, sessions: "sum by (version (increase(x[1h]))")
    let failed = try CommandRunner.run(
      ["import", "sessions", "--since", "2026-11-20", "--until", "2026-11-21"],
      in: invalid.directory)
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("sessions"), "\(failed.stderr)")
    #expect(failed.stderr.contains("PromQL error (bad_data)"), "\(failed.stderr)")
    // Without `sum by`, every series keeps its `job` label: an error naming it.
    let stray = try workspace(prometheus, sessions: "increase(sessions_started_total[1h])")
    let refused = try CommandRunner.run(
      ["import", "sessions", "--since", "2026-11-20", "--until", "2026-11-21"],
      in: stray.directory)
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("has label job that is not an attribute here (platform, version)"),
      "\(refused.stderr)")
    #expect(refused.stderr.contains("sum by (platform, version) (…)"))
    // An error importer whose series lost the fingerprint label says so.
    let noFingerprint = try workspace(prometheus, sessions: Self.sessionsQuery)
    let config = try String(
      contentsOfFile: noFingerprint.path("stability.yaml"), encoding: .utf8
    ).replacingOccurrences(of: "sum by (fingerprint, version)", with: "sum by (version)")
    try noFingerprint.write("stability.yaml", config)
    let lost = try CommandRunner.run(
      ["import", "crashes", "--since", "2026-11-20", "--until", "2026-11-21"],
      in: noFingerprint.directory)
    #expect(lost.status == 1)
    #expect(
      lost.stderr.contains("has no `fingerprint` label, which an error importer needs"),
      "\(lost.stderr)")
  }

  @Test func notANumberAndInfinitySamplesAreRejectedLikeAnyBadValue() throws {
    let prometheus = try PrometheusTestServer(openMetrics: Self.openMetrics())
    let workspace = try workspace(prometheus, sessions: "sum by (version) (broken_gauge)")
    let shown = try CommandRunner.run(
      [
        "test-query", "sessions", "--since", "2026-11-20T00:00:00Z", "--until",
        "2026-11-20T04:00:00Z",
      ],
      in: workspace.directory)
    #expect(shown.stdout.contains("4 rows read, 2 accepted, 2 rejected"), "\(shown.stdout)")
    #expect(shown.stdout.contains("rejected 2: value is not finite"))
    let imported = try CommandRunner.run(
      ["import", "sessions", "--since", "2026-11-20T00:00:00Z", "--until", "2026-11-20T04:00:00Z"],
      in: workspace.directory)
    #expect(imported.status == 1, "two of four rows rejected is over max_rejected (1%)")
  }

  /// Prometheus answers at most 11,000 samples a request: a history of
  /// 11,500 hours is asked for in two requests, and every hour arrives once.
  @Test func aHistoryLongerThanOneRequestIsAskedForInParts() throws {
    let start = TestTime.nov20 - 11_500 * 3600
    var text = "# TYPE long_gauge gauge\n"
    for hour in 1...11_500 {
      text += "long_gauge{version=\"1.0\"} 2 \(start + Int64(hour) * 3600)\n"
    }
    let prometheus = try PrometheusTestServer(openMetrics: text + "# EOF\n")
    let workspace = try workspace(prometheus, sessions: "sum by (version) (long_gauge)")
    let result = try CommandRunner.run(
      [
        "import", "sessions", "--since", UTCTime.iso8601(start), "--until",
        UTCTime.iso8601(TestTime.nov20),
      ], in: workspace.directory)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let totals = try StoreInspector(path: workspace.path(".stability/store.db")).metricTotals()
    // 11,500 hours × 2.
    #expect(totals.values.reduce(0, +) == 23_000, "\(totals)")
  }

  @Test func basicAuthFromTheEnvironmentAndAClearFailure() throws {
    let prometheus = try PrometheusTestServer(openMetrics: Self.openMetrics(), basicAuth: true)
    let password = try #require(prometheus.password)
    let workspace = try workspace(prometheus, sessions: Self.sessionsQuery, auth: true)
    let arguments = ["import", "sessions", "--since", "2026-11-20", "--until", "2026-11-21"]
    let refused = try CommandRunner.run(
      arguments, in: workspace.directory,
      environment: ["PROM_USER": "stability", "PROM_PASSWORD": "wrong-\(password)"])
    #expect(refused.status == 3, "\(refused.stderr)")
    #expect(refused.stderr.contains("authentication failed (HTTP 401)"))
    #expect(!refused.stderr.contains(password))
    let accepted = try CommandRunner.run(
      arguments, in: workspace.directory,
      environment: ["PROM_USER": "stability", "PROM_PASSWORD": password])
    #expect(accepted.status == 0, "\(accepted.stderr)")
  }
}
