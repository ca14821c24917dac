import StabilityTestSupport
import Testing

@testable import StabilityCore
@testable import StabilityIngest

/// `RowInterpreter` fed rows directly: what it accepts and rejects, and that
/// batches handed to a sink mid-read add up to what was read, with the fast
/// path on and off.
@Suite struct RowInterpreterTests {
  static let config = """
    version: 1
    project: Rows
    sources:
      - {name: db, type: sqlite, path: game.db}
    metric_groups:
      - id: sessions
        kind: count
        attributes: [{name: version, default: unknown}]
    importers:
      - {name: sessions, source: db, group: sessions, query: "select $1, $2", history: 1d}
    error_importers:
      - {name: crashes, source: db, query: "select $1, $2", history: 1d}
    """

  static func interpreter(
    _ importer: String, sink: (any BatchSink)? = nil, flushThreshold: Int = 100_000,
    keyMemo: KeyMemo = .standard
  ) throws -> RowInterpreter {
    let config = try ConfigLoader.parse(config, file: "stability.yaml", directory: "/")
    let importerConfig = try #require(config.importer(named: importer))
    return RowInterpreter(
      importer: importerConfig, group: config.group(id: "sessions"), metric: nil,
      start: TestTime.nov20, end: TestTime.nov27, sampleLimit: 2, sink: sink,
      flushThreshold: flushThreshold, keyMemo: keyMemo)
  }

  static func row(_ values: SourceValue...) -> ValuesRow { ValuesRow(values: values) }

  @Test func metricRowsAreSummedPerSeriesAndHourAndBadRowsCountedByReason() throws {
    var rows = try Self.interpreter("sessions")
    try rows.begin(columns: ["time", "value", "version"])
    let hour = UTCTime.iso8601(TestTime.nov20 + 3600)
    try rows.row(Self.row(.text(hour), .integer(3), .text("1.0")))
    try rows.row(Self.row(.text(hour), .real(0.5), .text("1.0")))
    try rows.row(Self.row(.text(hour), .integer(2), .null))
    try rows.row(Self.row(.text("26/11/2026"), .integer(1), .text("1.0")))
    try rows.row(Self.row(.text(UTCTime.iso8601(TestTime.nov27)), .integer(1), .text("1.0")))
    try rows.row(Self.row(.text(hour), .text("many"), .text("1.0")))
    #expect(rows.rowsRead == 6)
    #expect(rows.batch.rowsAccepted == 3)
    #expect(rows.samples.count == 2)
    #expect(
      rows.batch.metricSeries.map(\.attributes) == [
        AttributeSet([("version", "1.0")]), AttributeSet([]),
      ])
    let rejected = rows.batch.rejections.sorted
    #expect(rejected.map(\.count) == [1, 1, 1])
    #expect(rejected.contains { $0.reason == "time outside [$1, $2)" })
    var batch = rows.batch
    let drained = batch.drainBuckets()
    #expect(drained.metricBuckets.map(\.value) == [3.5, 2])
  }

  /// Takes batches as the store's writer would: drains them and numbers
  /// their series (the numbers of one write are returned at the next).
  final class NumberingSink: BatchSink {
    var errorSeries: [ErrorSeriesKey] = []
    var pending: SeriesNumbers?
    var totals: [String: Int64] = [:]
    var handedOver = 0

    func writeBehind(_ batch: inout ImportBatch) throws -> SeriesNumbers? {
      handedOver += 1
      let previous = pending
      pending = take(&batch)
      return previous
    }

    /// Drains `batch`, summing its buckets by fingerprint and hour.
    @discardableResult
    func take(_ batch: inout ImportBatch) -> SeriesNumbers {
      let drained = batch.drainBuckets()
      let numbers = SeriesNumbers(firstError: errorSeries.count)
      errorSeries += drained.errorSeries
      for bucket in drained.errorBuckets {
        let series = errorSeries[bucket.key.number(firstOfBatch: numbers.firstError)]
        totals[
          "\(series.fingerprint)|\(series.attributes.storageKey)@\(bucket.key.hour)", default: 0] +=
          bucket.tally.count
      }
      return numbers
    }
  }

  // A memo pruned at every hand-over (1 byte) drops every numbered key
  // no row found again.
  @Test(arguments: [KeyMemo.standard, .off, .on(pruneAt: 1)])
  func batchesHandedOverMidReadAddUpToEveryRow(keyMemo: KeyMemo) throws {
    let sink = NumberingSink()
    var rows = try Self.interpreter("crashes", sink: sink, flushThreshold: 5, keyMemo: keyMemo)
    try rows.begin(columns: ["time", "fingerprint", "version"])
    var expected: [String: Int64] = [:]
    var random = SeededRandom(seed: 11)
    for index in 0..<2000 {
      let time = TestTime.nov20 + Int64(index) * 200
      let fingerprint = "fp-\(random.next() % 9)"
      let version: SourceValue = random.next() % 5 == 0 ? .integer(316) : .text("3.\(index % 3)")
      let versionText = version == .integer(316) ? "316" : "3.\(index % 3)"
      try rows.row(Self.row(.text(UTCTime.iso8601(time)), .text(fingerprint), version))
      let set = AttributeSet([("version", versionText)]).storageKey
      expected["\(fingerprint)|\(set)@\(UTCTime.floorToHour(time))", default: 0] += 1
    }
    var last = rows.batch
    sink.writeBehindFinished(&last)
    #expect(sink.handedOver > 50)
    #expect(rows.batch.rowsAccepted == 2000)
    #expect(sink.totals == expected)
  }
}

extension RowInterpreterTests.NumberingSink {
  /// The end of a run: the batch left in the interpreter is written last.
  func writeBehindFinished(_ batch: inout ImportBatch) {
    take(&batch)
  }
}
