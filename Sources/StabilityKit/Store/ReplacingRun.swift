/// What a replacing import (`Store.replace`) has written so far, for the
/// writes still to come in the same transaction.
struct ReplacingRun {
  /// The span the run emptied before writing.
  let start: Int64
  let end: Int64
  /// Hours that hold error buckets written by this run (by earlier flushes).
  private var errorHours: Set<Int64> = []
  /// Per series, buckets that went from no errors to some during the run;
  /// added to `error_series` when it finishes. Flat: it can hold every
  /// series of a large import.
  private var gainedSeries = FlatIndex<IntPair>()
  private var gainedBuckets: [Int64] = []

  init(start: Int64, end: Int64) {
    self.start = start
    self.end = end
  }

  /// Whether no error bucket can exist at `hour` yet: the run emptied it and
  /// has not written there. Buckets at such hours are inserted without
  /// looking for one to add to.
  func isEmpty(errorHour hour: Int64) -> Bool {
    hour >= start && hour < end && !errorHours.contains(hour)
  }

  /// Notes that error buckets were written at `hour`.
  mutating func wrote(errorHour hour: Int64) {
    errorHours.insert(hour)
  }

  /// Counts one bucket of `series` that went from no errors to some.
  mutating func gained(_ series: StoredSeries) {
    let index = gainedSeries.index(IntPair(first: series.first, second: series.second))
    if index == gainedBuckets.count { gainedBuckets.append(0) }
    gainedBuckets[index] += 1
  }

  /// The gains per series, sorted by series (the `error_series` key order).
  func gains() -> [(series: StoredSeries, buckets: Int64)] {
    zip(gainedSeries.keys, gainedBuckets).map {
      (StoredSeries(first: $0.0.first, second: $0.0.second), $0.1)
    }.sorted { ($0.series.first, $0.series.second) < ($1.series.first, $1.series.second) }
  }
}
