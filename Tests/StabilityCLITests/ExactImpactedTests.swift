import Foundation
import StabilityTestSupport
import Testing

/// Stability from the metric's own `impacted` (method §2.1, §3): a session
/// that crashed twice counts once. 1,000 sessions in one hour of version
/// 1.0; session s7 crashes twice (fp-a and fp-b). Exact: 1 − 1/1,000 =
/// 99.9%, above a target of 99.85; from the error rows (1 distinct session
/// per row, two rows) 1 − 2/1,000 = 99.8%, "at least", below target.
@Suite struct ExactImpactedTests {
  static let data = """
    CREATE TABLE sessions(id TEXT, started_at TEXT, version TEXT);
    CREATE TABLE crashes(session_id TEXT, time TEXT, fingerprint TEXT, version TEXT);
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
    INSERT INTO sessions SELECT 's' || i, '2026-11-24T10:' || printf('%02d', i % 60) || ':00Z', '1.0'
      FROM n;
    INSERT INTO crashes VALUES ('s7', '2026-11-24T10:07:10Z', 'fp-a', '1.0'),
      ('s7', '2026-11-24T10:07:20Z', 'fp-b', '1.0');
    """

  /// The config with `sessionsColumns` in the sessions importer's select.
  static func config(_ sessionsColumns: String, kind: String = "count") -> String {
    """
    version: 1
    project: Exact
    sources: [{name: app, type: sqlite, path: app.db}]
    metric_groups:
      - {id: sessions, name: Sessions, kind: \(kind), \(kind == "count" ? "target: 99.85, " : "")
         attributes: [{name: version}]}
    importers:
      - name: sessions
        source: app
        group: sessions
        query: >-
          select strftime('%Y-%m-%dT%H:00:00Z', s.started_at) as time, s.version, \(sessionsColumns)
          from sessions s where s.started_at >= $1 and s.started_at < $2 group by 1, 2
    error_importers:
      - name: crashes
        source: app
        query: >-
          select strftime('%Y-%m-%dT%H:00:00Z', time) as time, fingerprint, version,
          count(*) as count, count(distinct session_id) as impacted
          from crashes where time >= $1 and time < $2 group by 1, 2, 3
    """
  }

  /// Sessions that crashed, per hour and version: the exists() is the
  /// session-level fact only the sessions query has.
  static let exact =
    "count(*) as value, sum(exists(select 1 from crashes c where c.session_id = s.id)) as impacted"

