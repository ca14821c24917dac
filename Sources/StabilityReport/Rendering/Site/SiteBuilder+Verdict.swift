import Foundation
import StabilityCore

/// The version page's answer (method §5): one sentence with the verdict, the
/// baseline's figures, the same-age result and the top driver; and the
/// regression attribution — per fingerprint `E(f,v)/M(v) − E(f,u)/M(u)`,
/// which sum to the change in rate.
extension SiteBuilder {
  func verdictSentence(_ group: GroupScores, row: ValueScores, attribution: [Attribution])
    -> String
  {
    let value = FigureText.short(row.value.string, limit: 80)
    guard let comparison = row.comparison, let previous = comparison.previous,
      let verdict = comparison.verdict
    else {
      return "\(value): no earlier version with \(group.group.name) in the window to compare with."
    }
    let base = group.by.first { $0.attribute.ordered }?.values.first {
      $0.value == ByteString(previous)
    }
    let rate = { (value: Double?) in FigureText.rate(value, group: group.group) }
    let minChange = group.group.minChange
    var sentence =
      "\(value) \(verdict.words): \(rate(row.rate)) (\(rateHeading(group.group))) vs "
      + "\(rate(base?.rate)) for \(previous) — "
      + FigureText.ratioClause(
        comparison.ratio, verdict: verdict, previous: previous, minChange: minChange)
    if let age = row.ageMatched {
      sentence +=
        "; at the same age, over its first \(Self.span(age.hours * UTCTime.hour)): "
        + "\(rate(age.rate)) vs \(rate(age.previousRate)) — \(age.verdict.words) ("
        + FigureText.ratioClause(
          age.ratio, verdict: age.verdict, previous: previous, minChange: minChange) + ")"
    } else {
      let unknown = row.released == nil ? value : previous
      sentence += "; no same-age comparison (the release hour of \(unknown) is unknown)"
    }
    sentence += "."
    let total = attribution.reduce(0) { $0 + $1.change }
    if verdict == .regressed, let top = attribution.first, top.change > 0, total > 0 {
      // Say "most" only when it is: the top driver's share of the net change.
      let name =
        FigureText.short(top.fingerprint.string, limit: 80)
        + (top.isNew ? " (new in \(value))" : "")
      let part = points(top.change, group.group)
      let whole = points(total, group.group)
      if top.change > total {
        sentence += " \(name) alone adds \(part), more than the net \(whole): others fell."
      } else if top.change * 2 >= total {
        sentence += " Most of the increase comes from \(name), \(part) of \(whole)."
      } else {
        sentence +=
          " The largest contributor is \(name), \(part) of \(whole) "
          + "(\(FigureText.share(top.change / total)))."
      }
    } else if verdict == .improved, let top = attribution.min(by: { $0.change < $1.change }),
      top.change < 0
    {
      sentence +=
        " The largest decrease comes from \(FigureText.short(top.fingerprint.string, limit: 80)), "
        + "\(points(top.change, group.group)) of \(points(total, group.group))."
    }
    return sentence
  }

  /// The version beside its baseline: over the calendar window, and over
  /// both versions' first ℓ hours after release (same age).
  func comparisonRows(_ group: GroupScores, row: ValueScores) -> [ComparisonRowView] {
    guard let comparison = row.comparison, let previous = comparison.previous,
      let base = group.by.first(where: { $0.attribute.ordered })?.values.first(where: {
        $0.value == ByteString(previous)
      })
    else { return [] }
    let rate = { (value: Double?) in FigureText.rate(value, group: group.group) }
    let ratio = { (value: RateRatio) in
      value.ratio.map { FigureText.ratio($0) + " (" + FigureText.ratioInterval(value) + ")" }
        ?? (value.low == nil ? "n/a" : FigureText.ratioInterval(value))
    }
    var rows = [
      ComparisonRowView(
        span: "the window", metric: FigureText.metric(row.metric),
        errors: FigureText.count(row.errors), rate: rate(row.rate),
        baselineMetric: FigureText.metric(base.metric),
        baselineErrors: FigureText.count(base.errors),
        baselineRate: rate(base.rate), delta: FigureText.delta(comparison.delta),
        ratio: ratio(comparison.ratio), verdict: comparison.verdict?.words ?? "n/a")
    ]
    if let age = row.ageMatched {
      rows.append(
        ComparisonRowView(
          span: "first \(Self.span(age.hours * UTCTime.hour)) after release (same age)",
          metric: FigureText.metric(age.metric), errors: FigureText.count(age.errors),
          rate: rate(age.rate), baselineMetric: FigureText.metric(age.previousMetric),
          baselineErrors: FigureText.count(age.previousErrors),
          baselineRate: rate(age.previousRate),
          delta: FigureText.delta(age.delta), ratio: ratio(age.ratio), verdict: age.verdict.words))
    }
    return rows
  }

