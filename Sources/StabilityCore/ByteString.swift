import Foundation

/// A string compared, hashed and ordered by its UTF-8 bytes.
///
/// method §2.0: fingerprints and attribute values are opaque. Swift's `String ==`
/// treats canonically equivalent spellings (NFC, NFD) as equal; this type
/// does not, so `"é"` precomposed and `"e\u{301}"` stay two values.
/// Comparing and hashing are `@inlinable`: every stage keys dictionaries
/// by it, and calls into another module are not specialized.
package struct ByteString: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The text as it was read; its UTF-8 bytes are the identity.
  package let string: String

  /// Wraps `string` without normalising it.
  public init(_ string: String) { self.string = string }

  public var description: String { string }

  @inlinable public static func == (lhs: ByteString, rhs: ByteString) -> Bool {
    compareBytes(lhs, rhs) == 0
  }

  @inlinable public func hash(into hasher: inout Hasher) {
    var text = string
    // The bytes `withUTF8` lends, read only inside the closure.
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    hasher.combine(0xFF as UInt8)
  }

  @inlinable public static func < (lhs: ByteString, rhs: ByteString) -> Bool {
    compareBytes(lhs, rhs) < 0
  }

  /// memcmp order of the UTF-8 bytes, the shorter first on a common prefix.
  @inlinable static func compareBytes(_ lhs: ByteString, _ rhs: ByteString) -> Int {
    var left = lhs.string
    var right = rhs.string
    return left.withUTF8 { a in
      right.withUTF8 { b in
        let common = min(a.count, b.count)
        guard common > 0, let first = a.baseAddress, let second = b.baseAddress else {
          return a.count - b.count
        }
        let order = memcmp(first, second, common)
        return order != 0 ? Int(order) : a.count - b.count
      }
    }
  }
}
