import Foundation
import StabilityReport
import StabilitySQLite
import StabilitySources
import StabilityTestSupport
import Testing

/// The command line as a new user first meets it: the version, a misspelt
/// command, and a config whose notify secret is missing.
@Suite struct CommandLineTests {
  @Test func versionNamesTheBuildAndTheLibrariesItLinks() throws {
    let workspace = try TestWorkspace()
    let flag = try CommandRunner.run(["--version"], in: workspace.directory)
    let command = try CommandRunner.run(["version"], in: workspace.directory)
    #expect(flag.status == 0 && command.status == 0)
    #expect(flag.stdout == command.stdout)
    let line = flag.stdout.trimmingCharacters(in: .newlines)
    #expect(
      line
        == "stability 0.1.0 (SQLite \(SQLiteDatabase.libraryVersion), libpq \(libpqVersion), "
        + "cmark \(MarkdownRenderer.libraryVersion))")
    // Real version numbers, not placeholders: SQLite 3.x.y, libpq NN.N, cmark 0.x.y.
    #expect(line.contains(/SQLite 3\.\d+\.\d+, libpq \d+\.\d+, cmark \d+\.\d+\.\d+\)$/))
  }

  @Test(arguments: [
    (["rnu"], "`rnu` is not a stability command; did you mean `run`?"),
    (["help", "rnu"], "`rnu` is not a stability command; did you mean `run`?"),
    (["help", "foo"], "`foo` is not a stability command."),
    (
      ["valdate", "--config", "x.yaml"],
      "`valdate` is not a stability command; did you mean `validate`?"
    ),
  ])
  func aMisspeltCommandIsAUsageErrorNamingTheClosest(arguments: [String], message: String) throws {
    let workspace = try TestWorkspace()
    let result = try CommandRunner.run(arguments, in: workspace.directory)
    #expect(result.status == 2)
    #expect(result.stderr.contains("error: " + message), "\(result.stderr)")
    #expect(result.stderr.contains("Commands: validate, import,"))
    #expect(result.stdout.isEmpty)
  }

  @Test func helpForAKnownCommandStillWorks() throws {
    let workspace = try TestWorkspace()
    let result = try CommandRunner.run(["help", "check"], in: workspace.directory)
    #expect(result.status == 0)
    // The gate's window ends now; the help says so (issue 32).
    #expect(result.stdout.contains("report.end for report; now for check"), "\(result.stdout)")
  }

  @Test func validateRefusesANotifyEntryWhoseURLVariableIsUnset() throws {
    let workspace = try TestWorkspace()
    let variable = "STABILITY_TEST_HOOK_\(UInt32.random(in: 0...UInt32.max))"
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      sources: [{name: db, type: sqlite, path: app.db}]
      metric_groups: [{id: sessions, kind: count, attributes: [{name: version}]}]
      notify:
        - {name: release-channel, type: slack, url_env: \(variable)}
      """)
    let unset = try CommandRunner.run(["validate"], in: workspace.directory)
    #expect(unset.status == 2)
    #expect(
      unset.stderr.contains(
        "stability.yaml: notify `release-channel`: environment variable \(variable) (url_env) "
          + "is not set"), "\(unset.stderr)")
    #expect(!unset.stdout.contains(": ok"))
    let set = try CommandRunner.run(
      ["validate"], in: workspace.directory,
      environment: [variable: "https://hooks.example/T000/B000/XXXX"])
    #expect(set.status == 0, "\(set.stderr)")
    #expect(set.stdout.contains("stability.yaml: ok"))
    #expect(!set.stdout.contains("hooks.example") && !set.stderr.contains("hooks.example"))
  }

  /// Issue 32: `Android`, `ANDROID` and `android` stay three values (bytes
  /// decide), but run, status and the pages say they differ only in case
  /// and how to merge them in the query — once per attribute.
  @Test func valuesThatDifferOnlyInCaseAreNamedOncePerAttribute() throws {
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      sources: [{name: db, type: sqlite, path: app.db}]
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version}, {name: platform}]}
      importers:
        - name: sessions
          source: db
          group: sessions
          history: 2d
          query: select time, version, platform, value from sessions where time >= $1 and time < $2
      report: {end: now}
      """)
    try workspace.sqlite(
      "app.db",
      """
      CREATE TABLE sessions(time TEXT, version TEXT, platform TEXT, value INTEGER);
      INSERT INTO sessions SELECT strftime('%Y-%m-%dT%H:00:00Z', 'now', '-3 hours'), '1.0', p, 100
        FROM (SELECT 'Android' AS p UNION ALL SELECT 'ANDROID' UNION ALL SELECT 'android'
              UNION ALL SELECT 'ios' UNION ALL SELECT 'iOS');
      """)
    let run = try CommandRunner.run(["run"], in: workspace.directory)
    #expect(run.status == 0, "\(run.stderr)")
    let warnings = run.stderr.split(separator: "\n").filter { $0.contains("differ only in case") }
    #expect(warnings.count == 1, "\(run.stderr)")
    #expect(
      run.stderr.contains(
        "warning: spelling: attribute `platform` has values that differ only in case (`ANDROID`, "
          + "`Android` and `android`; `iOS` and `ios`): they are counted as different values. "
          + "If they are one, normalize them in the importer's query, e.g. "
          + "`lower(platform) as platform`."), "\(run.stderr)")
    let status = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(status.stdout.contains("values that differ only in case:\n  attribute `platform`"))
    let index = try String(contentsOfFile: workspace.path("site/index.html"), encoding: .utf8)
    #expect(index.contains("<h3>Notices</h3>"))
    #expect(index.contains("<code>lower(platform) as platform</code>"))
    // Still five values: bytes decide what a value is.
    let scores = try String(contentsOfFile: workspace.path("site/scores.json"), encoding: .utf8)
    for value in ["Android", "ANDROID", "android", "ios", "iOS"] {
      #expect(scores.contains("\"value\": \"\(value)\""), "\(value)")
    }
  }

  /// Issue 32: shell completion offers the config's own names. Asked the
  /// way the generated bash script asks (`---completion`), with the words
  /// typed so far.
  @Test func completionOffersTheConfigsNames() throws {
    let workspace = try TestWorkspace()
    try workspace.write(
      "ops/app.yaml",
      """
      version: 1
      sources: [{name: db, type: sqlite, path: app.db}]
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version}]}
        - {id: minutes, kind: amount, attributes: [{name: version}]}
      importers:
        - {name: sessions-hourly, source: db, group: sessions, query: "select 1 as value, $1 as time where $1 < $2"}
        - {name: minutes-hourly, source: db, group: minutes, query: "select 1 as value, $1 as time where $1 < $2"}
      notify:
        - {name: release-channel, type: slack, url_env: HOOK}
      """)
    func complete(_ words: [String], kind: [String]) throws -> [String] {
      let index = String(words.count - 1)
      let cursor = String(words.last?.count ?? 0)
      let result = try CommandRunner.run(
        ["---completion"] + kind + [index, cursor] + words, in: workspace.directory)
      #expect(result.status == 0, "\(result.stderr)")
      return result.stdout.split(separator: "\n").map(String.init)
    }
    #expect(
      try complete(
        ["stability", "import", "--config", "ops/app.yaml", ""],
        kind: ["import", "--", "positional@0"]) == ["sessions-hourly", "minutes-hourly"])
    #expect(
      try complete(
        ["stability", "check", "--config", "ops/app.yaml", "--group", "m"],
        kind: ["check", "--", "--group"]) == ["minutes"])
    #expect(
      try complete(
        ["stability", "notify", "--config", "ops/app.yaml", "--test", ""],
        kind: ["notify", "--", "--test"]) == ["release-channel"])
    // No config where the words point: nothing to offer, and no error.
    #expect(
      try complete(["stability", "import", ""], kind: ["import", "--", "positional@0"]) == [])
  }
}
