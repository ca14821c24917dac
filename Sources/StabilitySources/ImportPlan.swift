import StabilityCore
import StabilityStore

/// Options of one `stability import` invocation (method §2.2, method §6).
package struct ImportOptions: Sendable {
  /// Run even when not due.
  var force = false
  /// Backfill start (widened down to the hour).
  var since: Int64?
  /// Backfill end (widened up to the hour).
  var until: Int64?
  /// Forget watermarks first, so runs reach back `history` again.
  package var reset = false
  /// The time the run's report needs data through (`run`: its window's
  /// end): an importer whose watermark is before it is due whatever its
  /// period, so a manual import between two nightly runs never makes the
  /// next one skip the hours its report shows.
  package var needsThrough: Int64?

  /// Default options: due importers only, from their watermarks.
  public init(force: Bool = false, since: Int64? = nil, until: Int64? = nil, reset: Bool = false) {
    self.force = force
    self.since = since
    self.until = until
    self.reset = reset
  }
}

/// The span one importer run reads, or why it does not run.
enum ImportPlan: Sendable, Equatable {
  /// Not due until `next`.
  case notDue(next: Int64)
  /// Read `[start, end)`; afterwards the watermark becomes `watermark`
  /// (nil: a backfill before the first regular run leaves it unset).
  /// `lateBefore`: the day's re-read (method §2.2 step 10) — what it finds
  /// in hours before this one, the store did not have: late data.
  case run(start: Int64, end: Int64, watermark: Int64?, lateBefore: Int64? = nil)

  /// Refuses a backfill span that holds nothing to read: `--since` not
  /// before `--until`, or a span that starts after `now` (exit 2).
  static func check(_ options: ImportOptions, now: Int64) throws {
    guard let since = options.since else { return }
    if let until = options.until, since >= until {
      throw UsageError(
        "\(CommandSyntax.since) \(UTCTime.iso8601(since)) is not before \(CommandSyntax.until) "
          + "\(UTCTime.iso8601(until)): the "
          + "span is empty. Give the earlier time to \(CommandSyntax.since).")
    }
    if since >= now {
      throw UsageError(
        "\(CommandSyntax.since) \(UTCTime.iso8601(since)) is in the future (now is \(UTCTime.iso8601(now))): "
          + "there is nothing to import yet.")
    }
  }

  /// Decides the span for `importer` at `now` from its stored state (method §2.2 steps 1–2).
  /// An importer whose last run failed is due again at once, so the next run recovers.
  static func make(
    importer: ImporterConfig, state: ImporterState?, now: Int64, options: ImportOptions
  ) -> ImportPlan {
    let watermark = options.reset ? nil : state?.watermark
    if let since = options.since {
      let start = UTCTime.floorToHour(since)
      let end = UTCTime.ceilToHour(min(options.until ?? now, now))
      return .run(start: start, end: end, watermark: watermark.map { max($0, min(end, now)) })
    }
    // Due by the watermark, not the last success: a backfill that did not
    // move the watermark (or ran before the first regular run) leaves the
    // schedule as it was.
    if !options.force, !options.reset, state?.lastError == nil,
      let mark = state?.watermark, mark + dueAfter(importer.period.seconds) > now,
      mark >= options.needsThrough ?? mark
    {
      return .notDue(next: mark + dueAfter(importer.period.seconds))
    }
    let start =
      watermark.map { UTCTime.floorToHour($0 - importer.overlap.seconds) }
      ?? UTCTime.floorToHour(now - importer.history.seconds)
    // The first scheduled run of a UTC day re-reads `reread` before the
    // overlap, so reports later than the overlap are counted, not lost;
    // after an outage longer than `reread` it still starts at the overlap.
    let day = { (time: Int64) in UTCTime.floorDiv(time, UTCTime.day) }
    if watermark != nil, importer.reread.seconds > 0,
      state?.lastReread.map({ day(now) > day($0) }) ?? true
    {
      let reread = UTCTime.floorToHour(
        max(now - importer.reread.seconds, now - importer.history.seconds))
      if reread < start {
        return .run(start: reread, end: now, watermark: now, lateBefore: start)
      }
    }
    return .run(start: start, end: now, watermark: now)
  }

  /// How long after its last success an importer is due again: its `period`
  /// less a tenth, so a timer that fires a little early (systemd's
  /// `AccuracySec`, `RandomizedDelaySec`) still finds an
  /// hourly importer due every hour instead of every other hour.
  static func dueAfter(_ period: Int64) -> Int64 { period - period / 10 }
}
