import StabilityCore

/// Every figure of method §3 for one report window: plain values computed from
/// the store, rendered by `ScoresJSON` and the site.
package struct Scores: Sendable {
  /// The project's name.
  package var project: String
  /// When the scores were generated (`SOURCE_DATE_EPOCH` when set).
  package var generatedAt: Int64
  /// The window `[start, end)`.
  package var window: ReportWindow
  /// One entry per normalize-by group, in config order.
  package var groups: [GroupScores]
}

/// A report window `[start, end)` and its days in the report time zone.
package struct ReportWindow: Sendable, Equatable {
  /// Inclusive start, seconds since the epoch.
  public var start: Int64
  /// Exclusive end.
  package var end: Int64
  /// The IANA time zone days are counted in.
  package var timezone: String

  /// The window `[start, end)` with days counted in `timezone`.
  public init(start: Int64, end: Int64, timezone: String) {
    self.start = start
    self.end = end
    self.timezone = timezone
  }
}

/// Errors normalized by one metric group.
package struct GroupScores: Sendable {
  /// The group.
  package var group: MetricGroup
  /// M.
  package var metric: Double
  /// E: every error in the window.
  package var errors: Int64
  /// The errors at primary-attribute values with metric in the window (method §3 coverage).
  package var coveredErrors: Int64
  /// Covered errors / M, nil when M = 0.
  package var rate: Double?
  /// Primary-attribute values with errors but no metric in the window, in method §3 order.
  package var uncovered: [(value: ByteString, errors: Int64)]
  /// One table per group-by attribute.
  public var by: [AttributeScores]
  /// The release history of the primary attribute, newest first (method §3).
  package var releases: [ReleaseScores] = []
  /// Versions of the primary attribute released in the last 30 days before
  /// the run, with their figures through now (the digest's new releases),
  /// newest release hour first.
  package var launches: [Launch] = []
  /// How far the group's data reaches: the oldest watermark, or last
  /// import's end, of its importers and the error importers (method §3
  /// `through` is this floored to the hour); nil before any import.
  package var dataReach: Int64? = nil

  /// Whether the data stops inside the window by an hour or more (pages,
  /// the check line and the digest say so); a report ending now, seconds
  /// after the importers ran, is not partial.
  package func dataStops(before end: Int64) -> Int64? {
    dataReach.flatMap { $0 <= end - UTCTime.hour ? $0 : nil }
  }
  /// Fingerprints with errors in the window: errors descending, then fingerprint bytes.
  package var fingerprints: [FingerprintScores]
  /// One entry per day of the window.
  package var daily: [DayScores]
}

/// The by-value table of one attribute.
package struct AttributeScores: Sendable {
  /// The attribute's definition (name, default, ordered).
  package var attribute: LinkedAttribute
  /// Values in method §3 order.
  package var values: [ValueScores]
}

/// Comparison of a value with the previous one (ordered attributes only).
package struct Comparison: Sendable, Equatable {
  /// The greatest lower value with metric in the window.
  package var previous: String?
  /// rate(v) / rate(u) − 1.
  package var delta: Double?
  /// Pooled Poisson z.
  package var z: Double?
  /// The rate ratio and its exact interval.
  package var ratio: RateRatio
  /// The verdict; nil without a previous value.
  package var verdict: Verdict?

  /// A comparison; all nil when there is no previous value.
  package init(
    previous: String? = nil, delta: Double? = nil, z: Double? = nil,
    ratio: RateRatio = RateRatio(), verdict: Verdict? = nil
  ) {
    self.previous = previous
    self.delta = delta
    self.z = z
    self.ratio = ratio
    self.verdict = verdict
  }
}

/// The figures for one attribute value.
package struct ValueScores: Sendable {
  /// The value (opaque bytes).
  package var value: ByteString
  /// Whether it is the group's default value.
  package var isDefault: Bool
  /// M(v).
  package var metric: Double
  /// E(v).
  package var errors: Int64
  /// I(v).
  package var impacted: Int64
  /// Whether some contributing row lacked `impacted`.
  package var approximate: Bool
  /// Where I(v) comes from: the metric's own `impacted` (exact) or the
  /// error rows (an upper bound, so stability is a lower bound).
  package var impactedBasis: ImpactedBasis = .errors
  /// E(v) / M(v).
  package var rate: Double?
  /// Garwood 95% lower bound of the rate.
  package var rateLow: Double?
  /// Garwood 95% upper bound of the rate.
  package var rateHigh: Double?
  /// Count groups: min(1, I/M).
  package var impactedFraction: Double?
  /// Count groups: 1 − impacted fraction.
  package var stability: Double?
  /// Count groups: 1 − Wilson upper bound.
  package var stabilityLow: Double?
  /// Count groups: 1 − Wilson lower bound.
  package var stabilityHigh: Double?
  /// M(v) / M.
  package var adoption: Double?
  /// Ordered attributes, non-default values only.
  package var comparison: Comparison?
  /// Count groups: the status against the group's bars.
  package var status: ValueStatus?
  /// Ordered attributes, non-default values: fingerprints first seen here.
  package var newIn: [ByteString]?
  /// Ordered attributes, non-default values: `released(v)` (method §3), nil when unknown.
  package var released: Int64?
  /// The age-matched comparison with `previous`, nil where method §3 says so.
  package var ageMatched: AgeMatched?
}

