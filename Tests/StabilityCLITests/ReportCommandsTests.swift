import Foundation
import StabilityCore
import StabilityTestSupport
import Testing

/// import → report → check on a small SQLite source, as a user runs them.
@Suite struct ReportCommandsTests {
  static let config = """
    version: 1
    project: Golden Game
    sources:
      - {name: game-db, type: sqlite, path: game.db}
    metric_groups:
      - id: sessions
        name: Sessions Started
        kind: count
        target: 99.5
        critical: 99.0
        attributes:
          - {name: version, default: unknown}
          - {name: platform, default: unknown}
      - id: minutesPlayed
        name: Minutes Played
        kind: amount
        attributes: [{name: version, default: unknown}]
    metrics:
      - {name: minutesPlayed-version3.16.2, group: minutesPlayed, attributes: {version: "3.16.2"}}
    importers:
      - name: MinsPlayedVersion3.16.2
        source: game-db
        metric: minutesPlayed-version3.16.2
        query: select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2
      - name: sessions-by-version
        source: game-db
        group: sessions
        query: |
          select count(*) as value, strftime('%Y-%m-%dT%H:00:00Z', started_at) as time, version, platform
          from sessions where started_at >= $1 and started_at < $2 group by 2, 3, 4
    error_importers:
      - name: crashes
        source: game-db
        query: |
          select strftime('%Y-%m-%dT%H:00:00Z', time) as time, fingerprint, version,
                 count(*) as count, count(distinct session_id) as impacted
          from crashes where time >= $1 and time < $2 group by 1, 2, 3
    report:
      group_by: {sessions: [version, platform]}
    """

  /// Sessions every 10 minutes for six days across three versions; crashes that
  /// regress in 3.16.3 and a crash new in 3.16.3.
  static let data = """
    CREATE TABLE sessions(started_at TEXT, version TEXT, platform TEXT);
    CREATE TABLE crashes(time TEXT, fingerprint TEXT, version TEXT, session_id TEXT);
    CREATE TABLE metric_table(version TEXT, mins_played REAL, time TEXT);
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 863)
    INSERT INTO sessions
      SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T00:00:00Z', '+' || (i * 10) || ' minutes'),
        CASE WHEN i % 7 = 0 THEN NULL WHEN i < 430 THEN '3.16.2' ELSE '3.16.3' END,
        CASE WHEN i % 3 = 0 THEN 'android' ELSE 'ios' END
      FROM n;
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 863)
    INSERT INTO metric_table
      SELECT '3.16.2', 10 + i % 5, strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T00:00:00Z', '+' || (i * 10) || ' minutes')
      FROM n;
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
    INSERT INTO crashes
      SELECT strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20T03:00:00Z', '+' || (i * 211) || ' minutes'),
        CASE WHEN i % 4 = 0 THEN 'fp-shader-cache' ELSE 'fp-null-deref' END,
        CASE WHEN i < 12 THEN '3.16.2' ELSE '3.16.3' END, 's' || (i / 2)
      FROM n;
    INSERT INTO crashes VALUES ('2026-11-25T10:00:00Z', 'fp-new-in-3.16.3', '3.16.3', 'x1'),
      ('2026-11-25T11:00:00Z', 'fp-new-in-3.16.3', '3.16.3', 'x2'),
      ('2026-11-25T12:00:00Z', 'fp-versionless', NULL, 'x3');
    """

  static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden/scores.json").path

