import StabilityCore
import StabilityStore

/// method §3's release hour, age-matched comparison and release history for
/// one group and ordered attribute: each version measured over its first
/// `ℓ` hours after it reached 1% of the group's metric, from the whole
/// store — so a release a few days old is compared with its baseline at the
/// same age, not with one that has matured for weeks.
struct ReleaseAge {
  let store: CountedStore
  let group: MetricGroup
  let attribute: LinkedAttribute
  /// `report.age_window` in seconds (whole hours).
  let ageWindow: Int64
  /// The window's end.
  let end: Int64
  /// The hour the store's data reaches (method §3 `through`): spans never
  /// run past it.
  let through: Int64
  private let firstHour: Int64?
  private var qualifying: [ByteString: Int64?] = [:]

  init(
    store: CountedStore, group: MetricGroup, attribute: LinkedAttribute, ageWindow: Int64,
    end: Int64, through: Int64
  )
    throws
  {
    self.store = store
    self.group = group
    self.attribute = attribute
    self.ageWindow = ageWindow
    self.end = end
    self.through = through
    firstHour = try store.firstHourWithMetric(group: group.id)
  }

  /// The first hour in which `value` had at least 1% of the group's metric.
  private mutating func firstQualifyingHour(_ value: ByteString) throws -> Int64? {
    if let known = qualifying[value] { return known }
    let hour = try store.firstQualifyingHour(
      group: group.id, attribute: attribute.name, value: value.string)
    qualifying[value] = hour
    return hour
  }

  /// released(v): the first hour with at least 1% of the group's metric;
  /// nil when there is none or it is the group's first stored hour (live
  /// before the store's history began).
  mutating func released(_ value: ByteString) throws -> Int64? {
    let hour = try firstQualifyingHour(value)
    return hour == firstHour ? nil : hour
  }

  /// Whether `value` already had 1% of the group's metric in its first
  /// stored hour: live before the history began, so no fingerprint can be
  /// called new in it (method §3 `new_in`).
  mutating func wasLiveBeforeHistory(_ value: ByteString) throws -> Bool {
    guard let firstHour else { return false }
    return try firstQualifyingHour(value) == firstHour
  }

  /// ℓ in hours for a version released at `hour` (and its baseline at
  /// `previous`): `min(L, end − hour, through − hour, through − previous)`
  /// in whole hours — never more hours than the store has data for.
  func hours(releasedAt hour: Int64, previous: Int64? = nil) -> Int64 {
    let span =
      [ageWindow, end - hour, through - hour, previous.map { through - $0 }]
      .compactMap { $0 }.min() ?? 0
    return max(0, span) / UTCTime.hour
  }

  /// M, E and I of `value` over `[from, from + hours)`, I by method §3's
  /// rule: the metric's own `impacted` when every bucket carries it (count
  /// groups), else the error rows' sum.
  func figures(_ value: ByteString, from: Int64, hours: Int64) throws -> (
    Double, ErrorTally, ImpactedBasis
  ) {
    let until = from + hours * UTCTime.hour
    let metric = try store.valueMetric(
      group: group.id, attribute: attribute.name, value: value.string, start: from, end: until)
    var errors = try store.valueErrors(
      attribute: attribute.name, value: value.string, start: from, end: until)
    if group.kind == .count, let exact = metric.impacted {
      errors.impacted = exact
      errors.approximate = false
      return (metric.metric, errors, .metric)
    }
    return (metric.metric, errors, .errors)
  }

