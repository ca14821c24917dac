import Foundation
import StabilitySQLite

/// Runs a statement on its own thread and hands its rows over in chunks,
/// so the source's query work (scans, sorts, GROUP BY) overlaps with
/// interpreting and storing the rows on the calling thread: the machine's
/// second core reads while the first imports. Until the first row is asked
/// for (a query started early, while the importers before it run), up to
/// `aheadDepth` chunks wait; once rows flow, that bound comes down by one
/// for every fourth chunk taken, to `flowingDepth` — so memory stays
/// bounded, and the reader keeps working (at three quarters pace) while
/// the calling thread works through what it read ahead.
// Safe to send: every mutable field is read and written under `condition`;
// `statement` is stepped only by the reading thread until `running` is false.
package final class PrefetchedRows: @unchecked Sendable {
  private let statement: SQLiteStatement
  private let database: SQLiteDatabase
  private let condition = NSCondition()
  private var ready: [RowChunk] = []
  private var finished = false
  private var failure: Error?
  private var cancelled = false
  private var running = true
  private var depth = PrefetchedRows.aheadDepth
  private static let aheadDepth = 128
  private static let flowingDepth = 4
  private var taken = 0

  /// Starts stepping `statement` (of `database`) on a new thread.
  package init(statement: SQLiteStatement, database: SQLiteDatabase) {
    self.statement = statement
    self.database = database
    let thread = Thread { [self] in produce() }
    thread.name = "stability source reader"
    thread.start()
  }

  /// Calls `body` for every row in result order, on the calling thread.
  /// Rethrows the statement's error; when `body` throws, the reader is
  /// interrupted and waited for before the error propagates.
  package func forEachRow(_ body: (RowChunk.ChunkRow) throws -> Void) throws {
    var completed = false
    defer { if !completed { cancel() } }
    while let chunk = try next() {
      try chunk.forEachRow(body)
    }
    completed = true
  }

  private func next() throws -> RowChunk? {
    condition.lock()
    defer { condition.unlock() }
    taken += 1
    if taken % 4 == 0, depth > Self.flowingDepth { depth -= 1 }
    while ready.isEmpty && !finished { condition.wait() }
    if !ready.isEmpty {
      let chunk = ready.removeFirst()
      condition.broadcast()
      return chunk
    }
    if let failure { throw failure }
    return nil
  }

  /// Interrupts the statement and waits until the reader has let go of it;
  /// harmless once it finished.
  package func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
    database.interrupt()
    condition.lock()
    while running { condition.wait() }
    condition.unlock()
  }

  private func produce() {
    var chunk = RowChunk(columns: Int(statement.columnCount))
    var error: Error?
    do {
      while try statement.step() {
        try chunk.append(statement)
        if chunk.isFull {
          guard hand(chunk) else { break }
          chunk = RowChunk(columns: chunk.columns)
        }
      }
      if chunk.rowCount > 0 { _ = hand(chunk) }
    } catch let thrown {
      if chunk.rowCount > 0 { _ = hand(chunk) }
      error = thrown
    }
    condition.lock()
    finished = true
    failure = error
    running = false
    condition.broadcast()
    condition.unlock()
  }

  /// Queues `chunk`, waiting while `depth` are queued; false once cancelled.
  private func hand(_ chunk: RowChunk) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while ready.count >= depth && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    ready.append(chunk)
    condition.broadcast()
    return true
  }
}
