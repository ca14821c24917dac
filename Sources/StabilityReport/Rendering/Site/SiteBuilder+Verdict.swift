import Foundation
import StabilityCore

/// The version page's answer (method §5): one sentence with the verdict, the
/// baseline's figures, the same-age result and the top driver; and the
/// regression attribution — per fingerprint `E(f,v)/M(v) − E(f,u)/M(u)`,
/// which sum to the change in rate.
extension SiteBuilder {
  func verdictSentence(_ group: GroupScores, row: ValueScores, attribution: AttributionSummary)
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
    let total = attribution.total
    if verdict == .regressed, let top = attribution.top.first, top.change > 0, total > 0 {
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
    } else if verdict == .improved, let top = attribution.smallest, top.change < 0 {
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
        baselineRate: rate(base.rate),
        delta: FigureText.delta(comparison.delta, ratio: comparison.ratio),
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
          delta: FigureText.delta(age.delta, ratio: age.ratio), ratio: ratio(age.ratio),
          verdict: age.verdict.words))
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

  /// The attribution of a version's change in rate to its fingerprints:
  /// the largest changes in order, the others summed. A version with
  /// 100,000 fingerprints is not sorted whole for a table of 50.
  struct AttributionSummary {
    /// The `report.top_fingerprints` largest changes, largest first (ties by
    /// fingerprint bytes).
    var top: [Attribution] = []
    /// The smallest change (the largest decrease), when any.
    var smallest: Attribution?
    /// The fingerprints after `top`: how many, and their sums.
    var restCount = 0
    var restHere: Int64 = 0
    var restBaseline: Int64 = 0
    var restChange = 0.0
    /// Every change summed: the change in rate.
    var total = 0.0

    var isEmpty: Bool { top.isEmpty }

    /// Whether `a` is listed before `b`: larger change first, then bytes.
    static func before(_ a: Attribution, _ b: Attribution) -> Bool {
      (b.change, a.fingerprint) < (a.change, b.fingerprint)
    }

    /// Adds one fingerprint's change, keeping the `limit` largest in order.
    mutating func add(_ item: Attribution, limit: Int) {
      total += item.change
      // The smallest change; among equal ones the first in bytes.
      if smallest.map({
        item.change < $0.change || (item.change == $0.change && Self.before(item, $0))
      })
        ?? true
      {
        smallest = item
      }
      var spilled = item
      if top.count < limit || Self.before(item, top[top.count - 1]) {
        var low = 0
        var high = top.count
        while low < high {
          let middle = (low + high) / 2
          if Self.before(top[middle], item) { low = middle + 1 } else { high = middle }
        }
        top.insert(item, at: low)
        guard top.count > limit else { return }
        spilled = top.removeLast()
      }
      restCount += 1
      restHere += spilled.here
      restBaseline += spilled.baseline
      restChange += spilled.change
    }
  }

  /// Every fingerprint with errors at `row`'s value or its baseline, by
  /// change, the largest `report.top_fingerprints` in order.
  func attribution(_ group: GroupScores, groupIndex: Int, row: ValueScores)
    -> AttributionSummary
  {
    var summary = AttributionSummary()
    guard let previous = row.comparison?.previous, row.metric > 0 else { return summary }
    let baseValue = ByteString(previous)
    let baseMetric =
      group.by.first { $0.attribute.ordered }?.values.first { $0.value == baseValue }?.metric ?? 0
    guard baseMetric > 0 else { return summary }
    let newIn = Set(row.newIn ?? [])
    var errors: [Int: (here: Int64, baseline: Int64)] = [:]
    for (position, cell) in fingerprintsByValue[groupIndex][row.value] ?? [] {
      errors[position, default: (0, 0)].here += cell.errors
    }
    for (position, cell) in fingerprintsByValue[groupIndex][baseValue] ?? [] {
      errors[position, default: (0, 0)].baseline += cell.errors
    }
    // In list order, so the sums are the same from run to run.
    for (position, counts) in errors.sorted(by: { $0.key < $1.key }) {
      let fingerprint = group.fingerprints[position].fingerprint
      summary.add(
        Attribution(
          fingerprint: fingerprint, here: counts.here, baseline: counts.baseline,
          change: Double(counts.here) / row.metric - Double(counts.baseline) / baseMetric,
          isNew: newIn.contains(fingerprint)),
        limit: config.report.topFingerprints)
    }
    return summary
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
  func attributionRows(_ group: GroupScores, _ attribution: AttributionSummary)
    -> [AttributionRowView]
  {
    var rows = attribution.top.map { item in
      AttributionRowView(
        fingerprint: fingerprintLink(item.fingerprint), here: FigureText.count(item.here),
        baseline: FigureText.count(item.baseline), change: points(item.change, group.group),
        isNew: item.isNew, isOther: false)
    }
    if attribution.restCount > 0 {
      rows.append(
        AttributionRowView(
          fingerprint: LinkView(
            text: "\(attribution.restCount) other fingerprints", full: "", slug: "",
            hasPage: false),
          here: FigureText.count(attribution.restHere),
          baseline: FigureText.count(attribution.restBaseline),
          change: points(attribution.restChange, group.group), isNew: false,
          isOther: true))
    }
    return rows
  }
}