  /// One fingerprint's share of the change in rate from `u` to `v`.
  struct Attribution {
    let fingerprint: ByteString
    let here: Int64
    let baseline: Int64
    let change: Double
    let isNew: Bool
  }

  /// Every fingerprint with errors at `row`'s value or its baseline, by change, largest first.
  func attribution(_ group: GroupScores, groupIndex: Int, row: ValueScores) -> [Attribution] {
    guard let previous = row.comparison?.previous, row.metric > 0 else { return [] }
    let baseValue = ByteString(previous)
    let baseMetric =
      group.by.first { $0.attribute.ordered }?.values.first { $0.value == baseValue }?.metric ?? 0
    guard baseMetric > 0 else { return [] }
    let newIn = Set(row.newIn ?? [])
    var errors: [Int: (here: Int64, baseline: Int64)] = [:]
    for (position, cell) in fingerprintsByValue[groupIndex][row.value] ?? [] {
      errors[position, default: (0, 0)].here += cell.errors
    }
    for (position, cell) in fingerprintsByValue[groupIndex][baseValue] ?? [] {
      errors[position, default: (0, 0)].baseline += cell.errors
    }
    return errors.map { position, counts in
      let fingerprint = group.fingerprints[position].fingerprint
      return Attribution(
        fingerprint: fingerprint, here: counts.here, baseline: counts.baseline,
        change: Double(counts.here) / row.metric - Double(counts.baseline) / baseMetric,
        isNew: newIn.contains(fingerprint))
    }.sorted { ($1.change, $0.fingerprint) < ($0.change, $1.fingerprint) }
  }

  /// A change in rate as the pages show rates: points of percent (count
  /// groups) or errors per `per` (amount groups), signed.
  func points(_ change: Double, _ group: MetricGroup) -> String {
    let sign = change > 0 ? "+" : (change < 0 ? "−" : "±")
    return group.kind == .count
      ? "\(sign)\(DisplayFormat.significant(abs(100 * change))) points"
      : "\(sign)\(DisplayFormat.significant(abs(change * group.per))) per "
        + DisplayFormat.compact(group.per)
  }

  /// The attribution table's rows: the top fingerprints, then the rest as
  /// one row, so the changes shown add up to the total.
  func attributionRows(_ group: GroupScores, _ attribution: [Attribution]) -> [AttributionRowView] {
    let limit = config.report.topFingerprints
    var rows = attribution.prefix(limit).map { item in
      AttributionRowView(
        fingerprint: fingerprintLink(item.fingerprint), here: FigureText.count(item.here),
        baseline: FigureText.count(item.baseline), change: points(item.change, group.group),
        isNew: item.isNew, isOther: false)
    }
    let rest = attribution.dropFirst(limit)
    if !rest.isEmpty {
      rows.append(
        AttributionRowView(
          fingerprint: LinkView(
            text: "\(rest.count) other fingerprints", full: "", slug: "", hasPage: false),
          here: FigureText.count(rest.reduce(0) { $0 + $1.here }),
          baseline: FigureText.count(rest.reduce(0) { $0 + $1.baseline }),
          change: points(rest.reduce(0) { $0 + $1.change }, group.group), isNew: false,
          isOther: true))
    }
    return rows
  }
}
