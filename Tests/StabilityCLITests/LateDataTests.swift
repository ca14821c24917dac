import Foundation
import StabilityCore
import StabilityTestSupport
import Testing

/// Late data is counted, not lost (method §2.2 step 10), on the real clock:
/// crash reports 3 days old arrive after the importer's watermark passed
/// them, far outside its 1d overlap. The day's re-read (7 days by default)
/// finds them, says so, and the store's totals equal SQL over the source.
@Suite struct LateDataTests {
  static let config = """
    version: 1
    project: Late
    sources: [{name: app, type: sqlite, path: app.db}]
    metric_groups:
      - {id: sessions, kind: count, attributes: [{name: version}]}
    importers:
      - name: sessions
        source: app
        group: sessions
        query: select t as time, version, n as value from sessions where t >= $1 and t < $2
    error_importers:
      - name: crashes
        source: app
        query: select t as time, fingerprint, version from crashes where t >= $1 and t < $2
    """

  /// An ISO time `hours` before now.
  static func ago(_ hours: Int) -> String {
    UTCTime.iso8601(Int64(Date().timeIntervalSince1970) - Int64(hours) * 3600)
  }

  @Test func reportsLaterThanTheOverlapAreCountedByTheDaysReread() throws {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.config)
    try workspace.sqlite(
      "app.db",
      """
      CREATE TABLE sessions(t TEXT, version TEXT, n INTEGER);
      CREATE TABLE crashes(t TEXT, fingerprint TEXT, version TEXT);
      INSERT INTO sessions VALUES ('\(Self.ago(80))', '1.0', 500), ('\(Self.ago(30))', '1.0', 500);
      INSERT INTO crashes VALUES ('\(Self.ago(79))', 'fp-a', '1.0');
      """)
    // The first run sets the watermarks (a first run is not a re-read) and
    // the digest's snapshot (dated a minute back: the test runs in a second).
    let first = try CommandRunner.run(
      ["run"], in: workspace.directory,
      environment: ["SOURCE_DATE_EPOCH": String(Int64(Date().timeIntervalSince1970) - 60)])
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    #expect(!first.stdout.contains("arrived later"))
    // Nine reports of crashes 72 hours ago arrive now: 3 days behind the
    // watermark, 2 days past the 1d overlap.
    try workspace.sqlite(
      "app.db",
      """
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
      INSERT INTO crashes SELECT '\(Self.ago(72))', 'fp-late', '1.0' FROM n;
      """)
    // The next scheduled run is the day's first re-read: it finds them.
    let second = try CommandRunner.run(["import", "--force"], in: workspace.directory)
    #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
    #expect(
      second.stdout.contains(
        "9 errors arrived later than the 1d overlap (up to 3 days behind the watermark)"),
      "\(second.stdout)")
    // The next run's digest and pages say so.
    let published = try CommandRunner.run(["run"], in: workspace.directory)
    #expect(published.status == 0, "\(published.stdout)\(published.stderr)")
    let digest = try String(contentsOfFile: workspace.path("site/digest.md"), encoding: .utf8)
    #expect(
      digest.contains(
        "**late data** — Importer crashes: 9 errors arrived later than the 1d overlap"),
      "\(digest)")
    let index = try String(contentsOfFile: workspace.path("site/index.md"), encoding: .utf8)
    #expect(index.contains("Late data, importer crashes: 9 errors arrived later"), "\(index)")
    let status = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(status.stdout.contains("last re-read"), "\(status.stdout)")
    #expect(status.stdout.contains("latest data   up to 3 days behind the watermark"))
    // A release gate on these numbers warns that the last 3 days may still
    // grow: crash reports have come that late before. (The sessions have a
    // day without rows in the window, a gap the gate would refuse.)
    let gate = [
      "check", "--group", "sessions", "--version", "1.0", "--min-stability", "90", "--allow-stale",
    ]
    let check = try CommandRunner.run(gate, in: workspace.directory)
    #expect(
      check.stdout.contains(
        " — note: rows have arrived late before (importer `crashes` up to 3 days late), so the "
          + "figures since "), "\(check.stdout)")
    #expect(check.stdout.contains(" may still grow — stale data allowed"), "\(check.stdout)")
    let json = try CommandRunner.run(gate + ["--format", "json"], in: workspace.directory)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let late = try #require(object["late_arrivals"] as? [[String: Any]])
    #expect(late.map { $0["importer"] as? String } == ["crashes"])
    #expect((late.first?["lateness_seconds"] as? Int ?? 0) >= 3 * 86_400 - 3600)
    // From the hour the late rows fell in (72 hours ago), not a later minute.
    let since = try #require(late.first?["since"] as? String)
    #expect(since.hasSuffix(":00:00Z") && since <= Self.ago(72), "\(since)")
    // Totals equal SQL over the source: 10 crashes.
    let store = try StoreInspector(path: workspace.path(".stability/store.db"))
    #expect(try store.integer("SELECT sum(count) FROM error_buckets") == 10)
    #expect(try store.hourlyValueMismatches() == 0)
    // The same day's next run re-reads no more than its overlap.
    try workspace.sqlite(
      "app.db", "INSERT INTO crashes VALUES ('\(Self.ago(60))', 'fp-later', '1.0');")
    let third = try CommandRunner.run(["import", "--force"], in: workspace.directory)
    #expect(!third.stdout.contains("arrived later"), "\(third.stdout)")
    #expect(try store.integer("SELECT sum(count) FROM error_buckets") == 10)
  }

  /// A crash report for a session 3 days old changes that hour's `impacted`
  /// in the sessions importer: its day's re-read (`reread: 7d`) counts it
  /// and says so, as late data of the metric importer.
  @Test func aLateReportForAnOldSessionIsLateImpactedToo() throws {
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      sources: [{name: app, type: sqlite, path: app.db}]
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version}]}
      importers:
        - name: sessions
          source: app
          group: sessions
          reread: 7d
          query: >-
            select s.t as time, s.version, count(*) as value,
            sum(exists(select 1 from crashes c where c.session_id = s.id)) as impacted
            from sessions s where s.t >= $1 and s.t < $2 group by 1, 2
      error_importers:
        - name: crashes
          source: app
          query: select t as time, fingerprint, version from crashes where t >= $1 and t < $2
      """)
    try workspace.sqlite(
      "app.db",
      """
      CREATE TABLE sessions(id TEXT, t TEXT, version TEXT);
      CREATE TABLE crashes(session_id TEXT, t TEXT, fingerprint TEXT, version TEXT);
      INSERT INTO sessions VALUES ('a', '\(Self.ago(72))', '1.0'), ('b', '\(Self.ago(72))', '1.0');
      """)
    #expect(try CommandRunner.run(["import"], in: workspace.directory).status == 0)
    try workspace.sqlite(
      "app.db", "INSERT INTO crashes VALUES ('a', '\(Self.ago(72))', 'fp', '1.0');")
    let reread = try CommandRunner.run(["import", "--force"], in: workspace.directory)
    #expect(
      reread.stdout.contains(
        "1 more of its units with an error (`impacted`) arrived later than the 0s overlap"),
      "\(reread.stdout)")
    let store = try StoreInspector(path: workspace.path(".stability/store.db"))
    #expect(try store.integer("SELECT sum(impacted) FROM metric_buckets") == 1)
    // The digest names the days without sessions, with code spans, not the
    // escaped backticks a Markdown viewer would show.
    #expect(try CommandRunner.run(["run"], in: workspace.directory).status == 0)
    let digest = try String(contentsOfFile: workspace.path("site/digest.md"), encoding: .utf8)
    #expect(digest.contains("Gap: group `sessions` has no metric"), "\(digest)")
    #expect(digest.contains("re-read with `stability import sessions --since "), "\(digest)")
  }
}
