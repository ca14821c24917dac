import StabilityCore
import StabilityStore

extension ReleaseCheck {
  /// The one line `stability check` prints for `outcome`, saying after the
  /// value why `--latest` chose it (`choice`); with `stale` problems (method
  /// method §6: failed or late importers, gaps) the check refuses to pass and names
  /// them, unless `allowStale`, which the line then says.
  package func line(
    for outcome: Outcome, choice: LatestChoice? = nil, stale: [String] = [],
    allowStale: Bool = false, window: ReportWindow
  ) -> String {
    let found = parts(for: outcome, choice: choice, window: window)
    let line = "\(found.figures) → \(found.decision)\(found.after)" + lateNote(window: window)
    guard !stale.isEmpty else { return line }
    let problems = stale.joined(separator: "; ")
    if allowStale { return "\(line) — stale data allowed by --allow-stale: \(problems)" }
    // Not checked: no decision, and none of the comparisons that go with it.
    return "\(found.figures) → NOT CHECKED, the data is not fresh: \(problems). Re-run or fix the "
      + "importers (`stability status` says how), or pass --allow-stale to check anyway"
  }

  /// " — note: rows of importer `crashes` have arrived up to 3 days late,
  /// so the figures since 2026-12-04T17:00:00Z may still grow" (the hour
  /// as far behind the importer's watermark as rows came before); "" when no
  /// importer's rows ever came an hour or more late.
  private func lateNote(window: ReportWindow) -> String {
    guard !lateArrivals.isEmpty else { return "" }
    let importers = lateArrivals.map {
      "importer `\($0.importer)` up to \(LateData.age($0.lateness)) late"
    }
    let since = lateArrivals.map(\.since).min() ?? window.end
    return " — note: rows have arrived late before (\(importers.joined(separator: ", "))), so the "
      + "figures since \(UTCTime.iso8601(since)) may still grow"
  }

  /// The exit status for `outcome` with `stale` problems: 4 (no trustworthy
  /// data) unless `allowStale`.
  package func status(for outcome: Outcome, stale: [String], allowStale: Bool) -> ExitStatus {
    stale.isEmpty || allowStale ? outcome.status : .noData
  }

  /// A check line's pieces: what was checked and its figures, the
  /// decision, and what follows it (the comparisons).
  private struct LineParts {
    let figures: String
    let decision: String
    var after = ""
  }

