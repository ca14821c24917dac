import Foundation
import StabilityCore

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
  /// When it last re-read its `reread` span (method §2.2 step 10).
  package var lastReread: Int64? = nil
  /// What that re-read found that the store did not have in hours older
  /// than the overlap: errors (error importers) or metric.
  package var lateAmount: Double = 0
  /// For a count group's importer: how many more of its units had an error
  /// (`impacted`) in those hours — late crash reports for older sessions.
  package var lateImpacted: Double = 0
  /// The oldest late data seen: how far behind the watermark, in seconds.
  package var maxLateness: Int64? = nil

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

/// Data a re-read found in hours older than the overlap that the store did
/// not have (method §2.2 step 10): how much, and how late the oldest was.
package struct LateData: Sendable, Equatable {
  /// The increase of the stored errors (error importers) or metric.
  package let amount: Double
  /// How far behind the watermark the oldest increased hour was, in
  /// seconds; nil when nothing arrived late.
  package let lateness: Int64?
  /// The importer's overlap, for the sentence.
  package let overlap: TimeSpan
  /// Whether the amounts are errors (else metric).
  package let errors: Bool
  /// Metric importers: the increase of the stored `impacted`.
  package var impacted: Double = 0

  package init(
    amount: Double, lateness: Int64?, overlap: TimeSpan, errors: Bool, impacted: Double = 0
  ) {
    (self.amount, self.lateness, self.overlap, self.errors) = (amount, lateness, overlap, errors)
    self.impacted = impacted
  }
}

extension LateData {
  /// "9 errors arrived later than the 1d overlap (up to 3 days behind the
  /// watermark); counted now" — nil when nothing arrived late. (The one
  /// sentence the store states: `import`'s summary and `status` share it.)
  package var sentence: String? {
    guard amount > 0 || impacted > 0 else { return nil }
    let metric = "\(amount == amount.rounded() ? String(Int64(amount)) : String(amount)) of metric"
    let hit = "\(Int64(impacted.rounded())) more of its units with an error (`impacted`)"
    let what =
      errors
      ? Plural.of(Int64(amount.rounded()), "error")
      : [amount > 0 ? metric : nil, impacted > 0 ? hit : nil].compactMap { $0 }
        .joined(separator: " and ")
    let behind = lateness.map { " (up to \(LateData.age($0)) behind the watermark)" } ?? ""
    return "\(what) arrived later than the \(overlap) overlap\(behind); counted now by the "
      + "day's re-read"
  }

  /// `26 hours` below two days, then days: `3 days`, `3.2 days` — one
  /// unit from night to night, whatever the hour of the re-read.
  package static func age(_ seconds: Int64) -> String {
    guard seconds >= 2 * UTCTime.day else { return Plural.of(seconds / UTCTime.hour, "hour") }
    let days = String(format: "%.1f", Double(seconds) / Double(UTCTime.day))
    // 48 h 20 min reads `2 days`, not `2.0 days`.
    return (days.hasSuffix(".0") ? String(days.dropLast(2)) : days) + " days"
  }
}
