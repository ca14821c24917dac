import CSQLite
import CSupport

/// An error from SQLite with its result code and message.
package struct SQLiteError: Error, CustomStringConvertible, Sendable {
  /// The extended result code.
  let code: Int32
  /// SQLite's own message.
  package let message: String

  /// An error with SQLite result `code` and `message`.
  package init(code: Int32, message: String) {
    self.code = code
    self.message = message
  }

  public var description: String { message }

  /// Whether a write was needed that a read-only connection cannot make —
  /// e.g. rolling back the hot journal of a run that was killed.
  package var isReadOnly: Bool { code & 0xFF == SQLITE_READONLY }

  /// Whether the database file is busy or locked by another connection.
  package var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
}

/// One connection to an SQLite file: the store, or a user's source database.
// The C handle is owned here: opened in `init`, closed in `deinit`, used
// by one thread at a time (the store's lock and its writer's turns).
package final class SQLiteDatabase {
  let handle: OpaquePointer

  /// How the file is opened.
  package enum Mode {
    /// Read-only, never creating the file (sources).
    case readOnly
    /// Read-write, creating the file when missing (a new store, test data).
    case readWriteCreate
    /// Read-write, never creating the file (an existing store).
    case readWrite
  }

  /// SQLite configured once, before the first connection (see `stability_sqlite_configure`).
  private static let configured: Int32 = stability_sqlite_configure()

  /// Opens `path`; throws `SQLiteError` when it cannot be opened.
  public init(path: String, mode: Mode) throws {
    _ = Self.configured
    var pointer: OpaquePointer?
    let flags: Int32 =
      switch mode {
      case .readOnly: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
      case .readWriteCreate: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
      case .readWrite: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
      }
    let result = sqlite3_open_v2(path, &pointer, flags, nil)
    guard result == SQLITE_OK, let pointer else {
      let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close(pointer)
      throw SQLiteError(code: result, message: message)
    }
    handle = pointer
    sqlite3_extended_result_codes(handle, 1)
    sqlite3_busy_timeout(handle, 5000)
  }

  deinit { sqlite3_close_v2(handle) }

  /// Runs one or more statements that return no rows.
  package func execute(_ sql: String) throws {
    var errorMessage: UnsafeMutablePointer<CChar>?
    let result = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
    if result != SQLITE_OK {
      let message = errorMessage.map { String(cString: $0) } ?? lastMessage
      sqlite3_free(errorMessage)
      throw SQLiteError(code: result, message: message)
    }
  }

  /// Compiles `sql` once for repeated use.
  package func prepare(_ sql: String) throws -> SQLiteStatement {
    var statement: OpaquePointer?
    let result = sqlite3_prepare_v3(
      handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
    guard result == SQLITE_OK, let statement else {
      throw SQLiteError(code: result, message: lastMessage)
    }
    return SQLiteStatement(database: self, handle: statement)
  }

  /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back when it throws.
  package func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let value = try body()
      try execute("COMMIT")
      return value
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// The rowid of the last inserted row.
  package var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

  /// Makes a statement running on another thread stop with SQLITE_INTERRUPT.
  package func interrupt() { sqlite3_interrupt(handle) }

  /// Rows changed by the last INSERT, UPDATE or DELETE.
  package var changes: Int { Int(sqlite3_changes(handle)) }

  var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

  /// Runs a query and returns the first column of the first row, if any.
  package func scalarInteger(_ sql: String) throws -> Int64? {
    let statement = try prepare(sql)
    return try statement.step() ? statement.integer(0) : nil
  }
}

extension SQLiteDatabase {
  /// The linked SQLite's version, e.g. `3.40.1`.
  package static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
