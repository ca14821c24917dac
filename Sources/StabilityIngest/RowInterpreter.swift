import StabilityCore

/// Validates each row of a result (method §2.2 step 4) and sums the good ones
/// into an `ImportBatch`; rejected rows are counted by reason.
package struct RowInterpreter: SourceRowSink {
  let importer: ImporterConfig
  let group: MetricGroup?
  let metric: MetricDefinition?
  let start: Int64
  let end: Int64
  let sampleLimit: Int
  let progress: (@Sendable (Int) -> Void)?
  /// Takes full batches during the read (to be written in the
  /// background); nil keeps everything in memory.
  let sink: (any BatchSink)?
  /// Buckets held before a batch goes to `sink`.
  let flushThreshold: Int
  /// Whether rows whose key bytes were seen before skip the full path.
  let fastPath: Bool

  /// The interpreted columns, known after `begin`.
  public private(set) var layout: ColumnLayout?
  /// `layout`'s readings and key property, apart so that the per-row path
  /// copies no layout (its arrays would be retained and released per row).
  private var readings: [ColumnLayout.Reading] = []
  private var errorKeyIsCanonical = false
  /// What was accepted and rejected so far.
  public private(set) var batch = ImportBatch()
  /// The first `sampleLimit` rows as text, for `test-query`.
  public private(set) var samples: [[String]] = []
  /// Rows read from the source (accepted or rejected).
  public private(set) var rowsRead = 0
  /// Events the source left out as outside `[start, end)` (file sources).
  public private(set) var skippedOutsideSpan = 0
  /// The time cell of the first row whose time lies outside `[start, end)`,
  /// as the source returned it, and the time read from it.
  public private(set) var firstOutOfSpan: (cell: SourceValue, time: Int64)?
  /// The earliest time of an accepted row (`Int64.max` before the first).
  private var earliestAccepted = Int64.max
  /// The earliest time of an accepted row; nil when none was accepted.
  package var earliest: Int64? { earliestAccepted == .max ? nil : earliestAccepted }
  /// Series by the raw bytes of their key cells (the fast path).
  private var memo: SeriesMemo
  /// The current row's key cells, encoded.
  private let memoKey = MemoKey()
  /// The time column's last hour.
  private var times = UTCTime.HourCache()
  /// The series of the batch being written, and where each went in the
  /// current batch (-1: not yet), for rows the memo sends there.
  private var writingErrorSeries: [ErrorSeriesKey] = []
  /// Whether the batch being written added all its error series as distinct.
  private var writingDistinct = false
  private var writingMetricSeries: [MetricSeriesKey] = []
  private var carried: [Int] = []

  /// A sink for one run of `importer` over `[start, end)`.
  public init(
    importer: ImporterConfig, group: MetricGroup?, metric: MetricDefinition?, start: Int64,
    end: Int64, sampleLimit: Int = 0, progress: (@Sendable (Int) -> Void)? = nil,
    sink: (any BatchSink)? = nil, flushThreshold: Int = 100_000, keyMemo: KeyMemo = .standard
  ) {
    self.progress = progress
    self.sink = sink
    self.flushThreshold = flushThreshold
    switch keyMemo {
    case .off: (fastPath, memo) = (false, SeriesMemo())
    case .on(let pruneAt): (fastPath, memo) = (true, SeriesMemo(pruneAt: pruneAt))
    }
    self.importer = importer
    self.group = group
    self.metric = metric
    self.start = start
    self.end = end
    self.sampleLimit = sampleLimit
  }

  package mutating func begin(columns: [String]) throws {
    let layout = try ColumnLayout(names: columns, importer: importer, group: group)
    (self.layout, readings) = (layout, layout.readings)
    errorKeyIsCanonical = layout.errorKeyIsCanonical
  }

  /// The rejection reason of a row whose time lies outside `[$1, $2)`.
  package static let outOfSpanReason = "time outside [$1, $2)"

  package mutating func reject(reason: String, example: String) {
    rowsRead += 1
    batch.rejections.add(reason, example: example)
  }

  package mutating func skipOutsideSpan() { skippedOutsideSpan += 1 }

  // Sources hand rows over through protocols, so without this the per-row
  // path would run as unspecialized generic code (witness calls per cell).
  @_specialize(where Row == RowChunk.ChunkRow)
  @_specialize(where Row == ValuesRow)
  package mutating func row<Row: SourceRow>(_ row: Row) throws {
    guard !readings.isEmpty else { return }
    rowsRead += 1
    if rowsRead % 100_000 == 0 { progress?(rowsRead) }
    if samples.count < sampleLimit {
      samples.append(readings.indices.map { row.value($0).displayText })
    }
    switch fastPath ? addKnownSeries(row) : .other {
    case .added: break
    case .newKey:
      // A new canonical key is a new series: no need to look it up.
      let distinct = errorKeyIsCanonical && memoKey.isCanonical
      if let series = addRow(row, distinct: distinct) {
        memo.record(memoKey.bytes, batchSeries: series)
      }
    case .other: addRow(row)
    }
    if batch.bucketCount >= flushThreshold, let sink, let layout {
      (writingErrorSeries, writingMetricSeries) = (batch.errorSeries, batch.metricSeries)
      writingDistinct = batch.errorSeriesDistinct
      carried = Array(
        repeating: -1, count: max(writingErrorSeries.count, writingMetricSeries.count))
      let written = try sink.writeBehind(&batch)
      memo.flushed(
        firstNumber: written.map {
          layout.roles.contains(.fingerprint) ? $0.firstError : $0.firstMetric
        })
    }
  }

  private enum FastPath { case added, newKey, other }

  /// The fast path: a valid row whose key cells (fingerprint, attributes)
  /// have the bytes of an earlier accepted row goes to that row's series
  /// without building strings. `.newKey`: valid so far, key not seen yet
  /// (`memoKey` holds it); `.other`: the full path decides.
  private mutating func addKnownSeries(_ row: some SourceRow) -> FastPath {
    memoKey.removeAll()
    var time: Int64?
    var value: Double?
    var count: Int64 = 1
    var impacted: Int64?
    for index in readings.indices {
      switch readings[index] {
      case .time:
        time =
          row.withTextBytes(index) { times.parse(bytes: $0) }
          ?? ValueReading.time(row.value(index), format: importer.timeFormat).0
      case .value:
        value = ValueReading.amount(row.value(index), name: "value").0
        if value == nil { return .other }
      case .count:
        guard let number = ValueReading.wholeNumber(row.value(index), name: "count").number
        else { return .other }
        count = number
      case .impacted:
        let cell = row.value(index)
        if cell != .null {
          guard let number = ValueReading.wholeNumber(cell, name: "impacted").number
          else { return .other }
          impacted = number
        }
      case .key:
        let appended: Void? = row.withTextBytes(index) { memoKey.append(text: $0) }
        if appended == nil {
          // NULL or a number; a blob takes the full path.
          let cell = row.value(index)
          if case .text = cell { return .other }
          memoKey.append(number: cell)
        }
      }
    }
    guard let time, time >= start, time < end else { return .other }
    // A metric row's `impacted` above its value: the full path rejects it.
    if let value, let impacted, Double(impacted) > value { return .other }
    guard let (target, entry) = memo.find(memoKey.bytes) else { return .newKey }
    if time < earliestAccepted { earliestAccepted = time }
    let hour = UTCTime.floorToHour(time)
    let bucket: Int
    if let last = memo.lastBucket(entry, hour: hour, generation: batch.generation) {
      bucket = last
    } else {
      let series: ImportBatch.BucketSeries
      switch target {
      case .batch(let index): series = .batch(index)
      case .writing(let index):
        // Its batch is being written: the series continues in this batch.
        if carried[index] < 0 {
          carried[index] =
            value != nil
            ? batch.seriesIndex(writingMetricSeries[index])
            : writingDistinct
              ? batch.distinctSeriesIndex(writingErrorSeries[index])
              : batch.seriesIndex(writingErrorSeries[index])
        }
        series = .batch(carried[index])
      case .numbered(let number): series = .numbered(number)
      }
      bucket =
        value != nil
        ? batch.metricBucket(series, hour: hour) : batch.errorBucket(series, hour: hour)
      memo.setLastBucket(entry, hour: hour, generation: batch.generation, bucket: bucket)
    }
    if let value {
      batch.addMetric(toBucket: bucket, value: value, impacted: impacted)
    } else {
      batch.addErrors(toBucket: bucket, count: count, impacted: impacted)
    }
    return .added
  }

  /// The full path (method §2.2 step 4): validates every cell, rejecting the
  /// row with its reason, or adds it; returns the series it went to.
  /// `distinct`: the row's error series differs from every series added
  /// as distinct before (`ImportBatch.distinctSeriesIndex`).
  @discardableResult
  private mutating func addRow(_ row: some SourceRow, distinct: Bool = false) -> Int? {
    guard let layout else { return nil }
    var time: Int64?
    var value: Double?
    var fingerprint: String?
    var count: Int64 = 1
    var impacted: Int64?
    var attributes: [(String, String)] = []
    var timeCell = SourceValue.null
    for (index, role) in layout.roles.enumerated() {
      let cell = row.value(index)
      let problem: String?
      switch role {
      case .time:
        timeCell = cell
        (time, problem) = ValueReading.time(cell, format: importer.timeFormat)
      case .value:
        (value, problem) = ValueReading.amount(cell, name: "value")
      case .fingerprint:
        fingerprint = cell.attributeText
        problem =
          (fingerprint ?? "").isEmpty
          ? "empty fingerprint" : Self.keyProblem(row, index, cell, name: "fingerprint")
      case .count:
        let read = ValueReading.wholeNumber(cell, name: "count")
        problem = read.problem
        count = read.number ?? 0
      case .impacted:
        let read: (number: Int64?, problem: String?) =
          cell == .null ? (nil, nil) : ValueReading.wholeNumber(cell, name: "impacted")
        problem = read.problem
        impacted = read.number
      case .attribute(let name):
        problem = Self.keyProblem(row, index, cell, name: "attribute `\(name)`")
        if let text = cell.attributeText { attributes.append((name, text)) }
      }
      if let problem {
        batch.rejections.add(problem, example: Self.describe(row, layout))
        return nil
      }
    }
    guard let time else { return nil }
    guard time >= start, time < end else {
      if firstOutOfSpan == nil { firstOutOfSpan = (timeCell, time) }
      batch.rejections.add(
        Self.outOfSpanReason,
        example: "\(UTCTime.iso8601(time)) in \(Self.describe(row, layout))")
      return nil
    }
    if time < earliestAccepted { earliestAccepted = time }
    if let fingerprint {
      return batch.addErrors(
        ErrorSeriesKey(fingerprint: ByteString(fingerprint), attributes: AttributeSet(attributes)),
        time: time, count: count, impacted: impacted, distinct: distinct)
    } else if let value, let group {
      if let impacted, Double(impacted) > value {
        batch.rejections.add(
          "impacted above value (more units with an error than units)",
          example: Self.describe(row, layout))
        return nil
      }
      return batch.addMetric(
        seriesKey(group: group, attributes: attributes), time: time, value: value,
        impacted: impacted)
    }
    return nil
  }

  private static func keyProblem(
    _ row: some SourceRow, _ index: Int, _ cell: SourceValue, name: String
  ) -> String? {
    row.withTextBytes(index) { ValueReading.keyProblem(cell, bytes: $0, name: name) }
      ?? ValueReading.keyProblem(cell, bytes: nil, name: name)
  }

  private func seriesKey(group: MetricGroup, attributes: [(String, String)]) -> MetricSeriesKey {
    var values = Dictionary(attributes, uniquingKeysWith: { first, _ in first })
    for (name, value) in metric?.attributes ?? [:] { values[name] = value }
    let set = AttributeSet(values.map { ($0.key, $0.value) })
    let name =
      metric?.name
      ?? ([group.id]
      + group.attributes.map { "\($0.name)\(values[$0.name] ?? $0.defaultValue)" })
      .joined(separator: "-")
    return MetricSeriesKey(group: group.id, metric: name, attributes: set)
  }

  private static func describe(_ row: some SourceRow, _ layout: ColumnLayout) -> String {
    let cells = layout.names.indices.map { "\(layout.names[$0])=\(row.value($0).displayText)" }
    let text = cells.joined(separator: ", ")
    return text.count > 200 ? String(text.prefix(200)) + "…" : text
  }
}
