import CSQLite

/// Result rows copied out of a statement into one byte buffer — each cell a
/// tag, then an 8-byte number or a length and its bytes — so a reading
/// thread can hand many rows over at once and keep stepping.
struct RowChunk: Sendable {
  private enum Tag: UInt8 {
    case null, integer, real, text, blob
  }

  let columns: Int
  private(set) var bytes: [UInt8] = []
  /// Start of each cell in `bytes`, row by row.
  private(set) var cells: [Int] = []

  init(columns: Int) {
    self.columns = columns
    bytes.reserveCapacity(Self.byteLimit + 4096)
    cells.reserveCapacity(Self.rowLimit * columns)
  }

  /// A chunk is handed over when it holds this many rows or bytes.
  static let rowLimit = 4096
  static let byteLimit = 1 << 18

  var rowCount: Int { columns == 0 ? 0 : cells.count / columns }
  var isFull: Bool { rowCount >= Self.rowLimit || bytes.count >= Self.byteLimit }

  /// Copies the statement's current row.
  mutating func append(_ statement: SQLiteStatement) {
    for column in 0..<Int32(columns) {
      cells.append(bytes.count)
      switch sqlite3_column_type(statement.handle, column) {
      case SQLITE_NULL: bytes.append(Tag.null.rawValue)
      case SQLITE_INTEGER:
        bytes.append(Tag.integer.rawValue)
        appendWord(UInt64(bitPattern: statement.integer(column)))
      case SQLITE_FLOAT:
        bytes.append(Tag.real.rawValue)
        appendWord(statement.real(column).bitPattern)
      case let type:
        // Text, or a blob read as text (what `SQLiteStatement.value` does).
        guard let text = sqlite3_column_text(statement.handle, column) else {
          bytes.append(Tag.null.rawValue)
          continue
        }
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        bytes.append(type == SQLITE_TEXT ? Tag.text.rawValue : Tag.blob.rawValue)
        appendWord(UInt64(count))
        bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: count))
      }
    }
  }

  private mutating func appendWord(_ word: UInt64) {
    withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
  }

  /// Calls `body` with each row in order, read in place.
  func forEachRow(_ body: (ChunkRow) throws -> Void) rethrows {
    try bytes.withUnsafeBytes { storage in
      try cells.withUnsafeBufferPointer { cells in
        for row in 0..<rowCount {
          try body(ChunkRow(storage: storage, cells: cells, first: row * columns))
        }
      }
    }
  }

  /// One row of a chunk, valid during the `forEachRow` call that lends it.
  struct ChunkRow: SourceRow {
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

    func value(_ column: Int) -> SourceValue {
      let (tag, offset) = tag(column)
      switch tag {
      case .null: return .null
      case .integer: return .integer(Int64(bitPattern: word(at: offset)))
      case .real: return .real(Double(bitPattern: word(at: offset)))
      case .text, .blob: return .text(String(decoding: bytes(at: offset), as: UTF8.self))
      }
    }

    func withTextBytes<Result>(
      _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result? {
      let (tag, offset) = tag(column)
      return tag == .text ? body(bytes(at: offset)) : nil
    }
  }
}
