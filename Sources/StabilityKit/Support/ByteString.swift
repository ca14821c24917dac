/// A string compared, hashed and ordered by its UTF-8 bytes.
///
/// SPEC: fingerprints and attribute values are opaque. Swift's `String ==`
/// treats canonically equivalent spellings (NFC, NFD) as equal; this type
/// does not, so `"é"` precomposed and `"e\u{301}"` stay two values.
public struct ByteString: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The text as it was read; its UTF-8 bytes are the identity.
  public let string: String

  /// Wraps `string` without normalising it.
  public init(_ string: String) { self.string = string }

  public var description: String { string }

  public static func == (lhs: ByteString, rhs: ByteString) -> Bool {
    lhs.string.utf8.elementsEqual(rhs.string.utf8)
  }

  public func hash(into hasher: inout Hasher) {
    let hashed = string.utf8.withContiguousStorageIfAvailable {
      hasher.combine(bytes: UnsafeRawBufferPointer($0))
    }
    if hashed == nil {
      for byte in string.utf8 { hasher.combine(byte) }
    }
    hasher.combine(0xFF as UInt8)
  }

  public static func < (lhs: ByteString, rhs: ByteString) -> Bool {
    lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8)
  }
}
