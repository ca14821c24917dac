import Foundation
import StabilityTestSupport
import Testing

/// Issue 31.2–3: an importer is its name, kind and target. Moving one to
/// another group, or giving a freed name to the other kind, makes a new
/// importer: the old data stops counting and the new one reads its history.
@Suite struct ImporterIdentityTests {
  /// Sessions: 864 rows, one every 10 minutes over the 6 days [Nov 20,
  /// Nov 26) (ReportCommandsTests.data); crashes: 44 rows, every 211 minutes
  /// from Nov 20 03:00 to Nov 25 23:40 (6 days) plus three on Nov 25. The
  /// runs use the real clock: `history: 30d` reaches back to that data.
  static func config(sessions: String, crashes: String, extra: String = "") -> String {
    """
    version: 1
    project: Identity
    sources:
      - {name: game-db, type: sqlite, path: game.db}
    metric_groups:
      - {id: sessions, kind: count, attributes: [{name: version, default: unknown}]}
      - {id: other, kind: count, attributes: [{name: version, default: unknown}]}
    importers:
    \(sessions)
    error_importers:
    \(crashes)
    \(extra)
    """
  }
  static let sessionsQuery =
    "query: \"select count(*) as value, strftime('%Y-%m-%dT%H:00:00Z', started_at) as time, "
    + "version from sessions where started_at >= $1 and started_at < $2 group by 2, 3\", "
    + "history: 30d"
  static let crashesQuery =
    "query: \"select strftime('%Y-%m-%dT%H:00:00Z', time) as time, fingerprint, version, "
    + "count(*) as count from crashes where time >= $1 and time < $2 group by 1, 2, 3\", "
    + "history: 30d"
  /// The window's metric and errors per group, from `report --format json`.
  func totals(_ workspace: TestWorkspace) throws -> [String: (metric: Double, errors: Int)] {
    let report = try CommandRunner.run(
      ["report", "--format", "json", "--end", "2026-11-27", "--window", "7d"],
      in: workspace.directory)
    // Exit 4 when no group has metric in the window; the site is written still.
    try #require(report.status == 0 || report.status == 4, "\(report.stderr)")
    let data = try Data(contentsOf: URL(fileURLWithPath: workspace.path("site/scores.json")))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var totals: [String: (metric: Double, errors: Int)] = [:]
    for group in try #require(json["groups"] as? [[String: Any]]) {
      totals[group["id"] as? String ?? ""] = (
        group["metric"] as? Double ?? -1, group["errors"] as? Int ?? -1
      )
    }
    return totals
  }

  /// `sess` reading sessions into `sessions` and `crashes` the errors, imported once.
  func importedProject() throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    try workspace.sqlite("game.db", ReportCommandsTests.data)
    try workspace.write(
      "stability.yaml",
      Self.config(
        sessions: "  - {name: sess, source: game-db, group: sessions, \(Self.sessionsQuery)}",
        crashes: "  - {name: crashes, source: game-db, \(Self.crashesQuery)}"))
    let first = try CommandRunner.run(["import"], in: workspace.directory)
    try #require(first.status == 0, "\(first.stderr)")
    return workspace
  }

  @Test func anImporterMovedToAnotherGroupStopsCountingInTheOld() throws {
    let workspace = try importedProject()
    #expect(try totals(workspace)["sessions"]?.metric == 864)

    // `sess` moves to `other`; `sess2` reads the same query into `sessions`.
    try workspace.write(
      "stability.yaml",
      Self.config(
        sessions: """
            - {name: sess, source: game-db, group: other, \(Self.sessionsQuery)}
            - {name: sess2, source: game-db, group: sessions, \(Self.sessionsQuery)}
          """,
        crashes: "  - {name: crashes, source: game-db, \(Self.crashesQuery)}"))
    let validated = try CommandRunner.run(["validate"], in: workspace.directory)
    #expect(validated.status == 0)
    let moved =
      "importer `sess` now feeds `other`: its 6 days stored for `sessions` are no longer counted"
    #expect(
      validated.stderr.contains(moved + "; its next run re-reads its history"),
      "\(validated.stderr)")
    // Before the next run the report already leaves the moved data out, and
    // status says `sess` never ran as what it is now.
    #expect(try totals(workspace)["sessions"]?.metric == 0)
    let pending = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(
      pending.stdout.contains(
        "  sess (source game-db, every 1h, re-reads 0s before its watermark):\n    never ran"),
      "\(pending.stdout)")

    let second = try CommandRunner.run(["run"], in: workspace.directory)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stderr.contains(moved + "; it re-reads its history now"), "\(second.stderr)")
    // 864 sessions each: sessions from `sess2`, other from `sess` re-read from scratch.
    let after = try totals(workspace)
    #expect(after["sessions"]?.metric == 864)
    #expect(after["other"]?.metric == 864)
    let status = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(
      status.stdout.contains("importer `sess` changed what it feeds: the ")
        && status.stdout.contains("hour buckets it stored for `sessions` before are not counted"),
      "\(status.stdout)")
    let third = try CommandRunner.run(["run"], in: workspace.directory)
    #expect(!third.stderr.contains("now feeds"))

    let pruned = try CommandRunner.run(["prune"], in: workspace.directory)
    #expect(pruned.status == 0, "\(pruned.stderr)")
    #expect(pruned.stdout.contains("pruned importer `sess` (`sessions`): "), "\(pruned.stdout)")
    let kept = try totals(workspace)
    #expect(kept["sessions"]?.metric == 864 && kept["other"]?.metric == 864)
  }

  @Test func aFreedNameReusedForTheOtherKindStartsFromScratch() throws {
    let workspace = try importedProject()
    let before = try totals(workspace)
    #expect(before["sessions"]?.metric == 864 && before["sessions"]?.errors == 44)

    // As a store from before targets were kept: the kind alone tells them apart.
    try workspace.sqlite(".stability/store.db", "UPDATE importers SET target = NULL")
    // The error importer becomes `crashes-v2`; the metric importer takes the name `crashes`.
    try workspace.write(
      "stability.yaml",
      Self.config(
        sessions: "  - {name: crashes, source: game-db, group: sessions, \(Self.sessionsQuery)}",
        crashes: "  - {name: crashes-v2, source: game-db, \(Self.crashesQuery)}"))
    let run = try CommandRunner.run(["run"], in: workspace.directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "importer `crashes` now feeds `sessions`: its 6 days stored for error counts are no "
          + "longer counted"), "\(run.stderr)")
    let after = try totals(workspace)
    #expect(after["sessions"]?.metric == 864)
    #expect(after["sessions"]?.errors == 44)
    // The fingerprint pages' daily series leave the retired importer's errors
    // out too: fp-null-deref's days sum to its 30 errors (41 rows, i % 4 ≠ 0), not 60.
    let report = try CommandRunner.run(
      ["report", "--end", "2026-11-27", "--window", "7d"], in: workspace.directory)
    #expect(report.status == 0, "\(report.stderr)")
    let chart = try #require(
      try FileManager.default.contentsOfDirectory(atPath: workspace.path("site/charts")).first {
        $0.contains("null-deref") && $0.hasSuffix("sessions-daily.svg")
      })
    let page = try String(contentsOfFile: workspace.path("site/charts/\(chart)"), encoding: .utf8)
    let perDay = page.matches(of: /\((\d+) errors?\)/).compactMap { Int($0.1) }
    #expect(perDay.reduce(0, +) == 30, "\(perDay)")
  }
}
