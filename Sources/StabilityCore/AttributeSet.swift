/// Attribute values of one series, sorted by name; absent attributes are not
/// listed (the group default applies at report time, method §3).
package struct AttributeSet: Hashable, Sendable {
  /// `(name, value)` pairs sorted by name bytes.
  package let pairs: [Pair]

  /// One attribute's value.
  package struct Pair: Hashable, Sendable {
    /// Attribute name.
    public let name: ByteString
    /// Its value, compared as bytes.
    package let value: ByteString
  }

  /// A set from unsorted pairs.
  public init(_ values: [(String, String)]) {
    pairs = values.map { Pair(name: ByteString($0.0), value: ByteString($0.1)) }
      .sorted { $0.name < $1.name }
  }

  /// The value of `name`, if present.
  subscript(name: String) -> String? {
    let key = ByteString(name)
    return pairs.first { $0.name == key }?.value.string
  }

  /// An unambiguous text key (length-prefixed), used as the store's unique key.
  package var storageKey: String {
    pairs.map {
      "\($0.name.string.utf8.count):\($0.name.string)\($0.value.string.utf8.count):\($0.value.string)"
    }
    .joined()
  }
}
