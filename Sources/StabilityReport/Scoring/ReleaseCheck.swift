import Foundation
import StabilityCore
import StabilityStore

/// `stability check`: one version's stability or rate against a threshold (method §6).
package struct ReleaseCheck {
  /// Which value to check.
  public enum Target: Sendable {
    /// A named value.
    case value(String)
    /// The newest release (no pre-release part, method §3.1) with metric in the
    /// window; with `includePrereleases`, the newest value of either kind.
    case latest(includePrereleases: Bool)
  }

  /// The metric group.
  package let group: MetricGroup
  /// The attribute checked (normally `version`).
  package let attribute: LinkedAttribute
  /// The value to check.
  package let target: Target
  /// Minimum stability in percent (count groups).
  let minStability: Double?
  /// Maximum rate in display units (percent for count groups, errors per `per` for amount).
  let maxRate: Double?
  /// `--age-matched`: the thresholds apply to the version's first ℓ hours
  /// after its release hour, and a regressed age-matched verdict fails.
  package var ageMatched = false
  /// The importers feeding the group: where an `impacted` column would make
  /// its stability exact.
  package let metricImporters: [String]
  /// Where the group's data stops inside the window (`GroupScores.dataStops`): the line
  /// says so when it is before the window's end.
  package var dataThrough: Int64?
  /// Importers whose rows have arrived late before (`Freshness.lateArrivals`):
  /// the line warns that the window's last hours may still grow.
  package var lateArrivals: [LateArrival] = []
  /// Why the checked value has no same-age comparison (`sameAgeGap`), for the line.
  package var sameAgeGap: NotComparable?

  /// Why a check cannot be made as asked (a usage error, exit 2); the
  /// words, with the command line's names, are made in Rendering.
  package enum RequestProblem: Error, Equatable, Sendable {
    /// No group has this id; the config's ids.
    case unknownGroup(String, known: [String])
    /// The group links no attribute.
    case noAttribute(group: String)
    /// A minimum stability for an amount group, which has none (its `per`).
    case stabilityOfAmountGroup(group: String, per: Double)
    /// A minimum stability outside (50, 100] percent.
    case minStabilityOutOfRange(Double)
    /// A maximum rate that is negative or not finite.
    case maxRateInvalid(Double)
    /// No threshold given and no `target` on the group.
    case noThreshold(group: String)
  }

  /// Resolves the group, attribute and thresholds; throws `RequestProblem`
  /// for impossible requests.
  public init(
    config: Config, groupID: String, target: Target, minStability: Double?, maxRate: Double?
  ) throws(RequestProblem) {
    guard let group = config.group(id: groupID) else {
      throw .unknownGroup(groupID, known: config.groups.map(\.id))
    }
    guard
      let attribute = group.attribute(named: "version") ?? group.attributes.first(where: \.ordered)
        ?? group.attributes.first
    else { throw .noAttribute(group: groupID) }
    if minStability != nil, group.kind == .amount {
      throw .stabilityOfAmountGroup(group: groupID, per: group.per)
    }
    if let minStability, !(minStability > 50 && minStability <= 100) {
      throw .minStabilityOutOfRange(minStability)
    }
    if let maxRate, !(maxRate >= 0 && maxRate.isFinite) { throw .maxRateInvalid(maxRate) }
    let defaultMinimum = minStability == nil && maxRate == nil ? group.target : nil
    guard minStability != nil || maxRate != nil || defaultMinimum != nil else {
      throw .noThreshold(group: groupID)
    }
    self.group = group
    metricImporters = config.importers.filter { config.feeds($0, metricOf: group.id) }.map(\.name)
    self.attribute = attribute
    self.target = target
    self.minStability = minStability ?? defaultMinimum
    self.maxRate = maxRate
  }

  /// Why the newest value was chosen (`Target.latest`): what was left out.
  package struct LatestChoice: Sendable {
    /// Whether pre-releases could be chosen.
    package let includePrereleases: Bool
    /// A newer pre-release with metric, left out because pre-releases were not asked for.
    let newerPrerelease: ByteString?
    /// A newer value with errors but no metric in the window (not checkable), and its errors.
    let unmeasured: (value: ByteString, errors: Int64)?
  }

  /// Why `Target.latest` chose the value it did (nil for a named value).
  package func choice(_ scores: GroupScores) -> LatestChoice? {
    guard case .latest(let includePrereleases) = target else { return nil }
    let rows = scores.by.first?.values ?? []
    let withMetric = rows.filter { !$0.isDefault && $0.metric > 0 }
    let newer = withMetric.first.flatMap {
      !includePrereleases && VersionOrder.isPrerelease($0.value) ? $0.value : nil
    }
    let chosen = withMetric.first { includePrereleases || !VersionOrder.isPrerelease($0.value) }
    let unmeasured = rows.first { !$0.isDefault && $0.metric == 0 && $0.errors > 0 }.flatMap {
      row in
      chosen.map { VersionOrder.less($0.value, row.value) } ?? true
        ? (value: row.value, errors: row.errors) : nil
    }
    return LatestChoice(
      includePrereleases: includePrereleases, newerPrerelease: newer, unmeasured: unmeasured)
  }

  /// Refuses a value the store never saw (method §6: a typo must not read as
  /// "not enough data yet"): exit 2 with the nearest known values.
  package func requireKnown(_ known: Set<ByteString>) throws {
    guard case .value(let value) = target, value != attribute.defaultValue else { return }
    try Self.requireKnown(value, attribute: attribute.name, known: known)
  }

  /// A usage error (exit 2) naming the nearest known values when `value` of
  /// `attribute` was never seen in the store: a typo never reads as "no data yet".
  package static func requireKnown(_ value: String, attribute: String, known: Set<ByteString>)
    throws
  {
    guard !known.contains(ByteString(value)) else { return }
    let newest = known.filter { !$0.string.isEmpty }.sorted { VersionOrder.less($1, $0) }
      .map(\.string)
    let nearest = closest(to: value, in: newest).map { " Did you mean \($0)?" } ?? ""
    let listed =
      newest.isEmpty
      ? "The store has no \(attribute) values yet."
      : "Known \(attribute) values, newest first: \(newest.prefix(8).joined(separator: ", "))"
        + (newest.count > 8 ? " …" : "") + "."
    throw UsageError(
      "\(attribute) \(value) was never seen in the store (no metric and no errors at any "
        + "time).\(nearest) \(listed)")
  }

  /// The config to compute scores with: this group, grouped by the checked attribute.
  package func scoringConfig(_ config: Config) -> Config {
    var copy = config
    copy.report.normalizeBy = [group.id]
    copy.report.groupBy[group.id] = [attribute.name]
    return copy
  }

  /// What a check without figures was about: a value, or the newest one
  /// when none qualified.
  package enum Subject: Sendable, Equatable {
    /// A value (named, or the one chosen as newest).
    case value(String)
    /// `Target.latest` found no value with metric.
    case latest(includePrereleases: Bool)
  }

  /// Why an age-matched comparison could not be made.
  package enum NotComparable: Sendable, Equatable {
    /// The value's release hour is unknown (live since the store's first
    /// hour, or never 1% of the group's metric).
    case releaseHourUnknown
    /// No lower version has metric in the window.
    case noBaseline
    /// The baseline's release hour is unknown.
    case baselineReleaseHourUnknown(baseline: String)
    /// The value is less than an hour old.
    case lessThanAnHour
  }

  /// What the check found for the computed group scores (`line(for:)`
  /// says it in a sentence).
  package enum Outcome {
    /// The value has no metric in the window.
    case noData(Subject)
    /// The value has metric, but less than the group's `min_volume`.
    case insufficient(value: String, metric: Double)
    /// An age-matched check without an age-matched comparison, and why.
    case notComparable(value: String, reason: NotComparable)
    /// The value was checked against each threshold given (nil where one
    /// was not given), on the evidence; `regressed` when `--age-matched`
    /// found a regression at the same age. With `--age-matched` the
    /// figures are those of the version's first ℓ hours.
    case checked(
      value: ValueScores, stability: ThresholdDecision?, rate: ThresholdDecision?,
      regressed: Bool)

    /// What the gate decides (method §6): fail when a threshold fails or
    /// the version regressed at the same age; else hold when a threshold
    /// holds (a lower-bound stability below its threshold included) or
    /// there is too little data to check; else pass.
    package var decision: Decision {
      switch self {
      case .noData, .insufficient, .notComparable: return .hold
      case .checked(_, let stability, let rate, let regressed):
        let decisions = [stability, rate].compactMap { $0 }
        if regressed || decisions.contains(.fail) { return .fail }
        if decisions.contains(where: \.isHold) { return .hold }
        return .pass
      }
    }

    /// The exit status of method §6: 0 pass, 1 fail, 4 hold.
    package var status: ExitStatus {
      switch decision {
      case .pass: .ok
      case .fail: .failed
      case .hold: .noData
      }
    }
  }

  /// The gate's three outcomes; the raw values are `check --format json`'s `decision`.
  package enum Decision: String, Sendable {
    case pass, fail, hold
  }

  /// Checks the target value in the computed group scores.
  package func evaluate(_ scores: GroupScores) -> Outcome {
    let rows = scores.by.first?.values ?? []
    let row: ValueScores?
    let subject: Subject
    switch target {
    case .value(let value):
      row = rows.first { $0.value == ByteString(value) }
      subject = .value(value)
    case .latest(let includePrereleases):
      row = rows.first {
        !$0.isDefault && $0.metric > 0
          && (includePrereleases || !VersionOrder.isPrerelease($0.value))
      }
      subject =
        row.map { .value($0.value.string) } ?? .latest(includePrereleases: includePrereleases)
    }
    guard var row, row.metric > 0, row.rate != nil else { return .noData(subject) }
    let label = row.value.string
    var regressed = false
    if ageMatched {
      guard let age = row.ageMatched else {
        return .notComparable(value: label, reason: Self.notComparable(row, among: rows))
      }
      row = Self.firstHours(of: row, age, group: group)
      regressed = age.verdict == .regressed
    }
    if row.metric < group.minVolume { return .insufficient(value: label, metric: row.metric) }
    var stability: ThresholdDecision?
    if let minStability, row.stability != nil {
      stability = .stability(
        impacted: row.impacted, metric: row.metric, atLeast: minStability,
        exact: !row.impactedBasis.isLowerBound(impacted: row.impacted))
    }
    var rate: ThresholdDecision?
    if let maxRate {
      let scale = group.kind == .count ? 100 : group.per
      rate = .rate(errors: row.errors, metric: row.metric, atMost: maxRate, scale: scale)
    }
    return .checked(value: row, stability: stability, rate: rate, regressed: regressed)
  }

  /// Why `row` has no age-matched comparison among the attribute's `rows`.
  static func notComparable(_ row: ValueScores, among rows: [ValueScores]) -> NotComparable {
    let baseline = row.comparison?.previous
    let baselineReleased = rows.first { $0.value.string == baseline }?.released
    if row.released == nil { return .releaseHourUnknown }
    guard let baseline else { return .noBaseline }
    return baselineReleased == nil
      ? .baselineReleaseHourUnknown(baseline: baseline) : .lessThanAnHour
  }

  /// Why the value `outcome` checked in `scores` has no age-matched
  /// comparison, for the line's "same age n/a (…)"; nil when it has one.
  package func sameAgeGap(_ outcome: Outcome, in scores: GroupScores) -> NotComparable? {
    let rows = scores.by.first?.values ?? []
    guard case .checked(let row, _, _, _) = outcome, row.ageMatched == nil,
      let full = rows.first(where: { $0.value == row.value })
    else { return nil }
    return Self.notComparable(full, among: rows)
  }

  /// `row` with its figures over the first ℓ hours after its release hour.
  static func firstHours(of row: ValueScores, _ age: AgeMatched, group: MetricGroup)
    -> ValueScores
  {
    var aged = row
    aged.metric = age.metric
    aged.errors = age.errors
    aged.impacted = age.impacted
    aged.impactedBasis = age.impactedBasis
    let rate = RateEstimate(errors: age.errors, metric: age.metric)
    aged.rate = rate.rate
    aged.rateLow = rate.low
    aged.rateHigh = rate.high
    aged.stability = nil
    if group.kind == .count { StabilityFigures.fill(&aged, group: group) }
    return aged
  }
}
