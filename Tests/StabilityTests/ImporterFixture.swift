import Foundation
import StabilityIngest
import StabilitySources
import StabilityStore
import StabilityTestSupport
import Testing

/// A workspace with the seed's `metric_table`, a `sessions` table and a
/// `crashes` table in `game.db`, and a config importing them.
struct ImporterFixture {
  let workspace: TestWorkspace
  let now: Int64 = TestTime.nov27 + 30 * 60  // 2026-11-27T00:30:00Z

  static let config = """
    version: 1
    project: Fixture
    sources:
      - {name: game-db, type: sqlite, path: game.db}
    metric_groups:
      - id: sessions
        kind: count
        attributes:
          - {name: version, default: unknown}
          - {name: platform, default: other}
      - id: minutesPlayed
        kind: amount
        attributes: [{name: version, default: unknown}]
    metrics:
      - {name: minutesPlayed-version3.16.2, group: minutesPlayed, attributes: {version: "3.16.2"}}
    importers:
      - name: MinsPlayedVersion3.16.2
        source: game-db
        metric: minutesPlayed-version3.16.2
        query: select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2
        history: 7d
        period: 60s
      - name: sessions-by-version
        source: game-db
        group: sessions
        query: |
          select count(*) as value, strftime('%Y-%m-%dT%H:00:00Z', started_at) as time, version, platform
          from sessions where started_at >= $1 and started_at < $2 group by 2, 3, 4
        history: 30d
        period: 1h
        overlap: 2h
    error_importers:
      - name: crashes
        source: game-db
        query: |
          select strftime('%Y-%m-%dT%H:00:00Z', time) as time, fingerprint, version,
                 count(*) as count, count(distinct session_id) as impacted
          from crashes where time >= $1 and time < $2 group by 1, 2, 3
        history: 30d
        period: 1h
    """

  /// `config` with `max_rejected: 100%` on every importer: rows below the
  /// limit are stored and their rejections counted (method §2.2 step 7).
  static func allowingRejections(_ config: String = Self.config) -> String {
    config.replacingOccurrences(
      of: #"\n( +)history: (\w+)"#, with: "\n$1history: $2\n$1max_rejected: 100%",
      options: .regularExpression)
  }

  /// `config`'s metric importers with one error importer `crashes` on
  /// `game-db` running `query` (`extra` appended to it, e.g. "\n    time_format: sql").
  static func withCrashesQuery(_ query: String, extra: String = "") -> String {
    config.components(separatedBy: "error_importers:")[0] + """
      error_importers:
        - name: crashes
          source: game-db
          query: \(query)
          history: 30d\(extra)
      """
  }

  init(config: String = Self.config) throws {
    workspace = try TestWorkspace()
    try workspace.write("stability.yaml", config)
    try workspace.sqlite(
      "game.db",
      """
      CREATE TABLE metric_table(version TEXT, mins_played REAL, time TEXT);
      CREATE TABLE sessions(started_at TEXT, version TEXT, platform TEXT);
      CREATE TABLE crashes(time TEXT, fingerprint TEXT, version TEXT, session_id TEXT);
      """)
  }

  func sql(_ text: String) throws { try workspace.sqlite("game.db", text) }

  func runner(at time: Int64? = nil) throws -> (ImportRunner, Store) {
    let config = try workspace.config()
    let store = try Store(path: config.storePath)
    return (
      ImportRunner(
        config: config, store: store, environment: workspace.environment(now: time ?? now)), store
    )
  }

  @discardableResult
  func importAll(
    at time: Int64? = nil, _ names: [String] = [], options: ImportOptions = ImportOptions()
  )
    throws -> [ImportResult]
  {
    let (runner, _) = try runner(at: time)
    return try runner.run(names, options: options)
  }

  /// Reads the `crashes` importer's span from nov20 to now into `store`
  /// through `Store.replace`, handing a batch to the background writer
  /// every `flushThreshold` buckets; `flushes` counts the hand-overs (also
  /// when the run fails).
  func importCrashes(
    into store: Store, flushThreshold: Int, flushes: inout Int,
    keyMemo: KeyMemo = .standard
  ) throws {
    let config = try workspace.config()
    let importer = try #require(config.importer(named: "crashes"))
    let reader = SourceReader(config: config, environment: workspace.environment(now: now))
    let counting = CountingSink()
    defer { flushes += counting.handedOver }
    try store.replace(
      importer: StoredImporter(importer), start: TestTime.nov20, end: now, watermark: nil,
      ranAt: now
    ) { writer in
      counting.writer = writer
      return try reader.read(
        importer, start: TestTime.nov20, end: now, sampleLimit: 0, sink: counting,
        flushThreshold: flushThreshold, keyMemo: keyMemo
      ).batch
    }
  }

  /// Hands batches to the store's writer, counting them.
  final class CountingSink: BatchSink {
    var writer: BucketWriter?
    var handedOver = 0

    func writeBehind(_ batch: inout ImportBatch) throws -> SeriesNumbers? {
      handedOver += 1
      return try writer?.writeBehind(&batch)
    }
  }

  func inspector() throws -> StoreInspector {
    try StoreInspector(path: workspace.path(".stability/store.db"))
  }

  func state(_ importer: String) throws -> ImporterState? {
    try Store(path: workspace.path(".stability/store.db")).state(of: importer)
  }
}

extension ImportResult {
  var failure: ImportFailure? {
    if case .failed(let failure) = outcome { return failure }
    return nil
  }

  var span: (start: Int64, end: Int64)? {
    if case .imported(let start, let end, _, _, _, _) = outcome { return (start, end) }
    return nil
  }

  var rejections: Rejections? {
    if case .imported(_, _, _, _, let rejections, _) = outcome { return rejections }
    return nil
  }

  /// Events a file source left out as outside the run's span.
  var outsideSpan: Int? {
    if case .imported(_, _, _, _, _, let outside) = outcome { return outside }
    return nil
  }

  var wasSkipped: Bool {
    if case .skipped = outcome { return true }
    return false
  }
}
