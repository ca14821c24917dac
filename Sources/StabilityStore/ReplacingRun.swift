/// What a replacing import (`Store.replace`) has written so far, for the
/// writes still to come in the same transaction.
struct ReplacingRun {
  /// The span the run emptied before writing.
  let start: Int64
  let end: Int64
  /// Hours that hold error buckets written by this run (by earlier writes).
  private var errorHours: Set<Int64> = []
  /// Store ids of the run's series by number (`SeriesNumbers`).
  private(set) var errorSeries = SegmentedArray<StoredSeries>()
  /// Metric ids of the run's metric series by number.
  private(set) var metricSeries: [Int64] = []
  /// Per error series number, buckets that went from no errors to some
  /// during the run; added to `error_series` when it finishes.
  private var gainedBuckets = SegmentedArray<Int64>()

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

  /// Numbers error series with these store ids; returns the first number.
  mutating func number(errorSeries ids: [StoredSeries]) -> Int {
    defer {
      errorSeries.append(contentsOf: ids)
      gainedBuckets.append(contentsOf: repeatElement(0, count: ids.count))
    }
    return errorSeries.count
  }

  /// Numbers metric series with these metric ids; returns the first number.
  mutating func number(metricSeries ids: [Int64]) -> Int {
    defer { metricSeries += ids }
    return metricSeries.count
  }

  /// Counts a bucket of error series `number` that went from no errors to some.
  mutating func gained(_ number: Int) {
    gainedBuckets[number] += 1
  }

  /// The gains per series, sorted by store ids (the `error_series` key
  /// order); numbers with the same ids (a series one batch reached through
  /// other cells) summed.
  func gains() -> [(series: StoredSeries, buckets: Int64)] {
    var gains: [(series: StoredSeries, buckets: Int64)] = []
    gains.reserveCapacity(gainedBuckets.count)
    for number in 0..<errorSeries.count where gainedBuckets[number] > 0 {
      gains.append((errorSeries[number], gainedBuckets[number]))
    }
    gains.sort {
      ($0.series.fingerprint, $0.series.attributeSet) < (
        $1.series.fingerprint, $1.series.attributeSet
      )
    }
    gains.mergeAdjacent {
      $0.series == $1.series
    } merging: {
      $0.buckets += $1.buckets
    }
    return gains
  }
}