  private func parts(for outcome: Outcome, choice: LatestChoice?, window: ReportWindow)
    -> LineParts
  {
    switch outcome {
    case .noData(let subject):
      return LineParts(
        figures: "\(self.subject(subject, choice)): no data in the window", decision: "NO DATA")
    case .insufficient(let value, let metric):
      return LineParts(
        figures:
          "\(subject(.value(value), choice)): only \(DisplayFormat.plain(metric)) \(group.name), below "
          + "min_volume \(DisplayFormat.plain(group.minVolume))", decision: "INSUFFICIENT DATA")
    case .notComparable(let value, let reason):
      return LineParts(
        figures:
          "\(subject(.value(value), choice)): no age-matched comparison: \(Self.words(reason))",
        decision: "NOT COMPARABLE")
    case .checked(let row, let stabilityDecision, let rateDecision, let regressed):
      var parts: [String] = []
      let lowerBound = row.impactedBasis.isLowerBound(impacted: row.impacted)
      if let minStability, stabilityDecision != nil, let stability = row.stability {
        let figure = Self.apart(
          100 * stability, from: minStability, DisplayFormat.percent(stability))
        parts.append(
          "stability \(lowerBound ? "at least " : "")\(figure) (95% CI \(interval(row.stabilityLow, row.stabilityHigh))), "
            + "threshold ≥ \(DisplayFormat.plain(minStability))%")
      }
      if let maxRate, rateDecision != nil, let rate = row.rate {
        parts.append(
          "rate \(group.kind == .count ? Self.apart(100 * rate, from: maxRate, DisplayFormat.rate(rate, group: group)) : DisplayFormat.rate(rate, group: group)) (95% CI \(interval(row.rateLow, row.rateHigh, rate: true))), "
            + "threshold ≤ \(DisplayFormat.plain(maxRate))\(group.kind == .count ? "%" : "")")
      }
      let failed = [
        stabilityDecision == .fail ? "stability below threshold" : nil,
        rateDecision == .fail ? "rate above threshold" : nil,
        regressed ? "regressed at the same age" : nil,
      ].compactMap { $0 }
      let held = [
        stabilityDecision.flatMap {
          heldWords(
            $0, "stability", threshold: "\(DisplayFormat.plain(minStability ?? 0))%",
            leansPass: 100 * (row.stability ?? 0) >= (minStability ?? 0))
        },
        rateDecision.flatMap {
          heldWords(
            $0, "rate",
            threshold: DisplayFormat.plain(maxRate ?? 0)
              + (group.kind == .count ? "%" : " per \(DisplayFormat.compact(group.per))"),
            leansPass: (row.rate ?? 0) * (group.kind == .count ? 100 : group.per)
              <= (maxRate ?? 0))
        },
      ].compactMap { $0 }
      let decision =
        switch outcome.decision {
        case .pass: "PASS"
        case .fail: "FAIL (\(failed.joined(separator: ", ")))"
        case .hold:
          // A lower bound below the bar is not a matter of time: more data
          // at this rate leaves it below; `impacted` from the metric decides.
          rateDecision?.isHold != true && stabilityDecision == .belowAsLowerBound
            ? "HOLD, undecidable from a lower bound (\(held.joined(separator: "; ")))"
            : "HOLD, not enough evidence yet (\(held.joined(separator: "; ")))"
        }
      let exactness =
        lowerBound && stabilityDecision != nil
        ? " (stability at least this: impacted is counted from the error rows, where a unit hit "
          + "by two errors counts twice; "
          + "return an `impacted` column "
          + (metricImporters.isEmpty
            ? "from its importers"
            : "from importer \(Plural.list(metricImporters.map { "`\($0)`" }))")
          + " to make it exact)"
        : ""
      return LineParts(
        figures:
          "\(subject(.value(row.value.string), choice)): \(parts.joined(separator: "; ")) "
          + covers(row, window: window) + exactness,
        decision: decision, after: comparisons(row).map { " · \($0)" } ?? "")
    }
  }

  /// A held threshold in words: "its stability interval straddles 99.5%;
  /// about 630 more Sessions Started at this rate would decide"; nil when
  /// the decision is not a hold.
  /// `leansPass`: whether the figure itself is on the passing side — what
  /// more data at the same rate would decide.
  private func heldWords(
    _ decision: ThresholdDecision, _ figure: String, threshold: String, leansPass: Bool
  ) -> String? {
    if decision == .belowAsLowerBound {
      return "the \(figure) is below \(threshold) as counted, but the count is a lower bound "
        + "and the true \(figure) may be higher"
    }
    guard case .hold(let more) = decision else { return nil }
    let straddles = "the \(figure) interval straddles \(threshold)"
    guard let more else { return straddles + ", and so does the figure itself" }
    return "\(straddles); at this rate about \(FigureText.roughly(more)) more \(group.name) "
      + "would make it \(leansPass ? "PASS" : "FAIL")"
  }

  /// Why no age-matched comparison could be made, in words.
  static func words(_ reason: NotComparable) -> String {
    switch reason {
    case .releaseHourUnknown:
      "its release hour is unknown (live since the store's first hour, or never 1% of the "
        + "group's metric)"
    case .noBaseline: "it has no baseline (no lower version with metric in the window)"
    case .baselineReleaseHourUnknown(let baseline):
      "the release hour of its baseline \(baseline) is unknown"
    case .lessThanAnHour: "it is less than an hour old"
    }
  }

  /// Why `--latest` chose its value, in words: `newest release with Sessions
  /// in the window; 2.6.0-beta.1 is newer but a pre-release (--include-prereleases)`.
  func words(_ choice: LatestChoice) -> String {
    var reason =
      (choice.includePrereleases ? "newest \(attribute.name)" : "newest release")
      + " with \(group.name) in the window"
    if let newer = choice.newerPrerelease {
      reason += "; \(newer.string) is newer but a pre-release (--include-prereleases)"
    }
    if let unmeasured = choice.unmeasured {
      reason +=
        "; \(unmeasured.value.string) is newer but has \(Plural.of(unmeasured.errors, "error")) "
        + "and no \(group.name) in the window"
    }
    return reason
  }

