import CSQLite
import StabilityCore

/// A prepared statement; bind, step, read, reset.
// The C handle is owned here and finalized in `deinit`; the statement
// holds its database, so the connection is open until then. Text read
// from a row is copied into a String at once.
package final class SQLiteStatement {
  let database: SQLiteDatabase
  package let handle: OpaquePointer

  init(database: SQLiteDatabase, handle: OpaquePointer) {
    self.database = database
    self.handle = handle
  }

  deinit { sqlite3_finalize(handle) }

  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  /// Binds `value` at the 1-based `index`.
  package func bind(_ value: SourceValue, at index: Int32) throws {
    let result: Int32
    switch value {
    case .null: result = sqlite3_bind_null(handle, index)
    case .integer(let number): result = sqlite3_bind_int64(handle, index, number)
    case .real(let number): result = sqlite3_bind_double(handle, index, number)
    case .text(let text): result = sqlite3_bind_text(handle, index, text, -1, Self.transient)
    }
    guard result == SQLITE_OK else {
      throw SQLiteError(code: result, message: database.lastMessage)
    }
  }

  /// Binds `values` to parameters 1, 2, ….
  package func bind(_ values: SourceValue...) throws {
    for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
  }

  /// Binds an integer at `index` (hot paths avoid the enum).
  package func bind(integer: Int64, at index: Int32) {
    sqlite3_bind_int64(handle, index, integer)
  }

  /// Binds a double at `index`.
  package func bind(real: Double, at index: Int32) {
    sqlite3_bind_double(handle, index, real)
  }

  /// The 1-based index of a named parameter such as `$1`, or nil when absent.
  package func parameterIndex(_ name: String) -> Int32? {
    let index = sqlite3_bind_parameter_index(handle, name)
    return index == 0 ? nil : index
  }

  /// Number of parameters in the statement.
  package var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

  /// Advances to the next row; false when done.
  @discardableResult
  package func step() throws -> Bool {
    let result = sqlite3_step(handle)
    switch result {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw SQLiteError(code: result, message: database.lastMessage)
    }
  }

  /// Resets for another execution and clears bindings.
  package func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  /// Runs a statement that returns no rows, then resets it.
  package func run() throws {
    defer { reset() }
    try step()
  }

  /// Number of result columns.
  package var columnCount: Int32 { sqlite3_column_count(handle) }

  /// The name of result column `index`.
  package func columnName(_ index: Int32) -> String {
    sqlite3_column_name(handle, index).map { String(cString: $0) } ?? "column\(index + 1)"
  }

  /// Column `index` of the current row as an integer.
  package func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

  /// Column `index` of the current row as a double.
  package func real(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }

  /// Whether column `index` of the current row is NULL.
  package func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

  /// Column `index` as text (nil when NULL); bytes are kept exactly.
  package func text(_ index: Int32) -> String? {
    guard let pointer = sqlite3_column_text(handle, index) else { return nil }
    let count = Int(sqlite3_column_bytes(handle, index))
    return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
  }

  /// Column `index` in its stored type.
  package func value(_ index: Int32) -> SourceValue {
    switch sqlite3_column_type(handle, index) {
    case SQLITE_INTEGER: return .integer(integer(index))
    case SQLITE_FLOAT: return .real(real(index))
    case SQLITE_NULL: return .null
    default: return text(index).map(SourceValue.text) ?? .null
    }
  }
}