  func imported(_ config: String, data: String = Self.data) throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", config)
    try workspace.sqlite("app.db", data)
    let result = try CommandRunner.run(
      ["import", "--since", "2026-11-20", "--until", "2026-11-27"], in: workspace.directory)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    return workspace
  }

  func versionRow(_ workspace: TestWorkspace) throws -> [String: Any] {
    let report = try CommandRunner.run(
      ["report", "--format", "json,md", "--end", "2026-11-27", "--window", "7d"],
      in: workspace.directory)
    #expect(report.status == 0, "\(report.stderr)")
    let scores = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: workspace.path("site/scores.json"))))
        as? [String: Any])
    let group = try #require((scores["groups"] as? [[String: Any]])?.first)
    let table = try #require((group["by"] as? [[String: Any]])?.first)
    return try #require((table["values"] as? [[String: Any]])?.first)
  }

  @Test func aSessionThatCrashedTwiceCountsOnce() throws {
    let workspace = try imported(Self.config(Self.exact))
    let row = try versionRow(workspace)
    #expect(row["impacted"] as? Int == 1 && row["impacted_basis"] as? String == "metric")
    #expect(row["stability"] as? Double == 0.999 && row["status"] as? String == "ok")
    #expect(row["approximate"] as? Bool == false)
    let page = try String(contentsOfFile: workspace.path("site/index.md"), encoding: .utf8)
    #expect(page.contains("| 99.9000% (99.4357%–99.9824%) | ok |"), "\(page)")
    #expect(!page.contains("is a lower bound (≥"))
  }

  @Test func withoutTheColumnItIsALowerBoundThatSaysHowToFixIt() throws {
    let workspace = try imported(Self.config("count(*) as value"))
    let row = try versionRow(workspace)
    #expect(row["impacted"] as? Int == 2 && row["impacted_basis"] as? String == "errors")
    #expect(row["stability"] as? Double == 0.998 && row["status"] as? String == "below target")
    let page = try String(contentsOfFile: workspace.path("site/index.md"), encoding: .utf8)
    #expect(page.contains("| ≥ 99.800"), "\(page)")
    // Code spans, not escaped backticks a Markdown viewer would show.
    #expect(page.contains("Return an `impacted` column from importer `sessions`"), "\(page)")
    let check = try CommandRunner.run(
      [
        "check", "--group", "sessions", "--version", "1.0", "--end", "2026-11-27", "--window", "7d",
      ],
      in: workspace.directory)
    #expect(check.stdout.contains("stability at least 99.800%"), "\(check.stdout)")
    #expect(check.stdout.contains("return an `impacted` column from importer `sessions`"))
  }

  /// A second version fed by the same query but with NULL figures falls back
  /// to the error rows; the first stays exact.
  @Test func aValueWithoutFiguresFallsBackAlone() throws {
    let data =
      Self.data + """
        INSERT INTO sessions SELECT id || 'b', started_at, '1.1' FROM sessions WHERE version = '1.0';
        INSERT INTO crashes VALUES ('s8b', '2026-11-24T10:08:10Z', 'fp-a', '1.1');
        """
    let workspace = try imported(
      Self.config(
        "count(*) as value, case when s.version = '1.0' then "
          + "sum(exists(select 1 from crashes c where c.session_id = s.id)) end as impacted"),
      data: data)
    let report = try CommandRunner.run(
      ["report", "--format", "json", "--end", "2026-11-27", "--window", "7d"],
      in: workspace.directory)
    #expect(report.status == 0, "\(report.stderr)")
    let text = try String(contentsOfFile: workspace.path("site/scores.json"), encoding: .utf8)
    #expect(text.contains("\"value\": \"1.1\",\n              \"metric\": 1000.0"), "\(text)")
    let scores = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    let values =
      ((scores?["groups"] as? [[String: Any]])?.first?["by"] as? [[String: Any]])?.first?[
        "values"] as? [[String: Any]] ?? []
    let basis = Dictionary(
      values.map { ($0["value"] as? String ?? "", $0["impacted_basis"] as? String ?? "") },
      uniquingKeysWith: { first, _ in first })
    #expect(basis == ["1.1": "errors", "1.0": "metric"])
  }

  /// Bad figures are rejected by reason; on an amount group the importer fails.
  @Test func badFiguresAreRejectedAndAmountGroupsRefuseTheColumn() throws {
    let workspace = try TestWorkspace()
    try workspace.sqlite("app.db", Self.data)
    for (figure, reason) in [
      ("count(*) + 1", "impacted above value"), ("-1", "impacted is negative"),
      ("0.5", "impacted is not a whole number"),
    ] {
      try workspace.write(
        "stability.yaml", Self.config("count(*) as value, \(figure) as impacted"))
      let result = try CommandRunner.run(
        ["test-query", "sessions", "--since", "2026-11-24", "--until", "2026-11-25"],
        in: workspace.directory)
      #expect(result.stdout.contains(reason), "\(figure): \(result.stdout)")
    }
    try workspace.write("stability.yaml", Self.config(Self.exact, kind: "amount"))
    let amount = try CommandRunner.run(
      ["import", "--since", "2026-11-20", "--until", "2026-11-27"], in: workspace.directory)
    #expect(amount.status != 0)
    #expect(
      (amount.stdout + amount.stderr).contains("`sessions` is an amount group"),
      "\(amount.stdout)\(amount.stderr)")
  }
}
