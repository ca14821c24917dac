import StabilitySQLite

/// An INSERT that writes many rows per statement: one `VALUES` tuple of
/// `width` parameters per row (plus `?1`, shared by every row, when
/// `sharedFirst`). Stepping one statement per 64 rows instead of one per
/// row keeps SQLite's cursor open and its per-statement work out of the
/// per-row cost.
struct BulkInsert {
  static let rowsPerStatement = 64

  /// SQL for a full statement, and for a single row (the remainder).
  let many: String
  let one: String
  let width: Int
  let sharedFirst: Bool

  /// `head` runs up to `VALUES`; `tail` follows the tuples (e.g. `ON CONFLICT …`).
  init(head: String, width: Int, sharedFirst: Bool, tail: String = "") {
    func sql(rows: Int) -> String {
      let first = sharedFirst ? 2 : 1
      let tuples = (0..<rows).map { row in
        let start = first + width * row
        let parameters = (start..<(start + width)).map { "?\($0)" }
        return "(" + ((sharedFirst ? ["?1"] : []) + parameters).joined(separator: ", ") + ")"
      }
      return head + " VALUES " + tuples.joined(separator: ", ") + (tail.isEmpty ? "" : " " + tail)
    }
    self.width = width
    self.sharedFirst = sharedFirst
    many = sql(rows: Self.rowsPerStatement)
    one = sql(rows: 1)
  }
}

extension Store {
  /// Writes `rows` with `insert`: `bind` binds one row's values to the
  /// statement from the given parameter index on; `shared` (when the insert
  /// has a shared first parameter) is bound as `?1`.
  func run<Rows: RandomAccessCollection>(
    _ insert: BulkInsert, rows: Rows, shared: Int64 = 0,
    bind: (SQLiteStatement, Rows.Element, Int32) -> Void
  ) throws where Rows.Index == Int {
    // Looked up once per call: the cache hashes the SQL text (~2 KB for 64 rows).
    let many = rows.count >= BulkInsert.rowsPerStatement ? try statements(insert.many) : nil
    var one: SQLiteStatement?
    var index = rows.startIndex
    while index < rows.endIndex {
      let statement: SQLiteStatement
      let count: Int
      if let many, rows.endIndex - index >= BulkInsert.rowsPerStatement {
        (statement, count) = (many, BulkInsert.rowsPerStatement)
      } else {
        let single = try one ?? statements(insert.one)
        (statement, count, one) = (single, 1, single)
      }
      if insert.sharedFirst { statement.bind(integer: shared, at: 1) }
      let first = insert.sharedFirst ? 2 : 1
      for offset in 0..<count {
        bind(statement, rows[index + offset], Int32(first + insert.width * offset))
      }
      try statement.step()
      statement.reset()
      index += count
    }
  }
}
