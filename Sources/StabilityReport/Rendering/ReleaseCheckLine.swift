import StabilityCore

extension ReleaseCheck {
  /// The one line `stability check` prints for `outcome`, saying after the
  /// value why `--latest` chose it (`choice`); with `stale` problems (SPEC
  /// §6: failed or late importers, gaps) the check refuses to pass and names
  /// them, unless `allowStale`, which the line then says.
  public func line(
    for outcome: Outcome, choice: String? = nil, stale: [String] = [], allowStale: Bool = false,
    window: ReportWindow
  ) -> String {
    let found = line(for: outcome, choice: choice, window: window)
    guard !stale.isEmpty else { return found }
    let problems = stale.joined(separator: "; ")
    if allowStale { return "\(found) — stale data allowed by --allow-stale: \(problems)" }
    let figures = found.components(separatedBy: " → ").dropLast().joined(separator: " → ")
    // (the comparisons after the verdict go with it)
    return "\(figures) → NOT CHECKED, the data is not fresh: \(problems). Re-run or fix the "
      + "importers (`stability status` says how), or pass --allow-stale to check anyway"
  }

  /// The exit status for `outcome` with `stale` problems: 4 (no trustworthy
  /// data) unless `allowStale`.
  public func status(for outcome: Outcome, stale: [String], allowStale: Bool) -> ExitStatus {
    stale.isEmpty || allowStale ? outcome.status : .noData
  }

  private func line(for outcome: Outcome, choice: String?, window: ReportWindow) -> String {
    switch outcome {
    case .noData(let value):
      return "\(subject(value, choice)): no data in the window → NO DATA"
    case .insufficient(let value, let metric):
      return
        "\(subject(value, choice)): only \(DisplayFormat.plain(metric)) of metric, below min_volume "
        + "\(DisplayFormat.plain(group.minVolume)) → INSUFFICIENT DATA"
    case .notComparable(let value, let reason):
      return "\(subject(value, choice)): no age-matched comparison: \(reason) → NOT COMPARABLE"
    case .checked(let row, let stabilityPassed, let ratePassed, let regressed):
      var parts: [String] = []
      if let minStability, stabilityPassed != nil, let stability = row.stability {
        parts.append(
          "stability \(Self.apart(100 * stability, from: minStability, DisplayFormat.percent(stability))) (95% CI \(interval(row.stabilityLow, row.stabilityHigh))), "
            + "threshold ≥ \(DisplayFormat.plain(minStability))%")
      }
      if let maxRate, ratePassed != nil, let rate = row.rate {
        parts.append(
          "rate \(group.kind == .count ? Self.apart(100 * rate, from: maxRate, DisplayFormat.rate(rate, group: group)) : DisplayFormat.rate(rate, group: group)) (95% CI \(interval(row.rateLow, row.rateHigh, rate: true))), "
            + "threshold ≤ \(DisplayFormat.plain(maxRate))\(group.kind == .count ? "%" : "")")
      }
      let failed = [
        stabilityPassed == false ? "stability below threshold" : nil,
        ratePassed == false ? "rate above threshold" : nil,
        regressed ? "regressed at the same age" : nil,
      ].compactMap { $0 }
      let verdict = failed.isEmpty ? "PASS" : "FAIL (\(failed.joined(separator: ", ")))"
      let compared = comparisons(row).map { " · \($0)" } ?? ""
      return "\(subject(row.value.string, choice)): \(parts.joined(separator: "; ")) "
        + "\(covers(row, window: window)) → \(verdict)" + compared
    }
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
    let metric =
      row.metric == row.metric.rounded() && row.metric < 9e15
      ? FigureText.count(Int64(row.metric)) : DisplayFormat.plain(row.metric)
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

  /// "vs 3.16.10: calendar −52.4% (unchanged), same age (first 72 h) +0.0% (unchanged)".
  private func comparisons(_ row: ValueScores) -> String? {
    guard let comparison = row.comparison, let previous = comparison.previous else { return nil }
    var text =
      "vs \(previous): calendar \(FigureText.delta(comparison.delta)) "
      + "(\(comparison.verdict?.words ?? "n/a"))"
    if let age = row.ageMatched {
      text +=
        ", same age (first \(age.hours) h) \(FigureText.delta(age.delta)) (\(age.verdict.words))"
    } else {
      text += ", same age n/a"
    }
    return text
  }

  private func subject(_ value: String, _ choice: String?) -> String {
    // "(latest release)" already says how it was chosen: no second parenthesis.
    "\(group.id) \(attribute.name) \(value)"
      + (value.hasPrefix("(") ? "" : choice.map { " (\($0))" } ?? "")
  }

  private func interval(_ low: Double?, _ high: Double?, rate: Bool = false) -> String {
    guard let low, let high else { return "n/a" }
    if rate { return DisplayFormat.rateInterval(low, high, group: group) }
    return "\(DisplayFormat.percent(low))–\(DisplayFormat.percent(high))"
  }
}

extension ReleaseCheck {
  /// `check --format json`: one object a pipeline can post — what was
  /// checked and why, its figures, the thresholds, the verdict, the
  /// freshness problems, the line and the exit code.
  public func json(
    for outcome: Outcome, choice: String?, stale: [String], allowStale: Bool,
    window: ReportWindow
  ) -> JSONValue {
    let status = status(for: outcome, stale: stale, allowStale: allowStale)
    var pairs: [(String, JSONValue)] = [
      ("group", .string(group.id)), ("attribute", .string(attribute.name)),
    ]
    var verdict: String
    switch outcome {
    case .noData(let value):
      pairs.append(("value", .string(value)))
      verdict = "no data"
    case .insufficient(let value, let metric):
      pairs += [("value", .string(value)), ("metric", .number(metric))]
      verdict = "insufficient data"
    case .notComparable(let value, _):
      pairs.append(("value", .string(value)))
      verdict = "not comparable"
    case .checked(let row, _, _, _):
      pairs += [
        ("value", .string(row.value.string)), ("metric", .number(row.metric)),
        ("errors", .integer(row.errors)), ("impacted", .integer(row.impacted)),
        ("rate", .number(row.rate)), ("rate_low", .number(row.rateLow)),
        ("rate_high", .number(row.rateHigh)), ("stability", .number(row.stability)),
        ("stability_low", .number(row.stabilityLow)),
        ("stability_high", .number(row.stabilityHigh)),
      ]
      verdict = outcome.status == .ok ? "pass" : "fail"
    }
    if !stale.isEmpty, !allowStale { verdict = "not checked" }
    pairs += [
      ("chosen", .string(choice ?? "named with --version")),
      (
        "window",
        .object([
          ("start", .string(UTCTime.iso8601(window.start))),
          ("end", .string(UTCTime.iso8601(window.end))),
        ])
      ),
      (
        "thresholds",
        .object([
          ("min_stability_percent", .number(minStability)),
          ("max_rate", .number(maxRate)),
        ])
      ),
      ("verdict", .string(verdict)),
      ("stale", .array(stale.map(JSONValue.string))), ("allow_stale", .bool(allowStale)),
      (
        "line",
        .string(
          line(for: outcome, choice: choice, stale: stale, allowStale: allowStale, window: window))
      ),
      ("exit", .integer(Int64(status.rawValue))),
    ]
    return .object(pairs)
  }
}
