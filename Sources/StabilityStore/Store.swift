import Foundation
import StabilitySQLite

/// The embedded SQLite store: hour buckets, importer state and the run log.
package final class Store {
  /// Absolute path of the store file.
  package let path: String
  let database: SQLiteDatabase
  var ids = StoreIDCache()
  /// What the running `replace` wrote so far (none outside one: no hour is known empty).
  var replacing = ReplacingRun(start: 0, end: 0)
  let statements: StoreStatements
  #if DEBUG
    /// Checks that one thread at a time is inside the store (the import's
    /// writer thread takes turns with the reader; nothing else shares it).
    let use = ExclusiveUse()
  #endif

  /// Opens the store at `path` for a command that only reads it (`report`,
  /// `check`, `status`): a missing file is an error (exit 3), never a new,
  /// empty store that would publish an empty site.
  package static func existing(path: String) throws -> Store {
    guard FileManager.default.fileExists(atPath: path) else {
      throw StoreError.missing(path: path)
    }
    return try Store(path: path)
  }

  /// Opens (creating when missing) the store at `path` and migrates its
  /// schema. An existing file must be a store (`StoreIdentity`): any other
  /// file is refused before anything is written to it.
  public init(path: String) throws {
    self.path = path
    let directory = (path as NSString).deletingLastPathComponent
    try StoreIdentity.requireNotFolder(path)
    let isNew = !FileManager.default.fileExists(atPath: path)
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
      if isNew { try StoreIdentity.createEmpty(at: path) }
      database = try SQLiteDatabase(path: path, mode: .readWrite)
      try StoreIdentity.requireStore(database, path: path)
      // New stores get 16 KiB pages: a large import's commit copies the WAL
      // into the file page by page, and larger pages take a quarter of the
      // system calls (a store keeps the page size it was created with).
      try database.execute(
        "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
          + "PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY;")
    } catch let error as StoreError {
      throw error
    } catch let error as SQLiteError {
      throw StoreError.unavailable(path: path, reason: error.message)
    } catch {
      throw StoreError.unavailable(path: path, reason: error.localizedDescription)
    }
    statements = StoreStatements(database: database)
    try migrate()
  }

  private func migrate() throws {
    try guarded {
      let version = try database.scalarInteger("PRAGMA user_version") ?? 0
      guard version <= StoreSchema.migrations.count else {
        throw StoreError.newerSchema(
          path: path, found: version, supported: StoreSchema.migrations.count)
      }
      for (index, migration) in StoreSchema.migrations.enumerated() where index >= version {
        try database.transaction {
          try database.execute(migration)
          try database.execute("PRAGMA user_version = \(index + 1)")
        }
      }
      // New stores, and stores made before the id was set, carry it from now on.
      if try database.scalarInteger("PRAGMA application_id") != StoreIdentity.applicationID {
        try database.execute("PRAGMA application_id = \(StoreIdentity.applicationID)")
      }
    }
  }

  /// The schema version this store is at.
  package func schemaVersion() throws -> Int64 {
    try guarded { try database.scalarInteger("PRAGMA user_version") ?? 0 }
  }

  /// Runs `body`, turning SQLite errors into `StoreError`.
  func guarded<T>(caller: StaticString = #function, _ body: () throws -> T) throws -> T {
    #if DEBUG
      use.enter(caller)
      defer { use.leave() }
    #endif
    do {
      return try body()
    } catch let error as SQLiteError {
      throw StoreError.sqlite(path: path, error)
    }
  }

  /// Runs `body` inside one read transaction, so every query sees the same
  /// snapshot even while an import commits (WAL).
  package func readSnapshot<T>(_ body: () throws -> T) throws -> T {
    try guarded { try database.execute("BEGIN DEFERRED") }
    defer { try? database.execute("COMMIT") }
    return try body()
  }

  /// Size of the store file plus its WAL, in bytes.
  package func sizeOnDisk() -> Int64 {
    [path, path + "-wal"].reduce(0) { total, file in
      let attributes = try? FileManager.default.attributesOfItem(atPath: file)
      return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
    }
  }

  // MARK: run log

  /// Appends an entry to the run log.
  package func appendRunLog(_ entry: RunLogEntry) throws {
    try guarded {
      let statement = try database.prepare(
        "INSERT INTO run_log(command, started_at, finished_at, exit_code, summary) VALUES (?,?,?,?,?)"
      )
      try statement.bind(
        .text(entry.command), .integer(entry.startedAt), .integer(entry.finishedAt),
        .integer(Int64(entry.exitCode)), .text(entry.summary))
      try statement.run()
    }
  }

  /// The newest `limit` run-log entries, newest first.
  package func runLog(limit: Int) throws -> [RunLogEntry] {
    try guarded {
      let statement = try database.prepare(
        "SELECT command, started_at, finished_at, exit_code, summary FROM run_log ORDER BY id DESC LIMIT ?"
      )
      try statement.bind(.integer(Int64(limit)))
      var entries: [RunLogEntry] = []
      while try statement.step() {
        entries.append(
          RunLogEntry(
            command: statement.text(0) ?? "", startedAt: statement.integer(1),
            finishedAt: statement.integer(2), exitCode: Int32(statement.integer(3)),
            summary: statement.text(4) ?? ""))
      }
      return entries
    }
  }
}