  /// What the figures cover: the span and its counts — "over [2026-11-25T14:00:00Z,
  /// 2026-12-02T14:44:00Z): 4,269 Sessions Started, 98 errors, 96 impacted", or
  /// the version's first hours after release for an age-matched gate.
  private func covers(_ row: ValueScores, window: ReportWindow) -> String {
    let span =
      ageMatched && row.ageMatched != nil
      ? "over its first \(row.ageMatched?.hours ?? 0) h after release "
        + "(from \(UTCTime.iso8601(row.ageMatched?.released ?? 0)))"
      : "over [\(UTCTime.iso8601(window.start)), \(UTCTime.iso8601(window.end)))"
        + (dataThrough.flatMap {
          $0 < window.end ? " — data through \(UTCTime.iso8601($0)) only" : nil
        } ?? "")
    let metric =
      row.metric == row.metric.rounded() && row.metric < 9e15
      ? FigureText.count(Int64(row.metric))
      : row.metric < 9e15
        // An amount (minutes): whole units with separators and one decimal.
        ? FigureText.count(Int64(row.metric.rounded(.down)))
          + String(format: ".%01d", Int((row.metric - row.metric.rounded(.down)) * 10))
        : DisplayFormat.plain(row.metric)
    return "\(span): \(metric) \(group.name), \(FigureText.count(row.errors)) "
      + Plural.noun(row.errors, "error")
      + (group.kind == .count ? ", \(FigureText.count(row.impacted)) impacted" : "")
  }

  /// `shown`, or more digits when it reads as exactly `threshold` but the
  /// value is not (86.40625% against 86.41 must not read "86.41% … FAIL").
  static func apart(_ percent: Double, from threshold: Double, _ shown: String) -> String {
    guard Double(shown.dropLast()) == threshold, percent != threshold else { return shown }
    var digits = String(format: "%.8f", percent)
    while digits.hasSuffix("0") { digits.removeLast() }
    return digits + "%"
  }

  /// "vs 3.16.10: calendar +52.4% (regressed), same age (first 72 h) −3.0% (not enough
  /// evidence yet)" — a verdict never contradicts its change: `unchanged` needs the whole
  /// ratio interval within `min_change`, so its change is too.
  private func comparisons(_ row: ValueScores) -> String? {
    guard let comparison = row.comparison, let previous = comparison.previous else { return nil }
    var text =
      "vs \(previous): calendar \(FigureText.delta(comparison.delta, ratio: comparison.ratio)) "
      + "(\(comparison.verdict?.words ?? "n/a"))"
    if let age = row.ageMatched {
      text +=
        ", same age (first \(age.hours) h) \(FigureText.delta(age.delta, ratio: age.ratio)) (\(age.verdict.words))"
    } else {
      text += ", same age n/a" + (sameAgeGap.map { " (\(Self.words($0)))" } ?? "")
    }
    return text
  }

  private func subject(_ subject: Subject, _ choice: LatestChoice?) -> String {
    switch subject {
    case .value(let value):
      "\(group.id) \(attribute.name) \(value)" + (choice.map { " (\(words($0)))" } ?? "")
    case .latest:
      // "(latest release)" already says how it was chosen: no second parenthesis.
      "\(group.id) \(attribute.name) \(Self.words(subject))"
    }
  }

  /// The value checked, or `(latest release)` / `(latest)` when none qualified.
  static func words(_ subject: Subject) -> String {
    switch subject {
    case .value(let value): value
    case .latest(let includePrereleases): includePrereleases ? "(latest)" : "(latest release)"
    }
  }

  private func interval(_ low: Double?, _ high: Double?, rate: Bool = false) -> String {
    guard let low, let high else { return "n/a" }
    if rate { return DisplayFormat.rateInterval(low, high, group: group) }
    return DisplayFormat.percentInterval(low, high)
  }
}
