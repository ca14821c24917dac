/// Which metric a value belongs to: its group, name and attribute values.
package struct MetricSeriesKey: Hashable, Sendable {
  /// The metric group's id.
  package let group: String
  /// The metric's name (declared, or `{group}-{attribute}{value}` for grouped importers).
  package let metric: String
  /// Attribute values present in the data (absent ones take the group default later).
  package let attributes: AttributeSet

  /// The series of `metric` in `group` with `attributes`.
  public init(group: String, metric: String, attributes: AttributeSet) {
    self.group = group
    self.metric = metric
    self.attributes = attributes
  }
}

/// Which error series a count belongs to.
package struct ErrorSeriesKey: Hashable, Sendable {
  /// The error fingerprint, compared as bytes.
  package let fingerprint: ByteString
  /// Attribute values of the errors.
  package let attributes: AttributeSet

  /// The series of `fingerprint` with `attributes`.
  public init(fingerprint: ByteString, attributes: AttributeSet) {
    self.fingerprint = fingerprint
    self.attributes = attributes
  }
}

/// Error figures summed into one hour bucket.
package struct ErrorTally: Sendable, Equatable {
  /// Σ count.
  public var count: Int64 = 0
  /// Σ (impacted where the row has it, else its count).
  package var impacted: Int64 = 0
  /// Whether any row lacked `impacted`.
  package var approximate = false

  /// A tally with the given sums.
  @inlinable public init(count: Int64 = 0, impacted: Int64 = 0, approximate: Bool = false) {
    self.count = count
    self.impacted = impacted
    self.approximate = approximate
  }

  /// Adds `other`'s sums (saturating) and approximate flag.
  @inlinable public mutating func add(_ other: ErrorTally) {
    _ = addReportingOverflow(other)
  }

  /// Adds `other` like `add`; true when a sum passed `Int64.max` (it is
  /// then kept at `Int64.max`, which callers must not store or show as a count).
  @inlinable public mutating func addReportingOverflow(_ other: ErrorTally) -> Bool {
    let (sum, countOverflow) = count.addingReportingOverflow(other.count)
    let (affected, impactedOverflow) = impacted.addingReportingOverflow(other.impacted)
    count = countOverflow ? .max : sum
    impacted = impactedOverflow ? .max : affected
    approximate = approximate || other.approximate
    return countOverflow || impactedOverflow
  }
}

extension Int64 {
  /// `a + b`, or `Int64.max` where that overflows: the sums of counts.
  @inlinable public static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? Int64.max : sum
  }
}
