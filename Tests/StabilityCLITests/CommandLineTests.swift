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
}
