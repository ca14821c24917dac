import StabilityCore
import StabilityIngest

/// Runs an importer's query against its source into a fresh `RowInterpreter`
/// (method §2.2 steps 3–4), storing nothing.
package struct SourceReader {
  let config: Config
  let environment: RunEnvironment

  /// A reader for `config`'s importers.
  public init(config: Config, environment: RunEnvironment) {
    self.config = config
    self.environment = environment
  }

  /// Runs `importer`'s query over `[start, end)` into a fresh interpreter
  /// without storing anything (steps 3–4); `test-query` uses this directly.
  package func read(
    _ importer: ImporterConfig, start: Int64, end: Int64, sampleLimit: Int,
    started: (any StartedRead)? = nil,
    sink batchSink: (any BatchSink)? = nil, flushThreshold: Int = 100_000,
    keyMemo: KeyMemo = .standard
  ) throws -> RowInterpreter {
    let context = ImporterContext(importer: importer, config: config)
    var progress: (@Sendable (Int) -> Void)?
    if let report = environment.progress {
      let name = importer.name
      progress = { rows in report(name, rows) }
    }
    var sink = RowInterpreter(
      importer: importer, group: context.group, metric: context.metric, start: start, end: end,
      sampleLimit: sampleLimit, progress: progress, sink: batchSink, flushThreshold: flushThreshold,
      keyMemo: keyMemo)
    try wrapped(importer) {
      if let started {
        try started.read(into: &sink)
      } else {
        try source(for: importer).read(
          request(importer, context: context, start: start, end: end), into: &sink)
      }
    }
    return sink
  }

  /// Starts `importer`'s query over `[start, end)` ahead of its `read`
  /// where its source can; nil otherwise (or when starting fails: `read`
  /// then runs it and reports the problem as usual).
  public func start(_ importer: ImporterConfig, start: Int64, end: Int64) -> (any StartedRead)? {
    let context = ImporterContext(importer: importer, config: config)
    return (try? source(for: importer))?.start(
      request(importer, context: context, start: start, end: end))
  }

  /// The result columns as the source describes them without running the
  /// query, where it can (PostgreSQL: PQdescribePrepared); nil otherwise.
  package func describe(_ importer: ImporterConfig, start: Int64, end: Int64) throws -> [String]? {
    let context = ImporterContext(importer: importer, config: config)
    return try wrapped(importer) {
      try source(for: importer).describeColumns(
        request(importer, context: context, start: start, end: end))
    }
  }

  /// Source-specific warnings about `importer`'s query (`test-query`).
  func hints(_ importer: ImporterConfig, start: Int64, end: Int64, rowsRead: Int) throws
    -> [String]
  {
    let context = ImporterContext(importer: importer, config: config)
    return try wrapped(importer) {
      try source(for: importer).queryHints(
        request(importer, context: context, start: start, end: end), rowsRead: rowsRead)
    }
  }

  private func source(for importer: ImporterConfig) throws -> any MetricSource {
    guard let sourceConfig = config.source(named: importer.source) else {
      throw SourceError.unavailable("no source named `\(importer.source)` in the config")
    }
    return try SourceConnector.source(for: sourceConfig, environment: environment)
  }

  private func request(
    _ importer: ImporterConfig, context: ImporterContext, start: Int64, end: Int64
  )
    -> SourceRequest
  {
    SourceRequest(
      importer: importer, start: start, end: end, group: context.group?.id,
      fixedAttributes: context.metric?.attributes ?? [:], attributeNames: context.attributeNames)
  }

  /// Runs `body`, naming the importer and source in any `SourceError`.
  private func wrapped<T>(_ importer: ImporterConfig, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as SourceError {
      throw ImportFailure(importer: importer.name, source: importer.source, cause: error)
    }
  }
}

/// The group, metric and attribute names an importer's rows relate to.
struct ImporterContext {
  let group: MetricGroup?
  let metric: MetricDefinition?
  let attributeNames: [String]

  init(importer: ImporterConfig, config: Config) {
    switch importer.target {
    case .metric(let name):
      metric = config.metric(named: name)
      group = metric.flatMap { config.group(id: $0.group) }
    case .group(let id):
      metric = nil
      group = config.group(id: id)
    case .errors:
      metric = nil
      group = nil
    }
    if let group {
      attributeNames = group.attributes.map(\.name)
    } else {
      var names: [String] = []
      for attribute in config.groups.flatMap(\.attributes) where !names.contains(attribute.name) {
        names.append(attribute.name)
      }
      attributeNames = names
    }
  }
}
