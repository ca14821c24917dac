import CSQLite
import CSupport
import StabilityCore
import StabilitySQLite

/// Result rows copied out of a statement into one byte buffer — each cell a
/// tag, then an 8-byte number or a length and its bytes — so a reading
/// thread can hand many rows over at once and keep stepping. The copying
/// is C (`stability_rows_append`): one call per row instead of several
/// SQLite calls and array appends per cell. Filled by one thread, then
/// handed to another that only reads it.
// Safe to send: filled by one thread, then handed over (through
// `PrefetchedRows`' lock) to another that only reads it; `rows` is owned
// here and freed in `deinit`, and rows are read only within `count`.
package final class RowChunk: @unchecked Sendable {
  private enum Tag: UInt8 {
    case null, integer, real, text, blob
  }

  let columns: Int
  /// Behind a pointer: a class's stored `var` is checked for exclusive
  /// access at run time on every use, and this one is used per row.
  private let rows = UnsafeMutablePointer<stability_rows>.allocate(capacity: 1)

  init(columns: Int) {
    self.columns = columns
    rows.initialize(to: stability_rows())
  }

  deinit {
    stability_rows_free(rows)
    rows.deallocate()
  }

  /// A chunk is handed over when it holds this many rows or bytes.
  static let rowLimit = 4096
  static let byteLimit = 1 << 18

  var rowCount: Int { columns == 0 ? 0 : rows.pointee.cell_count / columns }
  var isFull: Bool { rowCount >= Self.rowLimit || rows.pointee.byte_count >= Self.byteLimit }

  /// Copies the statement's current row.
  func append(_ statement: SQLiteStatement) throws {
    guard stability_rows_append(rows, statement.handle, Int32(columns)) == 0 else {
      throw SQLiteError(code: SQLITE_NOMEM, message: "out of memory copying a result row")
    }
  }

  /// Calls `body` with each row in order, read in place.
  func forEachRow(_ body: (ChunkRow) throws -> Void) rethrows {
    let storage = UnsafeRawBufferPointer(start: rows.pointee.bytes, count: rows.pointee.byte_count)
    let cells = UnsafeBufferPointer(start: rows.pointee.cells, count: rows.pointee.cell_count)
    for row in 0..<rowCount {
      try body(ChunkRow(storage: storage, cells: cells, first: row * columns))
    }
  }

  /// One row of a chunk, valid during the `forEachRow` call that lends it.
  package struct ChunkRow: SourceRow {
    let storage: UnsafeRawBufferPointer
    let cells: UnsafeBufferPointer<Int>
    let first: Int

    private func tag(_ column: Int) -> (Tag, Int) {
      let start = cells[first + column]
      return (Tag(rawValue: storage[start]) ?? .null, start + 1)
    }

    private func word(at offset: Int) -> UInt64 {
      UInt64(littleEndian: storage.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    private func bytes(at offset: Int) -> UnsafeBufferPointer<UInt8> {
      let count = Int(word(at: offset))
      let text = UnsafeRawBufferPointer(rebasing: storage[(offset + 8)..<(offset + 8 + count)])
      return text.bindMemory(to: UInt8.self)
    }

    package func value(_ column: Int) -> SourceValue {
      let (tag, offset) = tag(column)
      switch tag {
      case .null: return .null
      case .integer: return .integer(Int64(bitPattern: word(at: offset)))
      case .real: return .real(Double(bitPattern: word(at: offset)))
      case .text, .blob: return .text(String(decoding: bytes(at: offset), as: UTF8.self))
      }
    }

    package func withTextBytes<Result>(
      _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
      let (tag, offset) = tag(column)
      // A blob's bytes are checked and keyed as text: a blob that is not
      // UTF-8 is rejected like such text, never decoded with U+FFFD.
      return tag == .text || tag == .blob ? body(bytes(at: offset)) : nil
    }
  }
}
