import CSupport
import Foundation
import StabilityIngest

/// Hands an import's buckets to the store inside its replacing transaction.
/// `writeBehind` writes a full batch on another thread while the import
/// reads on (the store is used by one thread at a time: each write waits
/// for the one before).
// Safe to send: `running` is touched only by the importing thread; the
// writing thread uses only `store` (one write at a time: each waits for
// the last) and its own `Outcome`, read after `done` is signalled.
package final class BucketWriter: BatchSink, @unchecked Sendable {
  let store: Store
  let importer: Int64
  private var running: (done: DispatchSemaphore, outcome: Outcome)?

  /// Where a background write puts its result.
  // Safe to send: written once by the writing thread before `done.signal()`,
  // read by the importing thread only after `done.wait()`.
  private final class Outcome: @unchecked Sendable {
    var result: Result<SeriesNumbers, Error>?
  }

  init(store: Store, importer: Int64) {
    self.store = store
    self.importer = importer
  }

  /// Moves `batch`'s buckets into the store now (after a background write
  /// still running), leaving its counts; returns its series' numbers.
  @discardableResult
  func write(_ batch: inout ImportBatch) throws -> SeriesNumbers {
    _ = try wait()
    return try store.guarded { try store.addBuckets(batch.drainBuckets(), importer: importer) }
  }

  /// Takes `batch`'s buckets and starts writing them on another thread,
  /// after waiting for the previous background write; returns the numbers
  /// that write gave its series (nil when there was none) or throws its error.
  package func writeBehind(_ batch: inout ImportBatch) throws -> SeriesNumbers? {
    let previous = try wait()
    let buckets = batch.drainBuckets()
    let (done, outcome) = (DispatchSemaphore(value: 0), Outcome())
    let thread = Thread { [self] in
      #if DEBUG
        // The reader holds the store (inside `replace`) and does not touch
        // it until `wait`: this thread uses it meanwhile.
        store.use.borrow("the bucket writer")
      #endif
      // A store error, not the source's: guarded before it crosses the reader.
      outcome.result = Result {
        try store.guarded { try store.addBuckets(buckets, importer: importer) }
      }
      // Pages SQLite spilled to the WAL go to disk from now on, not all at
      // the commit's checkpoint (which waits for them).
      _ = stability_start_writeback(store.path + "-wal")
      #if DEBUG
        store.use.giveBack()  // before the reader may go on
      #endif
      done.signal()
    }
    thread.name = "stability bucket writer"
    thread.start()
    running = (done, outcome)
    return previous
  }

  /// Waits for the background write, if any: its series' numbers, or its error.
  func wait() throws -> SeriesNumbers? {
    guard let running else { return nil }
    running.done.wait()
    self.running = nil
    return try running.outcome.result?.get()
  }
}