  func importedWorkspace() throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.config)
    try workspace.sqlite("game.db", Self.data)
    let result = try CommandRunner.run(
      ["import", "--since", "2026-11-19", "--until", "2026-11-27"], in: workspace.directory)
    try #require(result.status == 0, "\(result.stderr)")
    return workspace
  }

  static let reportArguments = [
    "report", "--format", "json", "--end", "2026-11-27", "--window", "7d",
  ]
  static let pinned = ["SOURCE_DATE_EPOCH": "1795737600"]

  @Test func reportWritesTheExpectedScoresByteForByte() throws {
    let workspace = try importedWorkspace()
    let first = try CommandRunner.run(
      Self.reportArguments, in: workspace.directory, environment: Self.pinned)
    #expect(first.status == 0, "\(first.stderr)")
    let text = try String(contentsOfFile: workspace.path("site/scores.json"), encoding: .utf8)
    if let mismatch = try Golden.mismatch(text, file: Self.golden) { Issue.record("\(mismatch)") }
    let second = try CommandRunner.run(
      Self.reportArguments + ["--out", "again"], in: workspace.directory, environment: Self.pinned)
    #expect(second.status == 0)
    #expect(
      try String(contentsOfFile: workspace.path("again/scores.json"), encoding: .utf8) == text)
  }

  /// Issue 31.10: `--window 1000000000d` spun for over ten minutes; a
  /// window past ten years is now a usage error, at once.
  @Test func anAbsurdWindowIsAUsageError() throws {
    let workspace = try importedWorkspace()
    for window in ["1000000000d", "3661d"] {
      let refused = try CommandRunner.run(
        ["report", "--window", window], in: workspace.directory)
      #expect(refused.status == 2)
      #expect(
        refused.stderr.contains("--window is \(window); a window is at most 3660d"),
        "\(refused.stderr)")
    }
    let longest = try CommandRunner.run(
      ["report", "--format", "json", "--window", "3660d", "--end", "2026-11-27"],
      in: workspace.directory)
    #expect(longest.status == 0, "\(longest.stderr)")
  }

  @Test func scoresJSONFlagsTheRegressionAndTheNewCrash() throws {
    let workspace = try importedWorkspace()
    _ = try CommandRunner.run(
      Self.reportArguments, in: workspace.directory, environment: Self.pinned)
    let data = try Data(contentsOf: URL(fileURLWithPath: workspace.path("site/scores.json")))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let groups = try #require(json["groups"] as? [[String: Any]])
    #expect(groups.map { $0["id"] as? String } == ["sessions", "minutesPlayed"])
    let by = try #require(groups[0]["by"] as? [[String: Any]])
    let versions = try #require(by[0]["values"] as? [[String: Any]])
    #expect(versions.map { $0["value"] as? String } == ["3.16.3", "3.16.2", "unknown"])
    #expect(versions[0]["verdict"] as? String == "regressed")
    #expect(versions[0]["new_in"] as? [String] == ["fp-new-in-3.16.3"])
    #expect(versions[2]["verdict"] == nil && versions[2]["new_in"] == nil)
    let minutes = try #require(groups[1]["by"] as? [[String: Any]])
    #expect((minutes[0]["values"] as? [[String: Any]])?.first?["stability"] == nil)
  }

  /// method §6: `check` never passes on data that is not fresh — an importer
  /// feeding the group (or an error importer) that failed on its last run,
  /// or a gap in the window — exit 4 naming it; `--allow-stale` checks anyway.
  @Test func checkRefusesToPassOnAFailedImporterOrAGap() throws {
    let window = ["--end", "2026-11-27", "--window", "7d"]
    let passing = ["check", "--group", "sessions", "--version", "3.16.2", "--min-stability", "90"]
    let failed = try importedWorkspace()
    try failed.sqlite("game.db", "ALTER TABLE crashes RENAME TO crashes_old")
    let broken = try CommandRunner.run(
      ["import", "crashes", "--since", "2026-11-26", "--until", "2026-11-27"],
      in: failed.directory)
    #expect(broken.status == 1)
    let refused = try CommandRunner.run(passing + window, in: failed.directory)
    #expect(refused.status == 4, "\(refused.stdout)")
    #expect(refused.stdout.hasPrefix("sessions version 3.16.2: stability at least 96.74%"))
    #expect(
      refused.stdout.contains(
        "→ NOT CHECKED, the data is not fresh: importer `crashes` failed on its last run"))
    #expect(!refused.stdout.contains("PASS"))
    let allowed = try CommandRunner.run(passing + window + ["--allow-stale"], in: failed.directory)
    #expect(allowed.status == 0)
    #expect(
      allowed.stdout.contains("→ PASS — stale data allowed by --allow-stale: importer `crashes`"))

    // Sessions lost on Nov 22 (a source outage) in a store with a watermark.
    let gap = try TestWorkspace()
    try gap.write(
      "stability.yaml",
      Self.config.replacingOccurrences(
        of: "    group: sessions\n", with: "    group: sessions\n    history: 3650d\n"))
    try gap.sqlite(
      "game.db", Self.data + "DELETE FROM sessions WHERE started_at LIKE '2026-11-22%';")
    #expect(try CommandRunner.run(["import"], in: gap.directory).status == 0)
    let withGap = try CommandRunner.run(passing + window, in: gap.directory)
    #expect(withGap.status == 4, "\(withGap.stdout)")
    // In [Nov 20, Nov 27): Nov 22 and Nov 26 (the data ends on Nov 25) have no sessions.
    #expect(
      withGap.stdout.contains(
        "the window has 2 days without metric from `sessions-by-version` (a gap, first 2026-11-22)")
    )
  }

  /// method §6 and issue 17 on data relative to the real clock: `--latest` is
  /// the newest release, not a newer pre-release; a release out since this
  /// morning is visible (the window ends now); late crash reports inside the
  /// error importer's overlap are counted by the next run.
  @Test func checkGatesTheNewestReleaseOnTodaysData() throws {
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      Self.config.replacingOccurrences(
        of: "    group: sessions\n", with: "    group: sessions\n    history: 7d\n"
      ).replacingOccurrences(
        of: "group by 1, 2, 3\n", with: "group by 1, 2, 3\n    overlap: 6h\n"
      ))
    let now = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || "
    try workspace.sqlite(
      "game.db",
      """
      CREATE TABLE sessions(started_at TEXT, version TEXT, platform TEXT);
      CREATE TABLE crashes(time TEXT, fingerprint TEXT, version TEXT, session_id TEXT);
      CREATE TABLE metric_table(version TEXT, mins_played REAL, time TEXT);
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 287)
      INSERT INTO sessions SELECT \(now) (i * 15 + 5) || ' minutes'), '2.4.0', 'ios' FROM n;
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199)
      INSERT INTO sessions SELECT \(now) (i + 5) || ' minutes'), '2.5.0', 'ios' FROM n;
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 149)
      INSERT INTO sessions SELECT \(now) (i + 5) || ' minutes'), '2.6.0-beta.1', 'ios' FROM n;
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
      INSERT INTO crashes SELECT \(now) (i * 7 + 5) || ' minutes'), 'fp-anr', '2.5.0', 'a' || i FROM n;
      INSERT INTO crashes VALUES (\(now) '30 minutes'), 'fp-anr', '2.7.0', 'x1'),
        (\(now) '31 minutes'), 'fp-anr', '2.7.0', 'x2');
      """)
    #expect(try CommandRunner.run(["import"], in: workspace.directory).status == 0)
    let gate = ["check", "--group", "sessions", "--latest", "--min-stability", "90"]
    let latest = try CommandRunner.run(gate, in: workspace.directory)
    // 10 sessions of 200 crashed: 95.00%, above 90.
    #expect(latest.status == 0, "\(latest.stdout)\(latest.stderr)")
    #expect(
      latest.stdout.hasPrefix(
        "sessions version 2.5.0 (newest release with Sessions Started in the window; "
          + "2.6.0-beta.1 is newer but a pre-release (--include-prereleases); 2.7.0 is newer but "
          + "has 2 errors and no Sessions Started in the window): stability at least 95.00%"),
      "\(latest.stdout)")
    let beta = try CommandRunner.run(gate + ["--include-prereleases"], in: workspace.directory)
    #expect(beta.stdout.hasPrefix("sessions version 2.6.0-beta.1 (newest version with"))

    // Ten more crash reports arrive late, timed 2 hours back: inside the 6h
    // overlap, the next run reads them: 20 of 200 is 90.00%, Wilson
    // 85.059%–93.433%, shown outward as 85.05%–93.44%: wholly below 95. But
    // counted from the error rows it is a lower bound (the sessions importer
    // returns no `impacted`), so the gate holds rather than fails.
    try workspace.sqlite(
      "game.db",
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
      INSERT INTO crashes SELECT \(now) (120 + i) || ' minutes'), 'fp-oom', '2.5.0', 'b' || i FROM n;
      """)
    #expect(try CommandRunner.run(["import", "--force"], in: workspace.directory).status == 0)
    let late = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--min-stability", "95"], in: workspace.directory
    )
    #expect(late.status == 4, "\(late.stdout)")
    #expect(
      late.stdout.contains("stability at least 90.00% (95% CI 85.05%–93.44%)"), "\(late.stdout)")
    #expect(
      late.stdout.contains(
        "→ HOLD, undecidable from a lower bound (the stability is below 95% as counted, but the count "
          + "is a lower bound and the true stability may be higher)"), "\(late.stdout)")
    // The error rate is exact: 20 errors in 200 sessions, Garwood 6.10%–15.45%,
    // fails a 5% bound whatever the stability holds.
    let rateGate = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--min-stability", "95", "--max-rate", "5"],
      in: workspace.directory)
    #expect(rateGate.status == 1, "\(rateGate.stdout)")
    // 2.4.0 had no errors: the change says so instead of "n/a".
    #expect(rateGate.stdout.contains("vs 2.4.0: calendar up from none (regressed)"))
    // Why there is no same-age comparison, as the version page says.
    #expect(
      rateGate.stdout.contains("same age n/a (the release hour of its baseline 2.4.0 is unknown)"),
      "\(rateGate.stdout)")
    #expect(rateGate.stdout.contains("→ FAIL (rate above threshold)"), "\(rateGate.stdout)")
    // Against 92 the interval straddles the bar with the figure below it:
    // more data at this rate would not fail a lower bound either, so no
    // amount is promised — a hold, exit 4.
    let straddling = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--min-stability", "92"], in: workspace.directory
    )
    #expect(straddling.status == 4, "\(straddling.stdout)")
    #expect(
      straddling.stdout.contains(
        "→ HOLD, undecidable from a lower bound (the stability is below 92% as counted, but the count "
          + "is a lower bound and the true stability may be higher)"),
      "\(straddling.stdout)")

    // Reports timed 30 hours back arrive now: outside the 6h overlap, the
    // regular run does not read them (`import --since` does) — still 90%.
    try workspace.sqlite(
      "game.db",
      """
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9)
      INSERT INTO crashes SELECT \(now) (1800 + i) || ' minutes'), 'fp-old', '2.5.0', 'c' || i FROM n;
      """)
    #expect(try CommandRunner.run(["import", "--force"], in: workspace.directory).status == 0)
    let outside = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--min-stability", "92"], in: workspace.directory
    )
    #expect(outside.stdout.contains("stability at least 90.00%"), "\(outside.stdout)")

    // A window ending tomorrow: every importer is more than twice its period behind.
    let tomorrow = UTCTime.iso8601(Int64(Date().timeIntervalSince1970) + 2 * 86_400)
    let stale = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--min-stability", "85", "--end", tomorrow],
      in: workspace.directory)
    #expect(stale.status == 4, "\(stale.stdout)")
    #expect(
      stale.stdout.contains(
        "NOT CHECKED, the data is not fresh: importer `sessions-by-version` has data only up to"))

    // The same check as one JSON object for a pipeline to post.
    let json = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--min-stability", "92", "--format", "json"],
      in: workspace.directory)
    #expect(json.status == 4)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["value"] as? String == "2.5.0" && object["decision"] as? String == "hold")
    #expect(object["impacted"] as? Int == 20 && object["exit"] as? Int == 4)
    let evidence = try #require(
      (object["evidence"] as? [String: Any])?["stability"] as? [String: Any])
    #expect(evidence["decision"] as? String == "hold" && evidence["lower_bound"] as? Bool == true)
    #expect((object["chosen"] as? String)?.hasPrefix("newest release") == true)

    // examples/ci-gate.sh tells its four outcomes apart.
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("examples/ci-gate.sh")
    let path =
      CommandRunner.binary.deletingLastPathComponent().path + ":"
      + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    func ciGate(_ minimum: String, _ extra: [String] = []) throws -> CommandResult {
      try ProcessRunner.run(
        URL(fileURLWithPath: "/bin/bash"), [script.path] + extra, directory: workspace.directory,
        environment: ["PATH": path, "MIN_STABILITY": minimum])
    }
    let passed = try ciGate("80")
    #expect(passed.status == 0 && passed.stderr.contains("stability gate passed"))
    let failed = try ciGate("95", ["--max-rate", "5"])
    #expect(failed.status == 1 && failed.stderr.contains("stability gate FAILED"))
    let held = try ciGate("92")
    #expect(held.status == 4 && held.stderr.contains("stability gate on hold"))
    // With --format json stdout is one JSON object; the outcome is on stderr.
    let heldJSON = try ciGate("92", ["--format", "json"])
    #expect(
      (try? JSONSerialization.jsonObject(with: Data(heldJSON.stdout.utf8))) != nil,
      "\(heldJSON.stdout)")
    let fraction = try ciGate("0.92")
    #expect(fraction.status == 2 && fraction.stderr.contains("misconfigured"))
    #expect(fraction.stderr.contains("Did you mean 92?"))
    let early = try ciGate("85", ["--end", "2020-01-01"])
    #expect(early.status == 4 && early.stderr.contains("on hold"), "\(early.stderr)")
  }

  /// Issue 19: the Markdown a release ticket gets has no link that only
  /// works inside `site/` (plain text, or absolute with `report.base_url`),
  /// and `examples/release-ticket.sh` leaves nothing behind on a typo.
  @Test func ticketMarkdownHasNoSiteRelativeLinksAndTheExampleFailsCleanly() throws {
    let workspace = try importedWorkspace()
    let window = ["--end", "2026-11-27"]
    let page = try CommandRunner.run(
      ["report", "--version", "3.16.3", "--format", "md", "--stdout"] + window,
      in: workspace.directory)
    #expect(page.status == 0, "\(page.stderr)")
    #expect(page.stdout.contains("| 3.16.3 | "))
    #expect(page.stdout.contains("| day | Sessions Started | errors | rate |"))
    #expect(!page.stdout.contains("](") && !page.stdout.contains("../"), "\(page.stdout)")

    try workspace.write(
      "stability.yaml",
      Self.config.replacingOccurrences(
        of: "report:\n", with: "report:\n  base_url: https://stability.example/site/\n"))
    let linked = try CommandRunner.run(
      ["report", "--version", "3.16.3", "--format", "md", "--stdout"] + window,
      in: workspace.directory)
    #expect(
      linked.stdout.contains("on the site: <https://stability.example/site/versions/3.16.3.html>"))

    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("examples/release-ticket.sh")
    let path =
      CommandRunner.binary.deletingLastPathComponent().path + ":"
      + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    _ = try CommandRunner.run(["report"] + window, in: workspace.directory)
    let typo = try ProcessRunner.run(
      URL(fileURLWithPath: "/bin/bash"), [script.path, "3.16.4"] + window,
      directory: workspace.directory, environment: ["PATH": path])
    // A version the store never saw is a typo (exit 2, nearest values named), not "no data".
    #expect(typo.status == 2)
    #expect(typo.stderr.contains("version 3.16.4 was never seen in the store"), "\(typo.stderr)")
    #expect(!FileManager.default.fileExists(atPath: workspace.path("stability-3.16.4.md")))
    let ticket = try ProcessRunner.run(
      URL(fileURLWithPath: "/bin/bash"), [script.path, "3.16.3"] + window,
      directory: workspace.directory, environment: ["PATH": path])
    #expect(ticket.status == 0, "\(ticket.stderr)")
    #expect(FileManager.default.fileExists(atPath: workspace.path("stability-3.16.3.html")))
    #expect(
      try String(contentsOfFile: workspace.path("stability-3.16.3.md"), encoding: .utf8)
        .contains("| 3.16.3 | "))

    // Issue 32: most tickets live in Jira; --jira writes its wiki markup.
    let jira = try ProcessRunner.run(
      URL(fileURLWithPath: "/bin/bash"), [script.path, "3.16.3", "--jira"] + window,
      directory: workspace.directory, environment: ["PATH": path])
    #expect(jira.status == 0, "\(jira.stderr)")
    #expect(jira.stdout.contains("attach stability-3.16.3.jira.txt and stability-3.16.3.html"))
    let markup = try String(
      contentsOfFile: workspace.path("stability-3.16.3.jira.txt"), encoding: .utf8)
    #expect(markup.hasPrefix("h1. "))
    #expect(markup.contains("||day||Sessions Started||errors||rate||"))
    #expect(markup.contains("[on the site|https://stability.example/site/versions/3.16.3.html]"))
    let without = try CommandRunner.run(
      ["report", "--format", "jira"] + window, in: workspace.directory)
    #expect(without.status == 2)
    #expect(without.stderr.contains("--format jira is one version's ticket"))
  }

  /// Spans never claim hours the store has no data for (method §3
  /// `through`): imported only until 4 hours after 3.16.3's release hour
  /// (2026-11-22T23:00Z, its first session at 23:40), its first-hours
  /// figures in a report ending days later cover those 4 hours — not the 97
  /// to the window's end. By hand: sessions every 10 minutes, i = 430… are
  /// 3.16.3 except every 7th (no version): 430, 431 in the 23:00 hour, then
  /// 432–449 less 434, 441, 448: 17 sessions.
  @Test func firstHoursNeverRunPastTheImportedData() throws {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.config)
    try workspace.sqlite("game.db", Self.data)
    let imported = try CommandRunner.run(
      ["import", "--since", "2026-11-19", "--until", "2026-11-23T03:00:00Z"],
      in: workspace.directory)
    try #require(imported.status == 0, "\(imported.stderr)")
    let report = try CommandRunner.run(
      ["report", "--format", "json,md", "--end", "2026-11-27", "--window", "7d"],
      in: workspace.directory)
    #expect(report.status == 0 || report.status == 1, "\(report.stderr)")
    // Every page, and the check line, say the data stops inside the window.
    for page in ["index.md", "versions/3.16.3.md", "releases.md"] {
      let text = try String(contentsOfFile: workspace.path("site/\(page)"), encoding: .utf8)
      #expect(
        text.contains(
          "Sessions Started: data through 2026-11-23T03:00:00Z only, before this window ends "
            + "(2026-11-27T00:00:00Z); from 2026-11-23 on the figures are not complete"),
        "\(page)")
    }
    let check = try CommandRunner.run(
      [
        "check", "--group", "sessions", "--version", "3.16.2", "--min-stability", "90", "--end",
        "2026-11-27", "--allow-stale",
      ], in: workspace.directory)
    #expect(check.stdout.contains("— data through 2026-11-23T03:00:00Z only"), "\(check.stdout)")
    let scores = try #require(
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: workspace.path("site/scores.json"))))
        as? [String: Any])
    let sessions = try #require((scores["groups"] as? [[String: Any]])?.first)
    let release = try #require(
      (sessions["releases"] as? [[String: Any]])?.first { $0["value"] as? String == "3.16.3" })
    #expect(release["released"] as? String == "2026-11-22T23:00:00Z")
    #expect(release["hours"] as? Int == 4)
    #expect(release["metric"] as? Double == 17)
  }

  @Test func checkPassesFailsAndSaysNoData() throws {
    let workspace = try importedWorkspace()
    let window = ["--end", "2026-11-27", "--window", "7d"]
    let held = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--min-stability", "99.5"] + window,
      in: workspace.directory)
    #expect(held.status == 4)
    #expect(
      held.stdout.hasPrefix(
        "sessions version 3.16.3 (newest release with Sessions Started in the window): stability "))
    // The line says what its figures cover: 1 − 31/372 = 91.67% — at least,
    // since the sessions importer returns no `impacted` and the error rows'
    // distinct sessions per hour and fingerprint can count one twice. Below
    // 99.5% as counted, a lower bound cannot fail the release: it holds.
    let covers: String =
      "threshold ≥ 99.5% over [2026-11-20T00:00:00Z, 2026-11-27T00:00:00Z): 372 Sessions "
      + "Started, 31 errors, 31 impacted (stability at least this: impacted is counted from "
      + "the error rows, where a unit hit by two errors counts twice; return an `impacted` "
      + "column from importer "
      + "`sessions-by-version` to make it exact)"
    let holds: String =
      " → HOLD, undecidable from a lower bound (the stability is below 99.5% as counted, but "
      + "the "
      + "count is a lower bound and the true stability may be higher)"
    #expect(held.stdout.contains(covers + holds), "\(held.stdout)")
    let heldJSON = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--min-stability", "99.5", "--format", "json"]
        + window, in: workspace.directory)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(heldJSON.stdout.utf8)) as? [String: Any])
    let evidence = try #require(
      (object["evidence"] as? [String: Any])?["stability"] as? [String: Any])
    #expect(object["decision"] as? String == "hold" && object["exit"] as? Int == 4)
    #expect(evidence["decision"] as? String == "hold" && evidence["lower_bound"] as? Bool == true)
    // The rate is exact: 31 errors in 372 sessions is 8.33%, Garwood from
    // chi2.ppf(0.025, 62) / 2 / 372 = 5.66%: wholly above 1%, it fails.
    let failing = try CommandRunner.run(
      ["check", "--group", "sessions", "--latest", "--max-rate", "1"] + window,
      in: workspace.directory)
    #expect(failing.status == 1, "\(failing.stdout)")
    #expect(failing.stdout.contains("→ FAIL (rate above threshold)"), "\(failing.stdout)")
    let passing = try CommandRunner.run(
      ["check", "--group", "sessions", "--version", "3.16.2", "--min-stability", "90"] + window,
      in: workspace.directory)
    #expect(passing.status == 0, "\(passing.stdout)")
    #expect(passing.stdout.contains("→ PASS"))
    // 12 errors in 10,366 minutes: 1.16 per 1k, Garwood 0.598–2.02 per 1k
    // (chi2.ppf(0.975, 26) / 2 = 20.96 errors): passes 3, holds at 2.
    let rate = try CommandRunner.run(
      ["check", "--group", "minutesPlayed", "--version", "3.16.2", "--max-rate", "3"] + window,
      in: workspace.directory)
    #expect(rate.status == 0, "\(rate.stdout)")
    #expect(rate.stdout.contains("rate 1.16 per 1k (95% CI 0.598–2.02 per 1k)"), "\(rate.stdout)")
    let close = try CommandRunner.run(
      ["check", "--group", "minutesPlayed", "--version", "3.16.2", "--max-rate", "2"] + window,
      in: workspace.directory)
    #expect(close.status == 4, "\(close.stdout)")
    #expect(
      close.stdout.contains(
        "the rate interval straddles 2 per 1k; at this rate about 440 more Minutes Played would "
          + "make it PASS"), "\(close.stdout)")
    // Known, but without sessions in an earlier window: not enough data yet.
    let none = try CommandRunner.run(
      ["check", "--group", "sessions", "--version", "3.16.3", "--end", "2026-11-20"],
      in: workspace.directory)
    #expect(none.status == 4)
    #expect(none.stdout.contains("NO DATA"))
    // A typo is bad usage, with the known versions.
    let typo = try CommandRunner.run(
      ["check", "--group", "sessions", "--version", "3.16.4"] + window, in: workspace.directory)
    #expect(typo.status == 2)
    #expect(
      typo.stderr.contains(
        "version 3.16.4 was never seen in the store (no metric and no errors at any time). "
          + "Did you mean 3.16.3? Known version values, newest first: 3.16.3, 3.16.2."))
    let usage = try CommandRunner.run(
      ["check", "--group", "minutesPlayed", "--latest", "--min-stability", "99"] + window,
      in: workspace.directory)
    #expect(usage.status == 2)
    #expect(usage.stderr.contains("--min-stability applies to count groups"))
  }
}

/// `--templates DIR` replaces built-in templates by name.
@Suite struct TemplateOverrideTests {
  @Test func aTemplateInTheFolderReplacesItsNamesake() throws {
    let workspace = try ReportCommandsTests().importedWorkspace()
    try workspace.write(
      "mine/index.md.mustache",
      "# {{frame.project}} in our own words\n{{#groups}}\n- {{name}}: {{rate}}\n{{/groups}}\n")
    let result = try CommandRunner.run(
      [
        "report", "--format", "md", "--end", "2026-11-27", "--templates", "mine", "--out", "custom",
      ],
      in: workspace.directory)
    #expect(result.status == 0, "\(result.stderr)")
    let text = try String(contentsOfFile: workspace.path("custom/index.md"), encoding: .utf8)
    #expect(text.hasPrefix("# Golden Game in our own words\n- Sessions Started: 5.09%"))
    // The other pages still come from the built-in templates.
    #expect(
      try String(contentsOfFile: workspace.path("custom/versions/3.16.3.md"), encoding: .utf8)
        .hasPrefix("# Golden Game — version 3.16.3"))
  }

  @Test func anUnknownTemplateNameIsBadUsage() throws {
    let workspace = try ReportCommandsTests().importedWorkspace()
    try workspace.write("mine/indx.html.mustache", "typo")
    let result = try CommandRunner.run(["report", "--templates", "mine"], in: workspace.directory)
    #expect(result.status == 2)
    #expect(result.stderr.contains("indx.html.mustache does not replace a known template"))
  }
}
