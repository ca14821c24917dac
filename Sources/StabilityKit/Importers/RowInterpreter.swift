/// Validates each row of a result (SPEC §2.2 step 4) and sums the good ones
/// into an `ImportBatch`; rejected rows are counted by reason.
public struct RowInterpreter: SourceRowSink {
  let importer: ImporterConfig
  let group: MetricGroup?
  let metric: MetricDefinition?
  let start: Int64
  let end: Int64
  let sampleLimit: Int
  let progress: (@Sendable (Int) -> Void)?
  /// Writes full batches out during the read; nil keeps everything in memory.
  let flush: ((inout ImportBatch) throws -> Void)?
  /// Buckets held before `flush` is called.
  let flushThreshold: Int

  /// The interpreted columns, known after `begin`.
  public private(set) var layout: ColumnLayout?
  /// What was accepted and rejected so far.
  public private(set) var batch = ImportBatch()
  /// The first `sampleLimit` rows as text, for `test-query`.
  public private(set) var samples: [[String]] = []
  /// Rows read from the source (accepted or rejected).
  public private(set) var rowsRead = 0

  /// A sink for one run of `importer` over `[start, end)`.
  public init(
    importer: ImporterConfig, group: MetricGroup?, metric: MetricDefinition?, start: Int64,
    end: Int64, sampleLimit: Int = 0, progress: (@Sendable (Int) -> Void)? = nil,
    flush: ((inout ImportBatch) throws -> Void)? = nil, flushThreshold: Int = 100_000
  ) {
    self.progress = progress
    self.flush = flush
    self.flushThreshold = flushThreshold
    self.importer = importer
    self.group = group
    self.metric = metric
    self.start = start
    self.end = end
    self.sampleLimit = sampleLimit
  }

  public mutating func begin(columns: [String]) throws {
    layout = try ColumnLayout(names: columns, importer: importer, group: group)
  }

  public mutating func reject(reason: String, example: String) {
    rowsRead += 1
    batch.rejections.add(reason, example: example)
  }

  public mutating func row(_ row: some SourceRow) throws {
    guard let layout else { return }
    rowsRead += 1
    if rowsRead % 100_000 == 0 { progress?(rowsRead) }
    if samples.count < sampleLimit {
      samples.append(layout.roles.indices.map { row.value($0).displayText })
    }
    var time: Int64?
    var value: Double?
    var fingerprint: String?
    var count: Int64 = 1
    var impacted: Int64?
    var attributes: [(String, String)] = []
    for (index, role) in layout.roles.enumerated() {
      let cell = row.value(index)
      let problem: String?
      switch role {
      case .time:
        (time, problem) = ValueReading.time(cell, format: importer.timeFormat)
      case .value:
        (value, problem) = ValueReading.amount(cell, name: "value")
      case .fingerprint:
        fingerprint = cell.attributeText
        problem = (fingerprint ?? "").isEmpty ? "empty fingerprint" : nil
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
        problem = nil
        if let text = cell.attributeText { attributes.append((name, text)) }
      }
      if let problem {
        batch.rejections.add(problem, example: Self.describe(row, layout))
        return
      }
    }
    guard let time else { return }
    guard time >= start, time < end else {
      batch.rejections.add(
        "time outside [$1, $2)",
        example: "\(UTCTime.iso8601(time)) in \(Self.describe(row, layout))")
      return
    }
    if let fingerprint {
      batch.addErrors(
        ErrorSeriesKey(fingerprint: ByteString(fingerprint), attributes: AttributeSet(attributes)),
        time: time, count: count, impacted: impacted)
    } else if let value, let group {
      batch.addMetric(seriesKey(group: group, attributes: attributes), time: time, value: value)
    }
    if let flush, batch.bucketCount >= flushThreshold { try flush(&batch) }
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
