import Foundation
import StabilityTestSupport
import Testing

/// Issue 31.9: one importer whose run sums one value's hourly errors past
/// the integer range fails alone — exit 1, naming it and the hour, its
/// error in `status` — and the others, the site and the digest still happen.
@Suite struct OverflowingImporterTests {
  @Test func anOverflowingHourFailsOneImporterAndTheRunGoesOn() throws {
    let workspace = try TestWorkspace()
    try workspace.sqlite(
      "game.db",
      """
      CREATE TABLE sessions(started_at TEXT, version TEXT);
      CREATE TABLE crashes(time TEXT, fingerprint TEXT, version TEXT);
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499)
      INSERT INTO sessions SELECT '2026-11-26T10:00:00Z', '1.0' FROM n;
      -- 2 × 5,000 rows of 1e15 in one hour and version: each fingerprint's
      -- bucket is 5e18 (in range), the version's hour 1e19 (past 9.22e18).
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
      INSERT INTO crashes SELECT '2026-11-26T10:00:00Z', 'fp-' || (i % 2), '1.0' FROM n;
      """)
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      project: Overflow
      sources: [{name: game-db, type: sqlite, path: game.db}]
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version, default: unknown}]}
      importers:
        - name: sessions
          source: game-db
          group: sessions
          history: 30d
          query: >-
            select count(*) as value, started_at as time, version from sessions
            where started_at >= $1 and started_at < $2 group by 2, 3
      error_importers:
        - name: crashes
          source: game-db
          history: 30d
          query: >-
            select time, fingerprint, version, 1000000000000000 as count from crashes
            where time >= $1 and time < $2
      """)
    let run = try CommandRunner.run(["run"], in: workspace.directory)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "importer `crashes` (source `game-db`): the error counts of the hour "
          + "2026-11-26T10:00:00Z for version `1.0` sum past 9223372036854775807"),
      "\(run.stderr)")
    #expect(run.stdout.contains("sessions: imported"))
    #expect(FileManager.default.fileExists(atPath: workspace.path("site/index.html")))
    let digest = try String(contentsOfFile: workspace.path("site/digest.md"), encoding: .utf8)
    #expect(digest.contains("crashes"), "\(digest)")
    let status = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(status.stdout.contains("sum past 9223372036854775807"), "\(status.stdout)")
  }
}
