import Foundation
import StabilitySQLite
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

  /// A run killed in the middle of a write leaves a hot journal beside the
  /// store; the lock's read-only look at the file cannot roll it back. The
  /// next run recovers the store instead of calling it foreign (a crash
  /// test found "refusing to use … as the store: … attempt to write a
  /// readonly database"). The killed state is made by copying the store and
  /// its journal in the middle of a write transaction.
  @Test func aStoreLeftWithAHotJournalIsRecoveredNotRefused() throws {
    let workspace = try workspace()
    let imported = try CommandRunner.run(
      ["import", "--since", "2026-11-19", "--until", "2026-11-27"], in: workspace.directory)
    try #require(imported.status == 0, "\(imported.stderr)")
    let store = workspace.path(".stability/store.db")
    let killed = workspace.path("killed.db")
    do {
      let database = try SQLiteDatabase(path: store, mode: .readWrite)
      // Enough pages that the transaction spills to the file, as a large
      // import's does.
      try database.execute(
        """
        PRAGMA journal_mode=DELETE;
        CREATE TABLE padding(x);
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
        INSERT INTO padding SELECT randomblob(100) FROM n;
        PRAGMA cache_size=1; BEGIN; DELETE FROM padding;
        """)
      // The write spilled to the file and its journal: copy both as a kill would leave them.
      try FileManager.default.copyItem(atPath: store, toPath: killed)
      try FileManager.default.copyItem(atPath: store + "-journal", toPath: killed + "-journal")
      try database.execute("ROLLBACK")
    }
    // `import` takes the store's lock, which looks at the file read-only first.
    let again = try CommandRunner.run(
      ["import", "--store", "killed.db", "--since", "2026-11-19", "--until", "2026-11-27"],
      in: workspace.directory)
    #expect(again.status == 0, "\(again.stderr)")
    #expect(!FileManager.default.fileExists(atPath: killed + "-journal"))
  }
}
