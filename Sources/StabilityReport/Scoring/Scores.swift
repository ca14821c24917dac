import StabilityCore

/// Every figure of method §3 for one report window: plain values computed from
/// the store, rendered by `ScoresJSON` and the site.
public struct Scores: Sendable {
  /// The project's name.
  public var project: String
  /// When the scores were generated (`SOURCE_DATE_EPOCH` when set).
  public var generatedAt: Int64
  /// The window `[start, end)`.
  public var window: ReportWindow
  /// One entry per normalize-by group, in config order.
  public var groups: [GroupScores]
}

/// A report window `[start, end)` and its days in the report time zone.
public struct ReportWindow: Sendable, Equatable {
  /// Inclusive start, seconds since the epoch.
  public var start: Int64
  /// Exclusive end.
  public var end: Int64
  /// The IANA time zone days are counted in.
  public var timezone: String

  /// The window `[start, end)` with days counted in `timezone`.
  public init(start: Int64, end: Int64, timezone: String) {
    self.start = start
    self.end = end
    self.timezone = timezone
  }
}

/// Errors normalized by one metric group.
public struct GroupScores: Sendable {
  /// The group.
  public var group: MetricGroup
  /// M.
  public var metric: Double
  /// E: every error in the window.
  public var errors: Int64
  /// The errors at primary-attribute values with metric in the window (method §3 coverage).
  public var coveredErrors: Int64
  /// Covered errors / M, nil when M = 0.
  public var rate: Double?
  /// Primary-attribute values with errors but no metric in the window, in method §3 order.
  public var uncovered: [(value: ByteString, errors: Int64)]
  /// One table per group-by attribute.
  public var by: [AttributeScores]
  /// The release history of the primary attribute, newest first (method §3).
  public var releases: [ReleaseScores] = []
  /// Fingerprints with errors in the window: errors descending, then fingerprint bytes.
  public var fingerprints: [FingerprintScores]
  /// One entry per day of the window.
  public var daily: [DayScores]
}

/// The by-value table of one attribute.
public struct AttributeScores: Sendable {
  /// The attribute's definition (name, default, ordered).
  public var attribute: LinkedAttribute
  /// Values in method §3 order.
  public var values: [ValueScores]
}

/// Comparison of a value with the previous one (ordered attributes only).
public struct Comparison: Sendable, Equatable {
  /// The greatest lower value with metric in the window.
  public var previous: String?
  /// rate(v) / rate(u) − 1.
  public var delta: Double?
  /// Pooled Poisson z.
  public var z: Double?
  /// The verdict; nil without a previous value.
  public var verdict: Verdict?

  /// A comparison; all nil when there is no previous value.
  public init(
    previous: String? = nil, delta: Double? = nil, z: Double? = nil, verdict: Verdict? = nil
  ) {
    self.previous = previous
    self.delta = delta
    self.z = z
    self.verdict = verdict
  }
}

/// The figures for one attribute value.
public struct ValueScores: Sendable {
  /// The value (opaque bytes).
  public var value: ByteString
  /// Whether it is the group's default value.
  public var isDefault: Bool
  /// M(v).
  public var metric: Double
  /// E(v).
  public var errors: Int64
  /// I(v).
  public var impacted: Int64
  /// Whether some contributing row lacked `impacted`.
  public var approximate: Bool
  /// E(v) / M(v).
  public var rate: Double?
  /// Garwood 95% lower bound of the rate.
  public var rateLow: Double?
  /// Garwood 95% upper bound of the rate.
  public var rateHigh: Double?
  /// Count groups: min(1, I/M).
  public var impactedFraction: Double?
  /// Count groups: 1 − impacted fraction.
  public var stability: Double?
  /// Count groups: 1 − Wilson upper bound.
  public var stabilityLow: Double?
  /// Count groups: 1 − Wilson lower bound.
  public var stabilityHigh: Double?
  /// M(v) / M.
  public var adoption: Double?
  /// Ordered attributes, non-default values only.
  public var comparison: Comparison?
  /// Count groups: the status against the group's bars.
  public var status: ValueStatus?
  /// Ordered attributes, non-default values: fingerprints first seen here.
  public var newIn: [ByteString]?
  /// Ordered attributes, non-default values: `released(v)` (method §3), nil when unknown.
  public var released: Int64?
  /// The age-matched comparison with `previous`, nil where method §3 says so.
  public var ageMatched: AgeMatched?
}

/// One fingerprint's figures in a group.
public struct FingerprintScores: Sendable {
  /// The fingerprint (opaque bytes).
  public var fingerprint: ByteString
  /// E(f).
  public var errors: Int64
  /// E(f) at primary-attribute values with metric in the window.
  public var coveredErrors: Int64
  /// I(f).
  public var impacted: Int64
  /// Covered E(f) / M.
  public var rate: Double?
  /// Count groups: min(1, covered I(f) / M).
  public var impactedFraction: Double?
  /// Per ordered group-by attribute: the lowest value with any error of f in the store.
  public var firstSeen: [(attribute: String, value: ByteString)]
  /// Per group-by attribute, the values with errors of f, in method §3 order.
  public var by: [(attribute: String, values: [FingerprintValue])]
  /// E_d(f) per day of the window, for the top fingerprints only (pages; not in scores.json).
  public var daily: [Int64] = []
}

/// E(f, v) and rate(f, v).
public struct FingerprintValue: Sendable {
  /// The value.
  public var value: ByteString
  /// E(f, v).
  public var errors: Int64
  /// E(f, v) / M(v).
  public var rate: Double?
}

/// One day of the window in the report time zone.
public struct DayScores: Sendable {
  /// `YYYY-MM-DD`.
  public var day: String
  /// M_d.
  public var metric: Double
  /// E_d.
  public var errors: Int64
  /// Per group-by attribute, values with data that day, in method §3 order.
  public var by: [(attribute: String, values: [(value: ByteString, metric: Double, errors: Int64)])]
}

/// A version and its baseline measured over their first `hours` hours
/// after their release hours (method §3 age-matched comparison).
public struct AgeMatched: Sendable {
  /// ℓ in hours.
  public var hours: Int64
  /// released(v) and released(u).
  public var released: Int64
  public var previousReleased: Int64
  /// M, E and rate of v over its first ℓ hours.
  public var metric: Double
  public var errors: Int64
  public var rate: Double?
  /// I of v over its first ℓ hours (for `check --age-matched`; not in scores.json).
  public var impacted: Int64 = 0
  /// The same for u = previous(v).
  public var previousMetric: Double
  public var previousErrors: Int64
  public var previousRate: Double?
  /// rate / previous rate − 1, pooled z and verdict (same rules as the calendar comparison).
  public var delta: Double?
  public var z: Double?
  public var verdict: Verdict
}

/// One release's first-ℓ-hours figures (method §3 release history).
public struct ReleaseScores: Sendable {
  public var value: ByteString
  public var released: Int64
  public var hours: Int64
  public var metric: Double
  public var errors: Int64
  public var rate: Double?
  public var rateLow: Double?
  public var rateHigh: Double?
  /// Count groups only.
  public var stability: Double?
  public var stabilityLow: Double?
  public var stabilityHigh: Double?
}
