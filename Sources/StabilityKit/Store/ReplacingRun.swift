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

  /// Counts buckets of a series that went from no errors to some.
  private mutating func gained(_ series: IntPair, buckets: Int64) {
    let index = gainedSeries.index(series)
    if index == gainedBuckets.count { gainedBuckets.append(0) }
    gainedBuckets[index] += buckets
  }

  /// Counts the buckets of one write that went from no errors to some: per
  /// write first (a small table that stays in the processor's cache), then
  /// once per series into the run's.
  mutating func gained(_ series: some Sequence<StoredSeries>) {
    var counted = FlatIndex<IntPair>()
    var buckets: [Int64] = []
    for one in series {
      let index = counted.index(IntPair(first: one.first, second: one.second))
      if index == buckets.count { buckets.append(0) }
      buckets[index] += 1
    }
    for (one, count) in zip(counted.keys, buckets) { gained(one, buckets: count) }
  }

  /// The gains per series, sorted by series (the `error_series` key order).
  func gains() -> [(series: StoredSeries, buckets: Int64)] {
    zip(gainedSeries.keys, gainedBuckets).map {
      (StoredSeries(first: $0.0.first, second: $0.0.second), $0.1)
    }.sorted { ($0.series.first, $0.series.second) < ($1.series.first, $1.series.second) }
  }
}
