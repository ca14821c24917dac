/// A command-line request that cannot be carried out as asked (exit 2).
package struct UsageError: StabilityError {
  /// What was wrong and what to do.
  package let message: String
  /// An error with `message`.
  public init(_ message: String) { self.message = message }
  package var exitStatus: ExitStatus { .usage }
  public var description: String { message }
}

/// Why a source could not be read.
package enum SourceError: Error, Sendable {
  /// The source cannot be reached or opened (method §6 exit 3).
  case unavailable(String)
  /// The source answered with an error for the query.
  case query(String)
  /// The result's columns cannot be interpreted.
  case columns(String)
  /// The rows read cannot be stored as they are: too many were rejected, or
  /// their times lie outside the span the query was asked for.
  case rows(String)
}
