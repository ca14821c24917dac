import Foundation
import StabilityTestSupport
import Testing

/// Issue 31.5: a store is recognised by its SQLite `application_id` and
/// schema version; any other file named as `--store` is refused (exit 3) and
/// left byte-identical, and no command that only reads creates a store.
@Suite struct ForeignStoreTests {
  static let commands: [[String]] = [
    ["run"], ["import"], ["report"], ["status"], ["prune"],
    ["check", "--group", "sessions", "--version", "3.16.2", "--min-stability", "90"],
  ]

  func workspace() throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", ReportCommandsTests.config)
    try workspace.sqlite("game.db", ReportCommandsTests.data)
    try workspace.write("empty.db", "")
    try workspace.write("notes.txt", "not a database, and longer than a header would be")
    try workspace.write("notes/index.md", "A folder named as the store.")
    // Another program's SQLite file with a schema version of its own.
    try workspace.sqlite("other.db", "CREATE TABLE users(id); PRAGMA user_version = 3;")
    return workspace
  }

  @Test(arguments: commands)
  func aFileThatIsNotAStoreIsRefusedAndLeftAlone(command: [String]) throws {
    let workspace = try workspace()
    let expected = [
      "game.db":
        "an SQLite database of another program (tables crashes, metric_table and sessions)",
      "empty.db": "an empty file",
      "notes.txt": "not an SQLite database",
      "other.db": "an SQLite database of another program (table users)",
      "notes": "a folder",
    ]
    for (file, what) in expected.sorted(by: { $0.key < $1.key }) {
      let before = try workspace.files()
      let result = try CommandRunner.run(
        command + ["--store", file], in: workspace.directory)
      #expect(result.status == 3, "\(command) --store \(file): \(result.stderr)")
      #expect(
        result.stderr.contains(
          "refusing to use \(workspace.path(file)) as the store: it is \(what)"),
        "\(result.stderr)")
      let after = try workspace.files()
      // Byte-identical, and no lock file left beside it.
      #expect(after == before, "\(command) \(file)")
      #expect(!FileManager.default.fileExists(atPath: workspace.path("site")))
    }
  }

  @Test func aStoreFromBeforeTheIdentityIsRecognisedAndGivenIt() throws {
    let workspace = try workspace()
    let imported = try CommandRunner.run(["import"], in: workspace.directory)
    try #require(imported.status == 0, "\(imported.stderr)")
    let store = workspace.path(".stability/store.db")
    #expect(try StoreInspector(path: store).integer("PRAGMA application_id") == 0x5354_4142)
    try workspace.sqlite(".stability/store.db", "PRAGMA application_id = 0")
    #expect(try StoreInspector(path: store).integer("PRAGMA application_id") == 0)
    let status = try CommandRunner.run(["status"], in: workspace.directory)
    #expect(status.status == 0, "\(status.stderr)")
    #expect(try StoreInspector(path: store).integer("PRAGMA application_id") == 0x5354_4142)
  }
}
