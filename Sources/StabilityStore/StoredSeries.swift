/// An error series by its store ids.
public struct StoredSeries: Hashable, Sendable {
  /// The fingerprint's id.
  public let fingerprint: Int64
  /// The attribute set's id.
  public let attributeSet: Int64
}
