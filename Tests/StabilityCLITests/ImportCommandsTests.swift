import Foundation
import StabilityTestSupport
import Testing

/// The commands of the foundation, run as a user would run them.
@Suite struct ImportCommandsTests {
  static let config = """
    version: 1
    project: CLI
    sources:
      - {name: game-db, type: sqlite, path: game.db}
    metric_groups:
      - id: minutesPlayed
        kind: amount
        attributes: [{name: version, default: unknown}]
    metrics:
      - {name: minutesPlayed-version3.16.2, group: minutesPlayed, attributes: {version: "3.16.2"}}
    importers:
      - name: MinsPlayedVersion3.16.2
        source: game-db
        metric: minutesPlayed-version3.16.2
        query: select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2
        history: 7d
        period: 60s
    """

  func workspace(config: String = Self.config) throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", config)
    try workspace.sqlite(
      "game.db",
      """
      CREATE TABLE metric_table(version TEXT, mins_played REAL, time TEXT);
      INSERT INTO metric_table VALUES ('3.16.2', 12.5, strftime('%Y-%m-%dT%H:00:00Z', 'now', '-2 hours')),
        ('3.16.2', -1, strftime('%Y-%m-%dT%H:00:00Z', 'now', '-2 hours'));
      """)
    return workspace
  }

  @Test func validateReportsProblemsWithFileLineAndExitsTwo() throws {
    let workspace = try workspace(
      config: Self.config.replacingOccurrences(of: "period: 60s", with: "perod: 60s"))
    let result = try CommandRunner.run(["validate"], in: workspace.directory)
    #expect(result.status == 2)
    #expect(result.stderr.contains("stability.yaml:17:5: error: unknown key `perod`"))
    #expect(result.stderr.contains("Did you mean `period`?"))
  }

  @Test func validateSourcesRunsEachQueryAndNamesWhatARunWouldLose() throws {
    // Times as SQLite's CURRENT_TIMESTAMP writes them, queried with ISO bounds.
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      Self.config.replacingOccurrences(
        of:
          "select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2",
        with:
          "select mins_played as value, strftime('%Y-%m-%dT%H:00:00Z', time) as time from metric_table where time >= $1 and time < $2"
      ))
    try workspace.sqlite(
      "game.db",
      """
      CREATE TABLE metric_table(version TEXT, mins_played REAL, time TEXT DEFAULT CURRENT_TIMESTAMP);
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 95)
      INSERT INTO metric_table SELECT '3.16.2', 1, datetime('now', '-' || (i * 15) || ' minutes') FROM n;
      """)
    let result = try CommandRunner.run(["validate", "--sources"], in: workspace.directory)
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("stability.yaml: ok"))
    #expect(result.stdout.contains("MinsPlayedVersion3.16.2: PROBLEM — with `time_format: sql`"))
    #expect(result.stdout.contains("Add `time_format: sql` to importer `MinsPlayedVersion3.16.2`"))
    #expect(!FileManager.default.fileExists(atPath: workspace.path(".stability/store.db")))

    try workspace.write(
      "stability.yaml",
      try String(contentsOfFile: workspace.path("stability.yaml"), encoding: .utf8)
        .replacingOccurrences(of: "period: 60s", with: "period: 60s\n    time_format: sql"))
    let fixed = try CommandRunner.run(["validate", "--sources"], in: workspace.directory)
    #expect(fixed.status == 0, "\(fixed.stdout)\(fixed.stderr)")
    #expect(fixed.stdout.contains("MinsPlayedVersion3.16.2: ok — "))
  }

  @Test func validateSaysOkForAGoodConfig() throws {
    let workspace = try workspace()
    let result = try CommandRunner.run(["validate"], in: workspace.directory)
    #expect(result.status == 0)
    #expect(
      result.stdout.contains(
        "stability.yaml: ok — 1 source, 1 metric group, 1 metric, 1 importer."))
  }

  @Test func importFailsWhenMoreRowsAreRejectedThanMaxRejectedAllows() throws {
    let workspace = try workspace()
    let result = try CommandRunner.run(["import"], in: workspace.directory)
    #expect(result.status == 1)
    #expect(
      result.stderr.contains(
        "1 of 2 rows were rejected (50%), more than max_rejected (1%) allows — value is negative: 1"
      ))
    #expect(result.stderr.contains("Nothing was stored and the watermark is unchanged"))
    #expect(try StoreInspector(path: workspace.path(".stability/store.db")).metricTotals().isEmpty)
  }

  @Test func statusShowsRejectionsAndHowToRecoverFromAFailedRun() throws {
    let workspace = try workspace()
    let failed = try CommandRunner.run(["import"], in: workspace.directory)
    #expect(
      failed.stdout.contains(
        "MinsPlayedVersion3.16.2: FAILED (see error below); nothing stored: the next run reads "
          + "its history again"))
    let afterFailure = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(afterFailure.stdout.contains("LAST ERROR    importer `MinsPlayedVersion3.16.2`"))
    #expect(afterFailure.stdout.contains("TO RECOVER    fix what the error says"))
    #expect(afterFailure.stdout.contains("`stability import MinsPlayedVersion3.16.2 --reset`"))

    try workspace.write(
      "stability.yaml",
      Self.config.replacingOccurrences(
        of: "period: 60s", with: "period: 60s\n    max_rejected: 50%"))
    let fixed = try CommandRunner.run(["import"], in: workspace.directory)
    #expect(fixed.status == 0, "\(fixed.stderr)")
    let afterFix = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(afterFix.stdout.contains("rejected      value is negative: 1 (e.g. mins_played=-1"))
    #expect(!afterFix.stdout.contains("LAST ERROR"))

    // Once it has a watermark, a failure keeps it and says how to start over.
    try workspace.write(
      "stability.yaml",
      Self.config.replacingOccurrences(of: "period: 60s", with: "period: 60s\n    overlap: 2h"))
    try workspace.sqlite(
      "game.db",
      "INSERT INTO metric_table VALUES ('3.16.2', -1, strftime('%Y-%m-%dT%H:%M:00Z', 'now', '-1 minutes'))"
    )
    let again = try CommandRunner.run(["import", "--force"], in: workspace.directory)
    #expect(again.status == 1)
    #expect(
      again.stdout.contains(
        "MinsPlayedVersion3.16.2: FAILED (see error below); nothing stored, watermark kept: the "
          + "next run retries from it (`stability import MinsPlayedVersion3.16.2 --reset` "
          + "re-reads its history)"), "\(again.stdout)")
  }

  @Test func importStoresRowsAndReportsRejectionsWithinMaxRejected() throws {
    let workspace = try workspace(
      config: Self.config.replacingOccurrences(
        of: "period: 60s", with: "period: 60s\n    max_rejected: 50%"))
    let result = try CommandRunner.run(["import"], in: workspace.directory)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("MinsPlayedVersion3.16.2: imported"))
    #expect(result.stdout.contains("2 rows read, 1 stored, 1 rejected"))
    #expect(result.stdout.contains("rejected 1: value is negative"))
    let totals = try StoreInspector(path: workspace.path(".stability/store.db")).metricTotals()
    #expect(totals == ["minutesPlayed-version3.16.2": 12.5])
    let again = try CommandRunner.run(["import"], in: workspace.directory)
    #expect(again.stdout.contains("not due"))
  }

  @Test func importExitsThreeWhenTheSourceIsMissing() throws {
    let workspace = try workspace(
      config: Self.config.replacingOccurrences(of: "path: game.db", with: "path: missing.db"))
    let result = try CommandRunner.run(["import"], in: workspace.directory)
    #expect(result.status == 3)
    #expect(
      result.stderr.contains(
        "importer `MinsPlayedVersion3.16.2` (source `game-db`): source unavailable"))
  }

  @Test func importExitsOneWhenAQueryFails() throws {
    let workspace = try workspace(
      config: Self.config.replacingOccurrences(of: "from metric_table", with: "from no_table"))
    let result = try CommandRunner.run(["import"], in: workspace.directory)
    #expect(result.status == 1)
    #expect(result.stderr.contains("no such table: no_table"))
    let status = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(status.stdout.contains("LAST ERROR"))
    #expect(status.stdout.contains("watermark     none"))
  }

  /// Issue 22: a command that reads the store never creates one — a typo'd
  /// `--store` must not publish an empty site over the real one.
  @Test func reportCheckAndStatusNeverCreateAStore() throws {
    let workspace = try workspace()
    try workspace.write("site/index.html", "the published site")
    for arguments in [
      ["report"], ["report", "--store", "typo/store.db"],
      ["check", "--group", "minutesPlayed", "--latest", "--max-rate", "1"], ["status"],
    ] {
      let result = try CommandRunner.run(arguments, in: workspace.directory)
      #expect(result.status == 3, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains("no store at "), "\(arguments)")
      #expect(result.stderr.contains("Run `stability import` first"), "\(arguments)")
    }
    #expect(!FileManager.default.fileExists(atPath: workspace.path(".stability")))
    #expect(!FileManager.default.fileExists(atPath: workspace.path("typo")))
    #expect(
      try String(contentsOfFile: workspace.path("site/index.html"), encoding: .utf8)
        == "the published site")
  }

  /// Issue 22: a backfill span with nothing to read is bad usage, and a
  /// backfill does not make the regular schedule "not due".
  @Test func backfillSpansAreCheckedAndLeaveTheScheduleAlone() throws {
    let workspace = try workspace(
      config: Self.config.replacingOccurrences(of: "period: 60s", with: "period: 1d")
        .replacingOccurrences(of: "history: 7d", with: "history: 7d\n    max_rejected: 100%"))
    let inverted = try CommandRunner.run(
      ["import", "--since", "2026-11-25", "--until", "2026-11-21"], in: workspace.directory)
    #expect(inverted.status == 2)
    #expect(
      inverted.stderr.contains(
        "--since 2026-11-25T00:00:00Z is not before --until 2026-11-21T00:00:00Z: the span is empty"
      ))
    let future = try CommandRunner.run(
      ["import", "--since", "2999-01-01"], in: workspace.directory)
    #expect(future.status == 2)
    #expect(future.stderr.contains("is in the future"))
    let backfill = try CommandRunner.run(
      ["import", "--since", "2020-01-01", "--until", "2020-01-02"], in: workspace.directory)
    #expect(backfill.status == 0, "\(backfill.stderr)")
    // Nothing regular has run yet: the next plain import is due and reads its history.
    let regular = try CommandRunner.run(["import"], in: workspace.directory)
    #expect(regular.status == 0, "\(regular.stderr)")
    // One importer reads "1 importer", never "1 importers" (issue 32).
    #expect(regular.stdout.contains("1 importer: 1 imported, 0 not due"), "\(regular.stdout)")
    #expect(regular.stdout.contains("2 rows read, 1 stored"), "\(regular.stdout)")
  }

  /// Issue 22: renaming an importer used to count its span twice (the old
  /// name's buckets stayed). Data of importers not in the config is not
  /// counted, is named by `status` and the pages, and `prune` deletes it.
  @Test func aRenamedImportersOldDataIsNotCountedAndCanBePruned() throws {
    let allowing = Self.config.replacingOccurrences(
      of: "history: 7d", with: "history: 7d\n    max_rejected: 100%")
    let workspace = try workspace(config: allowing)
    #expect(try CommandRunner.run(["import"], in: workspace.directory).status == 0)
    try workspace.write(
      "stability.yaml",
      allowing.replacingOccurrences(
        of: "name: MinsPlayedVersion3.16.2", with: "name: minutes-3.16.2"))
    #expect(try CommandRunner.run(["import"], in: workspace.directory).status == 0)
    let report = try CommandRunner.run(
      ["report", "--end", "now", "--window", "1d"], in: workspace.directory)
    #expect(report.status == 0, "\(report.stderr)")
    let scores = try String(contentsOfFile: workspace.path("site/scores.json"), encoding: .utf8)
    #expect(scores.contains("\"metric\": 12.5,"), "12.5 minutes once, not 25")
    let index = try String(contentsOfFile: workspace.path("site/index.html"), encoding: .utf8)
    #expect(
      index.contains(
        "Not counted: importer MinsPlayedVersion3.16.2 is no longer in the config: its 1 hour buckets"
      ))
    let status = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(
      status.stdout.contains(
        "importer `MinsPlayedVersion3.16.2` is no longer in the config: its 1 hour buckets are not counted"
      ))

    let prune = try CommandRunner.run(["prune"], in: workspace.directory)
    #expect(prune.status == 0)
    #expect(
      prune.stdout.contains("pruned importer `MinsPlayedVersion3.16.2`: 1 hour buckets deleted"))
    let after = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(!after.stdout.contains("no longer in the config"))
    #expect(
      try CommandRunner.run(["prune"], in: workspace.directory).stdout.contains("nothing to prune"))
  }

  @Test func reportOverAWindowWithoutMetricExitsFourAndSaysSo() throws {
    let workspace = try workspace()
    // A failed import leaves a store (its state) without metric.
    #expect(try CommandRunner.run(["import"], in: workspace.directory).status == 1)
    let result = try CommandRunner.run(["report"], in: workspace.directory)
    #expect(result.status == 4, "\(result.stderr)")
    #expect(result.stderr.contains("no metric in the window"))
    #expect(result.stderr.contains("Run `stability import` (or `stability run`) first"))
    let index = try String(contentsOfFile: workspace.path("site/index.html"), encoding: .utf8)
    #expect(index.contains("No data in this window: no minutesPlayed was imported for it"))
    #expect(!index.contains("No errors in the window"))
  }

  @Test func unknownImporterIsBadUsage() throws {
    let workspace = try workspace()
    let result = try CommandRunner.run(["import", "MinsPlayed"], in: workspace.directory)
    #expect(result.status == 2)
    #expect(result.stderr.contains("no importer named `MinsPlayed`"))
  }

  @Test func testQueryShowsBoundsColumnsSamplesAndMetricsWithoutStoring() throws {
    let workspace = try workspace()
    let result = try CommandRunner.run(
      ["test-query", "MinsPlayedVersion3.16.2"], in: workspace.directory)
    // One of its two rows is rejected: above max_rejected, so a run would fail.
    #expect(result.status == 1, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        "a run over this span would FAIL: 1 of 2 rows were rejected (50%), more than max_rejected (1%) allows"
      ))
    #expect(result.stdout.contains("$1 = "))
    #expect(result.stdout.contains("mins_played → value"))
    #expect(result.stdout.contains("time → time (read as iso8601"))
    #expect(result.stdout.contains("12.5 | "))
    #expect(result.stdout.contains("rejected 1: value is negative"))
    #expect(result.stdout.contains("would feed 1 metric(s): minutesPlayed-version3.16.2"))
    #expect(!FileManager.default.fileExists(atPath: workspace.path(".stability/store.db")))
  }

  @Test func testQueryHintsAtTimeFormatWhenASpanIsEmpty() throws {
    let workspace = try workspace()
    let result = try CommandRunner.run(
      ["test-query", "MinsPlayedVersion3.16.2", "--since", "2020-01-01", "--until", "2020-01-02"],
      in: workspace.directory)
    #expect(result.status == 0)
    #expect(result.stdout.contains("hint: no rows in this span"))
    #expect(result.stdout.contains("time_format"))
  }
}
