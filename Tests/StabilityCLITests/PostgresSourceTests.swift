import Foundation
import StabilityCore
import StabilitySQLite
import StabilityStore
import StabilityTestSupport
import Testing

/// `type: postgres` against the real PostgreSQL 15 that `make test` starts.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct PostgresSourceTests {
  /// The golden dataset of `ReportCommandsTests`, copied row for row into
  /// PostgreSQL with three kinds of time column: timestamptz (sessions),
  /// timestamp without time zone (crashes) and bigint epoch seconds (minutes).
  func loadGoldenData(into database: String, from workspace: TestWorkspace) throws {
    try PostgresTestServer.psql(
      """
      CREATE TABLE sessions(started_at timestamptz, version text, platform text);
      CREATE TABLE crashes(time timestamp, fingerprint text, version text, session_id text);
      CREATE TABLE metric_table(version text, mins_played double precision, time bigint);
      """, database: database)
    let source = try SQLiteDatabase(path: workspace.path("game.db"), mode: .readOnly)
    var inserts: [String] = []
    for (table, select) in [
      ("sessions", "SELECT started_at, version, platform FROM sessions"),
      ("crashes", "SELECT time, fingerprint, version, session_id FROM crashes"),
      (
        "metric_table",
        "SELECT version, mins_played, CAST(strftime('%s', time) AS INTEGER) FROM metric_table"
      ),
    ] {
      let statement = try source.prepare(select)
      while try statement.step() {
        let values = (0..<statement.columnCount).map { column -> String in
          switch statement.value(column) {
          case .null: return "NULL"
          case .integer(let number): return String(number)
          case .real(let number): return String(number)
          case .text(let text): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
          }
        }
        inserts.append("INSERT INTO \(table) VALUES (\(values.joined(separator: ", ")));")
      }
    }
    try PostgresTestServer.psql(inserts.joined(separator: "\n"), database: database)
  }

  static func postgresConfig() -> String {
    ReportCommandsTests.config
      .replacingOccurrences(
        of: "  - {name: game-db, type: sqlite, path: game.db}",
        with:
          "  - {name: game-db, type: postgres, url: \"${TEST_PG_URL}\", password_env: TEST_PG_PASSWORD}"
      )
      .replacingOccurrences(
        of: "and time >= $1 and time < $2\n",
        with: "and time >= $1 and time < $2\n    time_format: unix\n"
      )
      .replacingOccurrences(
        of: "strftime('%Y-%m-%dT%H:00:00Z', started_at)", with: "date_trunc('hour', started_at)"
      )
      .replacingOccurrences(
        of: "strftime('%Y-%m-%dT%H:00:00Z', time)", with: "date_trunc('hour', time)")
  }

  func environment(_ database: String) -> [String: String] {
    [
      "TEST_PG_URL": PostgresTestServer.url(database: database),
      "TEST_PG_PASSWORD": PostgresTestServer.password, "SOURCE_DATE_EPOCH": "1795737600",
    ]
  }

  @Test func theSameDataInSQLiteAndPostgreSQLGivesByteIdenticalScores() throws {
    let sqlite = try ReportCommandsTests().importedWorkspace()
    let report = ReportCommandsTests.reportArguments
    let sqliteRun = try CommandRunner.run(
      report, in: sqlite.directory, environment: ReportCommandsTests.pinned)
    try #require(sqliteRun.status == 0)

    let database = try PostgresTestServer.createDatabase()
    try loadGoldenData(into: database, from: sqlite)
    let postgres = try TestWorkspace()
    try postgres.write("stability.yaml", Self.postgresConfig())
    #expect(Self.postgresConfig().contains("time_format: unix"))
    let imported = try CommandRunner.run(
      ["import", "--since", "2026-11-19", "--until", "2026-11-27"], in: postgres.directory,
      environment: environment(database))
    #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
    let postgresRun = try CommandRunner.run(
      report, in: postgres.directory, environment: environment(database))
    #expect(postgresRun.status == 0, "\(postgresRun.stderr)")
    let expected = try String(contentsOfFile: sqlite.path("site/scores.json"), encoding: .utf8)
    let actual = try String(contentsOfFile: postgres.path("site/scores.json"), encoding: .utf8)
    #expect(actual == expected)
  }

  func failingImport(
    _ config: String, database: String, extra: [String: String] = [:], arguments: [String] = []
  ) throws
    -> (CommandResult, TestWorkspace)
  {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", config)
    let result = try CommandRunner.run(
      ["import"] + arguments, in: workspace.directory,
      environment: environment(database).merging(extra) { $1 })
    return (result, workspace)
  }

  static func singleImporterConfig(
    url: String = "${TEST_PG_URL}", query: String, extraSource: String = ""
  )
    -> String
  {
    """
    version: 1
    sources:
      - {name: warehouse, type: postgres, url: "\(url)", password_env: TEST_PG_PASSWORD\(extraSource)}
    metric_groups:
      - {id: sessions, kind: count, attributes: [{name: version}]}
    importers:
      - name: sessions
        source: warehouse
        group: sessions
        query: "\(query)"
    """
  }

  static let goodQuery =
    "select count(*) as value, date_trunc('hour', started_at) as time from sessions where started_at >= $1 and started_at < $2 group by 2"

  @Test(arguments: [
    (
      "closed port", "postgresql://postgres@127.0.0.1:1/postgres", goodQuery, 3,
      "Connection refused"
    ),
    ("missing database", "${TEST_PG_URL}_missing", goodQuery, 3, "does not exist"),
    (
      "syntax error", "${TEST_PG_URL}",
      "selec 1 as value, now() as time where $1::text <> $2::text", 1, "syntax error at or near"
    ),
    (
      "unknown table", "${TEST_PG_URL}",
      "select 1 as value, t as time from nowhere where t >= $1 and t < $2", 1,
      "relation \"nowhere\" does not exist"
    ),
    (
      "time_format mismatch", "${TEST_PG_URL}",
      "select 1 as value, e as time from epochs where e >= $1 and e < $2", 1, "time_format"
    ),
  ])
  func failuresNameTheImporterAndSourceAndStoreNothing(
    name: String, url: String, query: String, status: Int32, message: String
  ) throws {
    let database = try PostgresTestServer.createDatabase()
    try PostgresTestServer.psql(
      "CREATE TABLE sessions(started_at timestamptz); CREATE TABLE epochs(e bigint);",
      database: database)
    let (result, workspace) = try failingImport(
      Self.singleImporterConfig(url: url, query: query), database: database)
    #expect(result.status == status, "\(name): \(result.stderr)")
    #expect(result.stderr.contains("importer `sessions` (source `warehouse`)"), "\(name)")
    #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
    #expect(!result.stderr.contains(PostgresTestServer.password), "\(name) leaked the password")
    let store = try Store(path: workspace.path(".stability/store.db"))
    #expect(try store.state(of: "sessions")?.watermark == nil)
    #expect(try StoreInspector(path: workspace.path(".stability/store.db")).metricTotals().isEmpty)
  }

  /// A query that returns one timestamptz column and filters on another
  /// (crash time vs arrival time): the rows outside the span are PostgreSQL
  /// timestamps, which compare as time whatever time_format says — so the
  /// message says to filter the column it returns, never SQLite's
  /// `datetime()` or `time_format: sql` (issue 29).
  @Test func filteringOnAnotherTimestampColumnSaysSoNotATimeFormat() throws {
    let database = try PostgresTestServer.createDatabase()
    try PostgresTestServer.psql(
      """
      CREATE TABLE crashes(occurred_at timestamptz, received_at timestamptz);
      INSERT INTO crashes VALUES (now() - interval '3 days', now() - interval '1 hour');
      """, database: database)
    let (result, _) = try failingImport(
      Self.singleImporterConfig(
        query:
          "select 1 as value, occurred_at as time from crashes where received_at >= $1 and received_at < $2"
      ), database: database,
      arguments: ["--since", UTCTime.iso8601(Int64(Date().timeIntervalSince1970) - 86_400)])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("a filter on another column"), "\(result.stderr)")
    #expect(result.stderr.contains("Make the query filter the same column it returns"))
    #expect(!result.stderr.contains("datetime()") && !result.stderr.contains("time_format: sql"))
  }

  @Test func wrongPasswordFailsWithoutShowingIt() throws {
    let database = try PostgresTestServer.createDatabase()
    let (result, _) = try failingImport(
      Self.singleImporterConfig(query: Self.goodQuery), database: database,
      extra: ["TEST_PG_PASSWORD": "not-the-password-4711"])
    #expect(result.status == 3)
    #expect(result.stderr.contains("password authentication failed"))
    #expect(!result.stderr.contains("not-the-password-4711"))
  }

  @Test func permissionDeniedIsAQueryError() throws {
    let database = try PostgresTestServer.createDatabase()
    let role = "reader_\(database)"
    try PostgresTestServer.psql(
      """
      CREATE TABLE sessions(started_at timestamptz);
      CREATE ROLE \(role) LOGIN PASSWORD 'reader-secret-99';
      REVOKE ALL ON sessions FROM PUBLIC;
      """, database: database)
    let url = PostgresTestServer.url(database: database).replacingOccurrences(
      of: "//postgres@", with: "//\(role)@")
    let (result, _) = try failingImport(
      Self.singleImporterConfig(url: url, query: Self.goodQuery), database: database,
      extra: ["TEST_PG_PASSWORD": "reader-secret-99"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("permission denied for table sessions"))
    #expect(!result.stderr.contains("reader-secret-99"))
  }

  @Test func statementTimeoutStopsASlowQuery() throws {
    let database = try PostgresTestServer.createDatabase()
    let (result, _) = try failingImport(
      Self.singleImporterConfig(
        query: "select 1 as value, $1::timestamptz as time from pg_sleep(5) where $2::text <> ''",
        extraSource: ", statement_timeout: 1s"), database: database)
    #expect(result.status == 1)
    #expect(result.stderr.contains("statement timeout"))
    #expect(result.stderr.contains("SQLSTATE 57014"))
  }

  @Test func aQueryUsingDollarThreeIsAQueryErrorNamingTheImporter() throws {
    let database = try PostgresTestServer.createDatabase()
    try PostgresTestServer.psql(
      "CREATE TABLE sessions(started_at timestamptz, version text);", database: database)
    let query =
      "select count(*) as value, date_trunc('hour', started_at) as time from sessions where started_at >= $1 and started_at < $2 and version = $3 group by 2"
    let (result, workspace) = try failingImport(
      Self.singleImporterConfig(query: query), database: database)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("importer `sessions` (source `warehouse`)"))
    #expect(result.stderr.contains("only $1 (the span's start) and $2 (its end) are bound"))
    #expect(!result.stderr.contains("connection lost"))
    #expect(
      try Store(path: workspace.path(".stability/store.db")).state(of: "sessions")?.watermark == nil
    )
  }

  @Test func twoColumnsNamedAlikeAreAnErrorNamingThem() throws {
    let database = try PostgresTestServer.createDatabase()
    try PostgresTestServer.psql(
      """
      CREATE TABLE sessions(started_at timestamptz, version text);
      INSERT INTO sessions VALUES ('2026-11-21 10:00:00+00', '3.16.2');
      """, database: database)
    let query =
      "select count(*) as value, count(*) as value, date_trunc('hour', started_at) as time from sessions where started_at >= $1 and started_at < $2 group by 3"
    let (result, _) = try failingImport(
      Self.singleImporterConfig(query: query), database: database,
      arguments: ["--since", "2026-11-21", "--until", "2026-11-22"])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("more than one column named `value`"))
  }

  @Test func aConnectionLostMidStreamFailsCleanly() throws {
    let database = try PostgresTestServer.createDatabase()
    let query =
      "select 1 as value, $1::timestamptz as time from generate_series(1, 20) g where pg_sleep(0.2) is not null and $2::text <> ''"
    // Waits until the import's query has streamed for 0.5 s — two of its
    // rows, one per 0.2 s, have gone out (the condition, not a guessed
    // delay) — then ends its connection; up to 20 s of polling.
    let killer = Thread {
      for _ in 0..<200 {
        let ended = try? PostgresTestServer.psql(
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = "
            + "'stability' AND datname = '\(database)' AND state = 'active' AND query LIKE '%pg_sleep%' "
            + "AND now() - query_start > interval '0.5 seconds'"
        )
        if let ended, (Int(ended.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0 {
          return
        }
        Thread.sleep(forTimeInterval: 0.1)
      }
    }
    killer.start()
    let (result, workspace) = try failingImport(
      Self.singleImporterConfig(query: query), database: database)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("connection lost"))
    #expect(
      try Store(path: workspace.path(".stability/store.db")).state(of: "sessions")?.watermark == nil
    )
  }

  @Test func numericAndTimeColumnTypesAreRead() throws {
    let database = try PostgresTestServer.createDatabase()
    try PostgresTestServer.psql(
      """
      CREATE TABLE typed(d date, small smallint, regular integer, big bigint, exact numeric(10, 2),
        single real, double double precision, version text);
      INSERT INTO typed VALUES
        ('2026-11-21', 1, 10, 100, 1000.25, 0.5, 0.25, '3.16.2'),
        ('2026-11-21', 2, 20, 200, 2000.50, 1.5, 0.75, NULL),
        ('2026-11-21', NULL, NULL, NULL, NULL, NULL, NULL, '3.16.2');
      """, database: database)
    let columns = ["small", "regular", "big", "exact", "single", "double"]
    let importers = columns.map { column in
      """
        - name: \(column)
          source: warehouse
          group: sessions
          query: "select \(column) as value, d as time, version from typed where d >= $1::date and d < $2::date"
          max_rejected: 100%
      """
    }.joined(separator: "\n")
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      sources:
        - {name: warehouse, type: postgres, url: "${TEST_PG_URL}", password_env: TEST_PG_PASSWORD}
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version}]}
      importers:
      \(importers)
      """)
    let result = try CommandRunner.run(
      ["import", "--since", "2026-11-20", "--until", "2026-11-23"], in: workspace.directory,
      environment: environment(database))
    #expect(result.status == 0, "\(result.stderr)")
    // Each importer: 2 good rows (the NULL value is rejected and counted;
    // max_rejected lets one of three through).
    for column in columns {
      #expect(result.stdout.contains("\(column): imported"), "\(column)")
    }
    #expect(
      result.stdout.components(separatedBy: "3 rows read, 2 stored, 1 rejected").count == columns
        .count + 1)
    #expect(result.stdout.contains("rejected 1: value is null"))
    let totals = try StoreInspector(path: workspace.path(".stability/store.db")).metricBuckets()
    // Six importers feed the same two metrics; their sums add up across importers.
    #expect(
      totals["sessions-version3.16.2@2026-11-21T00:00:00Z"] == 1 + 10 + 100 + 1000.25 + 0.5 + 0.25)
    #expect(
      totals["sessions-versionunknown@2026-11-21T00:00:00Z"] == 2 + 20 + 200 + 2000.5 + 1.5 + 0.75)
  }

  @Test func testQueryDescribesColumnsBeforeRunning() throws {
    let database = try PostgresTestServer.createDatabase()
    try PostgresTestServer.psql(
      "CREATE TABLE sessions(started_at timestamptz); INSERT INTO sessions VALUES (now() - interval '2 hours');",
      database: database)
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", Self.singleImporterConfig(query: Self.goodQuery))
    let result = try CommandRunner.run(
      ["test-query", "sessions"], in: workspace.directory, environment: environment(database))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("described by the server before running: value, time"))
    #expect(result.stdout.contains("1 row read, 1 accepted, 0 rejected"))
  }
}

/// `type: redshift` is the same client with Redshift's defaults (port 5439,
/// sslmode=require); the URL overrides them, so it can be tested against PostgreSQL.
@Suite(.enabled(if: PostgresTestServer.isAvailable, PostgresTestServer.skipReason))
struct RedshiftSourceTests {
  @Test func redshiftSourceImportsThroughTheSameProtocol() throws {
    let database = try PostgresTestServer.createDatabase()
    try PostgresTestServer.psql(
      """
      CREATE TABLE sessions(started_at timestamp, version varchar(32));
      INSERT INTO sessions VALUES ('2026-11-21 10:15:00', '3.16.2'), ('2026-11-21 10:45:00', NULL);
      """, database: database)
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      sources:
        - {name: redshift, type: redshift, url: "${TEST_PG_URL}?sslmode=disable", password_env: TEST_PG_PASSWORD}
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version}]}
      importers:
        - name: sessions
          source: redshift
          group: sessions
          time_format: sql
          query: "select count(*) as value, date_trunc('hour', started_at) as time, version from sessions where started_at >= $1 and started_at < $2 group by 2, 3"
      """)
    let result = try CommandRunner.run(
      ["import", "--since", "2026-11-21", "--until", "2026-11-22"], in: workspace.directory,
      environment: [
        "TEST_PG_URL": PostgresTestServer.url(database: database),
        "TEST_PG_PASSWORD": PostgresTestServer.password,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      try StoreInspector(path: workspace.path(".stability/store.db")).metricTotals() == [
        "sessions-version3.16.2": 1, "sessions-versionunknown": 1,
      ])
  }
}