  /// The age-matched comparison of `value` with `previous`; nil when there
  /// is no previous value, a release hour is unknown, or ℓ < 1 hour.
  mutating func ageMatched(_ value: ByteString, previous: ByteString?) throws -> AgeMatched? {
    guard let previous, let mine = try released(value), let theirs = try released(previous)
    else { return nil }
    let hours = hours(releasedAt: mine, previous: theirs)
    guard hours >= 1 else { return nil }
    let (metric, errors, basis) = try figures(value, from: mine, hours: hours)
    let (previousMetric, previousErrors, _) = try figures(previous, from: theirs, hours: hours)
    let rate = ratio(Double(errors.count), metric)
    let previousRate = ratio(Double(previousErrors.count), previousMetric)
    var delta: Double?
    if let rate, let previousRate, previousRate != 0 { delta = rate / previousRate - 1 }
    let z = Statistics.pooledZ(
      errors: errors.count, metric: metric, previousErrors: previousErrors.count,
      previousMetric: previousMetric)
    let ratio = Statistics.rateRatio(
      errors: errors.count, metric: metric, previousErrors: previousErrors.count,
      previousMetric: previousMetric)
    return AgeMatched(
      hours: hours, released: mine, previousReleased: theirs, metric: metric,
      errors: errors.count, rate: rate, impacted: errors.impacted, impactedBasis: basis,
      previousMetric: previousMetric,
      previousErrors: previousErrors.count, previousRate: previousRate, delta: delta, z: z,
      ratio: ratio,
      verdict: Verdict.of(
        ratio: ratio, metric: metric, previousMetric: previousMetric, group: group))
  }

  /// The release history: values with a known release hour before `end`,
  /// newest first (natural order), at most `limit`.
  mutating func history(limit: Int) throws -> [ReleaseScores] {
    let values = try store.valuesWithMetric(group: group.id, attribute: attribute.name)
      .filter { $0.string != attribute.defaultValue }
      .sorted { VersionOrder.less($1, $0) }
    var releases: [ReleaseScores] = []
    for value in values {
      guard releases.count < limit else { break }
      guard let hour = try released(value), hour < min(end, through) else { continue }
      let hours = hours(releasedAt: hour)
      guard hours >= 1 else { continue }
      let (metric, errors, basis) = try figures(value, from: hour, hours: hours)
      let rate = RateEstimate(errors: errors.count, metric: metric)
      var release = ReleaseScores(
        value: value, released: hour, hours: hours, metric: metric, errors: errors.count,
        rate: rate.rate, rateLow: rate.low, rateHigh: rate.high)
      (release.impacted, release.impactedBasis) = (errors.impacted, basis)
      if group.kind == .count,
        let estimate = StabilityEstimate(impacted: errors.impacted, metric: metric)
      {
        release.stability = estimate.stability
        release.stabilityLow = estimate.low
        release.stabilityHigh = estimate.high
      }
      releases.append(release)
    }
    return releases
  }

  /// Versions whose release hour lies in `[now − 30 days, now)` with at
  /// least one whole hour of data after it, measured through min(now,
  /// `through`); newest release hour first (method §6, the digest's new
  /// releases).
  mutating func launches(now: Int64) throws -> [Launch] {
    let until = min(now, through)
    var launches: [Launch] = []
    for value in try store.valuesWithMetric(group: group.id, attribute: attribute.name)
    where value.string != attribute.defaultValue {
      guard let hour = try released(value), hour >= now - 30 * UTCTime.day,
        until - hour >= UTCTime.hour
      else { continue }
      let hours = (until - hour) / UTCTime.hour
      let (metric, errors, basis) = try figures(value, from: hour, hours: hours)
      var launch = Launch(
        value: value, released: hour, hours: hours, metric: metric, errors: errors.count,
        impacted: errors.impacted, impactedBasis: basis,
        rate: RateEstimate(errors: errors.count, metric: metric))
      if group.kind == .count {
        launch.stability = StabilityEstimate(impacted: errors.impacted, metric: metric)
        if let target = group.target {
          launch.decision =
            metric < group.minVolume
            ? .hold(moreMetric: nil)
            : .stability(
              impacted: errors.impacted, metric: metric, atLeast: target,
              exact: !basis.isLowerBound(impacted: errors.impacted))
        }
      }
      launches.append(launch)
    }
    return launches.sorted {
      $0.released != $1.released ? $0.released > $1.released : VersionOrder.less($1.value, $0.value)
    }
  }
}
