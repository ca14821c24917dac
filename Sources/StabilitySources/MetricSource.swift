import StabilityCore
import StabilityIngest

/// What an importer run asks of a source.
struct SourceRequest: Sendable {
  /// The importer, with its query and time format.
  package let importer: ImporterConfig
  /// `$1`, inclusive.
  public let start: Int64
  /// `$2`, exclusive.
  package let end: Int64
  /// The metric group events must name (metric importers on event sources).
  package let group: String?
  /// Attribute values the rows must match (single-metric importers on event sources).
  let fixedAttributes: [String: String]
  /// Attribute names rows may carry, for sources whose columns are not fixed by a query.
  let attributeNames: [String]
}

/// A place metric values and errors are read from (method §2 "metric source").
/// Each source type lives in its own file behind this protocol.
protocol MetricSource {
  /// Runs the request's query over `[start, end)`, streaming rows into `sink`.
  func read<Sink: SourceRowSink>(_ request: SourceRequest, into sink: inout Sink) throws

  /// The query's result columns as the server describes them without running
  /// it, where the source can (`test-query` shows them first); nil otherwise.
  func describeColumns(_ request: SourceRequest) throws -> [String]?

  /// Warnings about the query that `test-query` shows (known pitfalls), given
  /// how many rows it returned.
  func queryHints(_ request: SourceRequest, rowsRead: Int) -> [String]

  /// Starts the request's query ahead of its turn where the source can, its
  /// rows waiting (bounded) for `read(into:)`; nil when it cannot or the
  /// start fails (`read` then runs and reports as usual).
  func start(_ request: SourceRequest) -> (any StartedRead)?
}

/// A query started ahead of its importer's turn. Read it once, or cancel it.
package protocol StartedRead: AnyObject {
  /// Streams the rows into `sink`, as `MetricSource.read` does.
  func read<Sink: SourceRowSink>(into sink: inout Sink) throws
  /// Stops the query if it still runs; harmless after `read`.
  func cancel()
}

extension MetricSource {
  func describeColumns(_ request: SourceRequest) throws -> [String]? { nil }
  func queryHints(_ request: SourceRequest, rowsRead: Int) -> [String] { [] }
  public func start(_ request: SourceRequest) -> (any StartedRead)? { nil }
}
