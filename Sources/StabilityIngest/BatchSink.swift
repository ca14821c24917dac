/// Where a `RowInterpreter` hands full batches while it reads on: the
/// store's writer. Ingest knows the store only through this.
package protocol BatchSink {
  /// Takes `batch`'s buckets (its counts stay) to be written, after the
  /// write handed over before this one; returns the numbers that earlier
  /// write gave its series (nil when there was none), or throws its error.
  func writeBehind(_ batch: inout ImportBatch) throws -> SeriesNumbers?
}
