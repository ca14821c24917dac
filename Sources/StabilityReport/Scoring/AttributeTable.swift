import StabilityCore
import StabilityStore

/// The sums for one group-by attribute, and the method §3 figures derived
/// from them. A class: every fingerprint's breakdown reads its table, and
/// copying a struct of a dozen arrays per read cost an eighth of a report.
final class AttributeTable: Sendable {
  let attribute: LinkedAttribute
  let defaultValue: ByteString
  /// M(v).
  let metric: [ByteString: Double]
  /// I(v) from the metric's own `impacted`, for the values whose every
  /// metric bucket in the window carries one (method §3).
  let measuredImpacted: [ByteString: Int64]
  /// The error side: E(v), cells E(f, v) by fingerprint, first_seen.
  let errorSide: AttributeErrors
  /// Per `ErrorCell.valueIndex`: the value's position in `order`, and M(v).
  let rankByIndex: [Int]
  let metricByIndex: [Double]

  /// E(v), I(v), approximate(v).
  var errors: [ByteString: ErrorTally] { errorSide.errors }
  /// first_seen(f) by fingerprint index, for ordered attributes.
  var firstSeen: [ByteString?] { errorSide.firstSeen }
  /// Values in method §3 order.
  let order: [ByteString]

  init(
    attribute: LinkedAttribute, metric: [(value: ByteString, tally: MetricTally)],
    errors attributeErrors: AttributeErrors
  ) {
    self.attribute = attribute
    defaultValue = ByteString(attribute.defaultValue)
    self.metric = Dictionary(metric.map { ($0.value, $0.tally.metric) }, uniquingKeysWith: +)
    measuredImpacted = Dictionary(
      metric.compactMap { row in row.tally.impacted.map { (row.value, $0) } },
      uniquingKeysWith: +)
    errorSide = attributeErrors
    order = Self.sorted(
      Array(Set(self.metric.keys).union(attributeErrors.errors.keys)), attribute: attribute,
      defaultValue: defaultValue, metric: self.metric)
    let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
    rankByIndex = attributeErrors.values.map { rank[$0] ?? Int.max }
    let metricByValue = self.metric
    metricByIndex = attributeErrors.values.map { metricByValue[$0] ?? 0 }
  }

  /// method §3: ordered newest first; unordered by M(v) descending then bytes;
  /// the default value always last.
  static func sorted(
    _ values: [ByteString], attribute: LinkedAttribute, defaultValue: ByteString,
    metric: [ByteString: Double]
  ) -> [ByteString] {
    let others = values.filter { $0 != defaultValue }
    let sorted =
      attribute.ordered
      ? others.sorted { VersionOrder.less($1, $0) }
      : others.sorted { (metric[$1] ?? 0, $0) < (metric[$0] ?? 0, $1) }
    return values.contains(defaultValue) ? sorted + [defaultValue] : sorted
  }

  /// E(f, v) and rate(f, v) for the values where f has errors, in method §3 order.
  func fingerprintValues(_ fingerprint: Int32) -> [FingerprintValue] {
    errorSide.cells(of: fingerprint).filter { $0.tally.count > 0 }
      .sorted { rankByIndex[Int($0.valueIndex)] < rankByIndex[Int($1.valueIndex)] }
      .map(fingerprintValue)
  }

  /// E(f, v) and rate(f, v) of one cell.
  func fingerprintValue(_ cell: ErrorCell) -> FingerprintValue {
    FingerprintValue(
      value: errorSide.values[Int(cell.valueIndex)], errors: cell.tally.count,
      rate: ratio(Double(cell.tally.count), metricByIndex[Int(cell.valueIndex)]))
  }

  /// The by-value rows (method §3).
  /// `fingerprintOrder`: the group's fingerprint list, as indices.
  func values(group: MetricGroup, total: Double, fingerprintOrder: [Int32]) -> [ValueScores] {
    let ascending = order.filter { $0 != defaultValue }.reversed()
    var newByValue: [ByteString: [ByteString]] = [:]
    if attribute.ordered {
      for fingerprint in fingerprintOrder {
        if let value = firstSeen[Int(fingerprint)] {
          newByValue[value, default: []].append(errorSide.window.fingerprints[Int(fingerprint)])
        }
      }
    }
    return order.map { value in
      let metric = self.metric[value] ?? 0
      let tally = errors[value] ?? ErrorTally()
      let rate = RateEstimate(errors: tally.count, metric: metric)
      var row = ValueScores(
        value: value, isDefault: value == defaultValue, metric: metric, errors: tally.count,
        impacted: tally.impacted, approximate: tally.approximate, rate: rate.rate,
        rateLow: rate.low, rateHigh: rate.high, adoption: ratio(metric, total))
      if group.kind == .count, let exact = measuredImpacted[value] {
        // Every metric bucket says how many of its units had an error: exact.
        row.impacted = exact
        row.approximate = false
        row.impactedBasis = .metric
      }
      if group.kind == .count { StabilityFigures.fill(&row, group: group) }
      if attribute.ordered, value != defaultValue {
        // A release is compared with a release (3.17.0 with 3.16.10, never
        // 3.17.0-beta); a pre-release with the greatest lower value of either kind.
        let isRelease = !VersionOrder.isPrerelease(value)
        let previous = ascending.last {
          VersionOrder.less($0, value) && (self.metric[$0] ?? 0) > 0
            && !(isRelease && VersionOrder.isPrerelease($0))
        }
        row.comparison = compare(row, previous: previous, group: group)
        row.newIn = newByValue[value] ?? []
      }
      return row
    }
  }

  private func compare(_ row: ValueScores, previous: ByteString?, group: MetricGroup) -> Comparison
  {
    guard let previous else { return Comparison() }
    let previousMetric = metric[previous] ?? 0
    let previousErrors = errors[previous]?.count ?? 0
    let previousRate = ratio(Double(previousErrors), previousMetric)
    var delta: Double?
    if let rate = row.rate, let previousRate, previousRate != 0 { delta = rate / previousRate - 1 }
    let z = Statistics.pooledZ(
      errors: row.errors, metric: row.metric, previousErrors: previousErrors,
      previousMetric: previousMetric)
    let ratio = Statistics.rateRatio(
      errors: row.errors, metric: row.metric, previousErrors: previousErrors,
      previousMetric: previousMetric)
    let verdict = Verdict.of(
      ratio: ratio, metric: row.metric, previousMetric: previousMetric, group: group)
    return Comparison(
      previous: previous.string, delta: delta, z: z, ratio: ratio, verdict: verdict)
  }
}

/// The count-group figures: impacted fraction, stability with its Wilson
/// interval, and status against target and critical.
enum StabilityFigures {
  static func fill(_ row: inout ValueScores, group: MetricGroup) {
    if let estimate = StabilityEstimate(impacted: row.impacted, metric: row.metric) {
      row.impactedFraction = estimate.impactedFraction
      row.stability = estimate.stability
      row.stabilityLow = estimate.low
      row.stabilityHigh = estimate.high
    }
    row.status = status(metric: row.metric, impacted: row.impacted, group: group)
  }

  /// method §3 status; `target` and `critical` compared exactly (`Threshold`).
  static func status(metric: Double, impacted: Int64, group: MetricGroup) -> ValueStatus {
    guard metric > 0 else { return .noData }
    if metric < group.minVolume { return .insufficientData }
    if let critical = group.critical,
      !Threshold.stability(impacted: impacted, metric: metric, atLeast: critical)
    {
      return .critical
    }
    if let target = group.target,
      !Threshold.stability(impacted: impacted, metric: metric, atLeast: target)
    {
      return .belowTarget
    }
    return .ok
  }
}
