import StabilityCore

/// One hour bucket of a series (the key of a batch's buckets).
package struct SeriesHour: FlatKey, Sendable {
  /// The series, encoded in one integer so that keys stay two words: a
  /// batch index `i` as −(i + 1), a run number as itself. Read it as `series`.
  private let encodedSeries: Int64
  /// The bucket's hour (a whole hour).
  package let hour: Int64

  /// The bucket of `series` at `hour`.
  init(_ series: ImportBatch.BucketSeries, hour: Int64) {
    switch series {
    case .batch(let index): encodedSeries = -Int64(index + 1)
    case .numbered(let number): encodedSeries = Int64(number)
    }
    self.hour = hour
  }

  /// The bucket's series.
  var series: ImportBatch.BucketSeries {
    encodedSeries < 0 ? .batch(Int(-(encodedSeries + 1))) : .numbered(Int(encodedSeries))
  }

  package var flatHash: UInt64 {
    FlatHash.mix(FlatHash.mix(UInt64(bitPattern: encodedSeries)) ^ UInt64(bitPattern: hour))
  }

  /// The series' number, given the number of the batch's first series.
  package func number(firstOfBatch: Int) -> Int {
    switch series {
    case .batch(let index): firstOfBatch + index
    case .numbered(let number): number
    }
  }
}

/// Why rows were rejected, counted by reason with the first example.
package struct Rejections: Sendable, Equatable {
  /// Count and first example per reason.
  private(set) var byReason: [String: (count: Int, example: String)] = [:]

  /// Creates an empty tally.
  public init() {}

  /// Total rejected rows.
  package var total: Int { byReason.values.reduce(0) { $0 + $1.count } }

  /// Counts one rejected row.
  package mutating func add(_ reason: String, example: @autoclosure () -> String) {
    if let existing = byReason[reason] {
      byReason[reason] = (existing.count + 1, existing.example)
    } else {
      byReason[reason] = (1, example())
    }
  }

  /// Reasons sorted by count (descending), then name.
  package var sorted: [(reason: String, count: Int, example: String)] {
    byReason.map { ($0.key, $0.value.count, $0.value.example) }
      .sorted { ($1.count, $0.reason) < ($0.count, $1.reason) }
  }

  public static func == (lhs: Rejections, rhs: Rejections) -> Bool {
    lhs.sorted.elementsEqual(rhs.sorted) { $0 == $1 }
  }
}

