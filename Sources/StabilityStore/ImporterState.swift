/// What the store remembers about one importer (method §2.2).
package struct ImporterState: Sendable, Equatable {
  /// The importer's name.
  public var name: String
  /// `metric` or `errors`.
  package var kind: String
  /// End of the last successful span (`$2`); nil before the first run or after `--reset`.
  package var watermark: Int64?
  /// When it last ran, successfully or not.
  package var lastRun: Int64?
  /// When it last succeeded.
  package var lastSuccess: Int64?
  /// The last failure's message; nil after a success.
  package var lastError: String?
  /// The last successful span `[start, end)`.
  package var lastSpan: (start: Int64, end: Int64)?
  /// Rows stored by the last successful run.
  package var rowsImported: Int
  /// Rows rejected by the last successful run.
  package var rowsRejected: Int
  /// `reason: count` lines of the last successful run.
  package var rejectedReasons: String

  public static func == (lhs: ImporterState, rhs: ImporterState) -> Bool {
    lhs.name == rhs.name && lhs.kind == rhs.kind && lhs.watermark == rhs.watermark
      && lhs.lastRun == rhs.lastRun && lhs.lastSuccess == rhs.lastSuccess
      && lhs.lastError == rhs.lastError && lhs.lastSpan?.start == rhs.lastSpan?.start
      && lhs.lastSpan?.end == rhs.lastSpan?.end && lhs.rowsImported == rhs.rowsImported
      && lhs.rowsRejected == rhs.rowsRejected && lhs.rejectedReasons == rhs.rejectedReasons
  }
}

/// One entry of the run log.
package struct RunLogEntry: Sendable, Equatable {
  /// The subcommand, e.g. `import`.
  package var command: String
  /// Start, seconds since the epoch.
  package var startedAt: Int64
  /// End, seconds since the epoch.
  package var finishedAt: Int64
  /// The process exit code.
  package var exitCode: Int32
  /// One-line summary.
  package var summary: String

  /// An entry for `command` run from `startedAt` to `finishedAt`.
  public init(
    command: String, startedAt: Int64, finishedAt: Int64, exitCode: Int32, summary: String
  ) {
    self.command = command
    self.startedAt = startedAt
    self.finishedAt = finishedAt
    self.exitCode = exitCode
    self.summary = summary
  }
}
