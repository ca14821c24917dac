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
  private let firstHour: Int64?
  private var released: [ByteString: Int64?] = [:]

  init(
    store: CountedStore, group: MetricGroup, attribute: LinkedAttribute, ageWindow: Int64,
    end: Int64
  )
    throws
  {
    self.store = store
    self.group = group
    self.attribute = attribute
    self.ageWindow = ageWindow
    self.end = end
    firstHour = try store.firstHourWithMetric(group: group.id)
  }

  /// released(v): the first hour with at least 1% of the group's metric;
  /// nil when there is none or it is the group's first stored hour (live
  /// before the store's history began).
  mutating func released(_ value: ByteString) throws -> Int64? {
    if let known = released[value] { return known }
    let hour = try store.firstQualifyingHour(
      group: group.id, attribute: attribute.name, value: value.string)
    let result = hour == firstHour ? nil : hour
    released[value] = result
    return result
  }

  /// ℓ in hours for a version released at `hour`: `min(L, end − hour)` in whole hours.
  func hours(releasedAt hour: Int64) -> Int64 {
    min(ageWindow, end - hour) / UTCTime.hour
  }

  /// M, E and I of `value` over `[from, from + hours)`.
  func figures(_ value: ByteString, from: Int64, hours: Int64) throws -> (Double, ErrorTally) {
    let until = from + hours * UTCTime.hour
    return (
      try store.valueMetric(
        group: group.id, attribute: attribute.name, value: value.string, start: from, end: until),
      try store.valueErrors(attribute: attribute.name, value: value.string, start: from, end: until)
    )
  }

  /// The age-matched comparison of `value` with `previous`; nil when there
  /// is no previous value, a release hour is unknown, or ℓ < 1 hour.
  mutating func ageMatched(_ value: ByteString, previous: ByteString?) throws -> AgeMatched? {
    guard let previous, let mine = try released(value), let theirs = try released(previous)
    else { return nil }
    let hours = hours(releasedAt: mine)
    guard hours >= 1 else { return nil }
    let (metric, errors) = try figures(value, from: mine, hours: hours)
    let (previousMetric, previousErrors) = try figures(previous, from: theirs, hours: hours)
    let rate = ratio(Double(errors.count), metric)
    let previousRate = ratio(Double(previousErrors.count), previousMetric)
    var delta: Double?
    if let rate, let previousRate, previousRate != 0 { delta = rate / previousRate - 1 }
    let z = Statistics.pooledZ(
      errors: errors.count, metric: metric, previousErrors: previousErrors.count,
      previousMetric: previousMetric)
    return AgeMatched(
      hours: hours, released: mine, previousReleased: theirs, metric: metric,
      errors: errors.count, rate: rate, impacted: errors.impacted, previousMetric: previousMetric,
      previousErrors: previousErrors.count, previousRate: previousRate, delta: delta, z: z,
      verdict: Verdict.of(z: z, metric: metric, previousMetric: previousMetric, group: group))
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
      guard let hour = try released(value), hour < end else { continue }
      let hours = hours(releasedAt: hour)
      guard hours >= 1 else { continue }
      let (metric, errors) = try figures(value, from: hour, hours: hours)
      let rate = RateEstimate(errors: errors.count, metric: metric)
      var release = ReleaseScores(
        value: value, released: hour, hours: hours, metric: metric, errors: errors.count,
        rate: rate.rate, rateLow: rate.low, rateHigh: rate.high)
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
}