/// The rows of one importer run summed into UTC hour buckets; its size grows
/// with series × hours, never with the number of rows read.
package struct ImportBatch: Sendable {
  /// Metric series of this batch, by index.
  public private(set) var metricSeries: [MetricSeriesKey] = []
  /// Error series of this batch, by index.
  public private(set) var errorSeries: [ErrorSeriesKey] = []
  /// Metric buckets, numbered; their summed values.
  private var metricBuckets = FlatIndex<SeriesHour>()
  private var metricValues: [Double] = []
  /// The summed `impacted` of each metric bucket (count groups, method
  /// §2.1); -1 once any of its rows had no figure.
  private var metricImpacted: [Int64] = []
  /// Error buckets, numbered; their summed figures.
  private var errorBuckets = FlatIndex<SeriesHour>()
  private var errorTallies: [ErrorTally] = []
  /// Rows accepted.
  public private(set) var rowsAccepted = 0
  /// Changes whenever the buckets are drained (bucket numbers start over); never 0.
  private(set) var generation: UInt32 = 1
  /// Rows rejected, by reason.
  package var rejections = Rejections()
  /// Whether an hour bucket's error sum passed `Int64.max` (the run must fail).
  public private(set) var overflowed = false

  private var metricIndex: [MetricSeriesKey: Int] = [:]
  private var errorIndex: [ErrorSeriesKey: Int] = [:]
  /// Error series from this index on are not in `errorIndex` yet.
  private var errorIndexed = 0
  /// Whether every error series so far was added as distinct from all
  /// others (`distinctSeriesIndex`), so none needed looking up by key.
  private(set) var errorSeriesDistinct = true

  /// An empty batch.
  public init() {}

  /// Buckets held in memory (what a flush writes out).
  var bucketCount: Int { metricValues.count + errorTallies.count }

  /// Takes the buckets and their series out, keeping the run's counts.
  package mutating func drainBuckets() -> DrainedBuckets {
    let drained = DrainedBuckets(
      metricSeries: metricSeries, errorSeries: errorSeries,
      metricBuckets: metricBuckets.keys.indices.map {
        (
          metricBuckets.keys[$0], metricValues[$0],
          metricImpacted[$0] < 0 ? nil : metricImpacted[$0]
        )
      },
      errorBuckets: Array(zip(errorBuckets.keys, errorTallies)))
    metricSeries = []
    errorSeries = []
    metricBuckets.removeAll()
    metricValues.removeAll(keepingCapacity: true)
    metricImpacted.removeAll(keepingCapacity: true)
    errorBuckets.removeAll()
    errorTallies.removeAll(keepingCapacity: true)
    // The next batch likely holds as many series: no growing step by step.
    metricIndex = Dictionary(minimumCapacity: metricIndex.count)
    errorIndex = Dictionary(minimumCapacity: errorIndex.count)
    errorIndexed = 0
    errorSeriesDistinct = true
    generation = generation == .max ? 1 : generation + 1
    return drained
  }

  /// Adds a metric value at `time` — with how many of its units had an
  /// error (`impacted`, nil: no figure) — and returns the series' index.
  @discardableResult
  package mutating func addMetric(
    _ series: MetricSeriesKey, time: Int64, value: Double, impacted: Int64? = nil
  ) -> Int {
    let index = seriesIndex(series)
    addMetric(
      toBucket: metricBucket(.batch(index), hour: UTCTime.floorToHour(time)), value: value,
      impacted: impacted)
    return index
  }

  /// The index of `series` in this batch, adding it when new.
  mutating func seriesIndex(_ series: MetricSeriesKey) -> Int {
    if let existing = metricIndex[series] { return existing }
    metricSeries.append(series)
    metricIndex[series] = metricSeries.count - 1
    return metricSeries.count - 1
  }

  /// The index of `series` in this batch, adding it when new.
  mutating func seriesIndex(_ series: ErrorSeriesKey) -> Int {
    errorSeriesDistinct = false
    while errorIndexed < errorSeries.count {
      errorIndex[errorSeries[errorIndexed]] = errorIndexed
      errorIndexed += 1
    }
    if let existing = errorIndex[series] { return existing }
    errorSeries.append(series)
    errorIndex[series] = errorSeries.count - 1
    errorIndexed = errorSeries.count
    return errorSeries.count - 1
  }

  /// Adds `series`, which the caller knows to differ from every series
  /// added this way before, without hashing it; once any series was looked
  /// up by key (`seriesIndex`), this looks up too.
  mutating func distinctSeriesIndex(_ series: ErrorSeriesKey) -> Int {
    guard errorSeriesDistinct else { return seriesIndex(series) }
    errorSeries.append(series)
    return errorSeries.count - 1
  }

  /// A series a bucket belongs to: one of this batch, by index, or one an
  /// earlier write of the run numbered (`SeriesNumbers`).
  enum BucketSeries {
    case batch(Int)
    case numbered(Int)
  }

  /// The number of `series`' metric bucket at `hour` (a whole hour), added when new.
  mutating func metricBucket(_ series: BucketSeries, hour: Int64) -> Int {
    let index = metricBuckets.index(SeriesHour(series, hour: hour))
    if index == metricValues.count {
      metricValues.append(0)
      metricImpacted.append(0)
    }
    return index
  }

  /// The number of `series`' error bucket at `hour` (a whole hour), added when new.
  mutating func errorBucket(_ series: BucketSeries, hour: Int64) -> Int {
    let index = errorBuckets.index(SeriesHour(series, hour: hour))
    if index == errorTallies.count { errorTallies.append(ErrorTally()) }
    return index
  }

  /// Adds a metric value to bucket `index` (from `metricBucket`); a row
  /// without an `impacted` figure leaves the bucket without one.
  mutating func addMetric(toBucket index: Int, value: Double, impacted: Int64?) {
    metricValues[index] += value
    if let impacted, metricImpacted[index] >= 0 {
      // Rows are at most 1e15 each, yet 9,300 of them in one hour pass Int64.max.
      let (sum, overflow) = metricImpacted[index].addingReportingOverflow(impacted)
      metricImpacted[index] = sum
      if overflow { overflowed = true }
    } else {
      metricImpacted[index] = -1
    }
    rowsAccepted += 1
  }

  /// Adds an error row to bucket `index` (from `errorBucket`); `impacted`
  /// nil means the row has no impacted figure.
  mutating func addErrors(toBucket index: Int, count: Int64, impacted: Int64?) {
    // Rows are at most 1e15 each, yet 9,300 of them in one hour pass Int64.max.
    if errorTallies[index].addReportingOverflow(
      ErrorTally(count: count, impacted: impacted ?? count, approximate: impacted == nil))
    {
      overflowed = true
    }
    rowsAccepted += 1
  }

  /// Adds an error row at `time`; `impacted` nil means the row has no
  /// impacted figure. Returns the series' index.
  /// `distinct`: see `distinctSeriesIndex`.
  @discardableResult
  package mutating func addErrors(
    _ series: ErrorSeriesKey, time: Int64, count: Int64, impacted: Int64?, distinct: Bool = false
  ) -> Int {
    let index = distinct ? distinctSeriesIndex(series) : seriesIndex(series)
    addErrors(
      toBucket: errorBucket(.batch(index), hour: UTCTime.floorToHour(time)), count: count,
      impacted: impacted)
    return index
  }
}

/// Buckets taken out of a batch to be written.
package struct DrainedBuckets: Sendable {
  /// Metric series by index.
  package let metricSeries: [MetricSeriesKey]
  /// Error series by index.
  package let errorSeries: [ErrorSeriesKey]
  /// Summed metric values per bucket, and their summed `impacted` (nil when
  /// a row of the bucket had no figure).
  package let metricBuckets: [(key: SeriesHour, value: Double, impacted: Int64?)]
  /// Summed error figures per bucket.
  package let errorBuckets: [(key: SeriesHour, tally: ErrorTally)]
}