/// One fingerprint's figures in a group.
package struct FingerprintScores: Sendable {
  /// The fingerprint (opaque bytes).
  package var fingerprint: ByteString
  /// E(f).
  package var errors: Int64
  /// E(f) at primary-attribute values with metric in the window.
  package var coveredErrors: Int64
  /// I(f).
  package var impacted: Int64
  /// Covered E(f) / M.
  package var rate: Double?
  /// Count groups: min(1, covered I(f) / M).
  package var impactedFraction: Double?
  /// The fingerprint's index in the group's tables, which hold every
  /// fingerprint's cells once: a store with 300,000 fingerprints does not
  /// keep a copy per fingerprint.
  let index: Int32
  let breakdown: FingerprintBreakdown
  /// E_d(f) per day of the window, for the top fingerprints only (pages; not in scores.json).
  package var daily: [Int64] = []

  /// Per ordered group-by attribute: the lowest value with any error of f in the store.
  package var firstSeen: [(attribute: String, value: ByteString)] {
    breakdown.firstSeen(index)
  }

  /// Per group-by attribute, the values with errors of f, in method §3 order
  /// (made when asked, from the group's tables).
  public var by: [(attribute: String, values: [FingerprintValue])] {
    breakdown.by(index)
  }
}

/// A group's by-attribute tables, from which each fingerprint's first_seen
/// and E(f, v) cells are read when a page or `scores.json` asks for them.
final class FingerprintBreakdown: Sendable {
  let tables: [AttributeTable]

  init(tables: [AttributeTable]) { self.tables = tables }

  func firstSeen(_ fingerprint: Int32) -> [(attribute: String, value: ByteString)] {
    tables.filter(\.attribute.ordered).compactMap { table in
      table.firstSeen[Int(fingerprint)].map { (table.attribute.name, $0) }
    }
  }

  /// E(f, v) at each value of `attribute` where f has errors, in no
  /// particular order (what `by` holds for it, without sorting or arrays).
  func forEachValue(
    of fingerprint: Int32, attribute: String, _ body: (FingerprintValue) -> Void
  ) {
    guard let table = tables.first(where: { $0.attribute.name == attribute }) else { return }
    for cell in table.errorSide.cells(of: fingerprint) where cell.tally.count > 0 {
      body(table.fingerprintValue(cell))
    }
  }

  func by(_ fingerprint: Int32) -> [(attribute: String, values: [FingerprintValue])] {
    tables.map { ($0.attribute.name, $0.fingerprintValues(fingerprint)) }
  }
}

/// E(f, v) and rate(f, v).
package struct FingerprintValue: Sendable {
  /// The value.
  package var value: ByteString
  /// E(f, v).
  package var errors: Int64
  /// E(f, v) / M(v).
  package var rate: Double?
}

/// One day of the window in the report time zone.
package struct DayScores: Sendable {
  /// `YYYY-MM-DD`.
  package var day: String
  /// M_d.
  package var metric: Double
  /// E_d.
  package var errors: Int64
  /// Per group-by attribute, values with data that day, in method §3 order.
  public var by: [(attribute: String, values: [(value: ByteString, metric: Double, errors: Int64)])]
}

/// A version and its baseline measured over their first `hours` hours
/// after their release hours (method §3 age-matched comparison).
package struct AgeMatched: Sendable {
  /// ℓ in hours.
  package var hours: Int64
  /// released(v) and released(u).
  package var released: Int64
  package var previousReleased: Int64
  /// M, E and rate of v over its first ℓ hours.
  package var metric: Double
  package var errors: Int64
  package var rate: Double?
  /// I of v over its first ℓ hours and where it comes from (for `check
  /// --age-matched`; not in scores.json).
  package var impacted: Int64 = 0
  package var impactedBasis: ImpactedBasis = .errors
  /// The same for u = previous(v).
  package var previousMetric: Double
  package var previousErrors: Int64
  package var previousRate: Double?
  /// rate / previous rate − 1, pooled z, the rate ratio and the verdict
  /// (same rules as the calendar comparison).
  package var delta: Double?
  package var z: Double?
  package var ratio: RateRatio
  package var verdict: Verdict
}

/// One release's first-ℓ-hours figures (method §3 release history).
package struct ReleaseScores: Sendable {
  package var value: ByteString
  package var released: Int64
  package var hours: Int64
  package var metric: Double
  package var errors: Int64
  package var rate: Double?
  package var rateLow: Double?
  package var rateHigh: Double?
  /// Count groups only.
  package var stability: Double?
  package var stabilityLow: Double?
  package var stabilityHigh: Double?
  /// I over those hours and where it comes from (method §3 `I(v)`).
  package var impacted: Int64 = 0
  package var impactedBasis: ImpactedBasis = .errors
}

/// A version released recently, measured from its release hour through the
/// run's time (bounded by the data): what the digest says of a new release,
/// with what the gate would decide on the group's `target` today.
package struct Launch: Sendable {
  package var value: ByteString
  package var released: Int64
  /// Whole hours from the release hour through min(now, the data's end).
  package var hours: Int64
  package var metric: Double
  package var errors: Int64
  package var impacted: Int64
  package var impactedBasis: ImpactedBasis
  package var rate: RateEstimate
  /// Count groups only.
  package var stability: StabilityEstimate?
  /// The gate on the group's `target` (count groups with one): nil without
  /// a target; a hold when the metric is below `min_volume`.
  package var decision: ThresholdDecision?
}
