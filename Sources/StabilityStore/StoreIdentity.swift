import Foundation
import StabilityCore
import StabilitySQLite

/// How a store file is told from any other file: SQLite's `application_id`
/// header field, set when the tool creates a store, and the schema version
/// (`PRAGMA user_version`). A store from before the id (schema version set,
/// the store's own tables present) is recognised by its tables and given the
/// id. Anything else — a source database, an empty file, another program's
/// SQLite file — is refused before a byte of it changes.
enum StoreIdentity {
  /// `STAB` in ASCII: the `application_id` of every store.
  static let applicationID: Int64 = 0x5354_4142

  /// Creates an empty store at `path` that already carries the id (and the
  /// 16 KiB pages a store keeps for life): made under a temporary name and
  /// linked into place, so a run killed while creating it leaves no file at
  /// `path` that the next run would refuse as foreign. A store another
  /// process linked first is kept.
  static func createEmpty(at path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    let prefix = (path as NSString).lastPathComponent + ".new-"
    // Leftovers of creators that were killed (their process is gone).
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    where entry.hasPrefix(prefix) {
      if let pid = Int32(entry.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0,
        errno == ESRCH
      {
        unlink((directory as NSString).appendingPathComponent(entry))
      }
    }
    let temporary = path + ".new-\(getpid())"
    unlink(temporary)
    defer { unlink(temporary) }
    do {
      let database = try SQLiteDatabase(path: temporary, mode: .readWriteCreate)
      try database.execute("PRAGMA page_size=16384; PRAGMA application_id = \(applicationID)")
    }
    guard link(temporary, path) == 0 || errno == EEXIST else {
      throw StoreError.unavailable(path: path, reason: String(cString: strerror(errno)))
    }
  }

  /// Throws `StoreError.foreign` when `path` is a folder (SQLite would say
  /// only "disk I/O error").
  static func requireNotFolder(_ path: String) throws {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
      throw StoreError.foreign(path: path, what: "a folder")
    }
  }

  /// A read-only connection could not read the file without a write SQLite
  /// needs first: rolling back the hot journal of a run killed mid-write.
  /// The read-write connection that recovers it checks the identity again.
  struct RecoveryNeeded: Error {}

  /// Throws `StoreError.foreign` unless the file `database` opened is a
  /// store. Reads only: nothing is written to a file that is refused.
  /// Throws `RecoveryNeeded` when reading needs a recovery first.
  static func requireStore(_ database: SQLiteDatabase, path: String) throws {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??
      .int64Value
    if size == 0 { throw StoreError.foreign(path: path, what: "an empty file") }
    let id: Int64
    let version: Int64
    let tables: [String]
    do {
      id = try database.scalarInteger("PRAGMA application_id") ?? 0
      version = try database.scalarInteger("PRAGMA user_version") ?? 0
      let statement = try database.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      var names: [String] = []
      while try statement.step() { names.append(statement.text(0) ?? "") }
      tables = names
    } catch let error as SQLiteError {
      if error.isReadOnly { throw RecoveryNeeded() }
      throw StoreError.foreign(path: path, what: "not an SQLite database (\(error.message))")
    }
    if id == applicationID { return }
    let storeTables: Set<String> = ["importers", "metric_buckets", "error_buckets", "run_log"]
    if id == 0, version > 0, storeTables.isSubset(of: tables) { return }
    let listed =
      tables.isEmpty ? "no tables" : Plural.noun(tables.count, "table") + " " + Plural.list(tables)
    throw StoreError.foreign(
      path: path,
      what: id == 0
        ? "an SQLite database of another program (\(listed))"
        : "an SQLite database of another program (application_id \(id), \(listed))")
  }
}
