/// An error series by its store ids.
struct StoredSeries: Hashable, Sendable {
  /// The fingerprint's id.
  package let fingerprint: Int64
  /// The attribute set's id.
  let attributeSet: Int64
}
