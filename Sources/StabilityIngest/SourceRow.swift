import StabilityCore

/// One row of a result, read by column index.
package protocol SourceRow {
  /// The value in column `column` (0-based).
  func value(_ column: Int) -> SourceValue

  /// Column `column`'s UTF-8 bytes when it holds text (or a blob, whose
  /// bytes must then be UTF-8 too), lent to `body` only;
  /// nil when it is not text or the row cannot lend its storage (callers
  /// then use `value`). Lets the importer skip building a `String` per cell.
  func withTextBytes<Result>(_ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result)
    -> Result?
}

extension SourceRow {
  package func withTextBytes<Result>(
    _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result? { nil }
}

/// Receives a source's result: its columns once, then each row.
package protocol SourceRowSink {
  /// The result's column names, before any row.
  mutating func begin(columns: [String]) throws
  /// One row; the sink validates and buckets it.
  mutating func row(_ row: some SourceRow) throws
  /// A record the source itself could not turn into a row (malformed line,
  /// missing attribute), counted by reason.
  mutating func reject(reason: String, example: String)
  /// An event the source itself left out because its time lies outside
  /// `[$1, $2)` (sources that read every event and apply the span
  /// themselves: files), counted apart from rejections.
  mutating func skipOutsideSpan()
}

/// A row held in memory (event sources build one per event).
package struct ValuesRow: SourceRow {
  /// The row's values, by column.
  package var values: [SourceValue]
  /// A row of `values`.
  public init(values: [SourceValue]) { self.values = values }
  package func value(_ column: Int) -> SourceValue { values[column] }
}
