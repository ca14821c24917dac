import StabilityCore

/// File names for values (versions, fingerprints) that can never escape
/// `site/` and never collide — not even on case-insensitive file systems.
///
/// A value made only of `a-z 0-9 . _ -` (not starting with `.`) is its own
/// slug; anything else is reduced to those characters and gets a hash of its
/// bytes; a rare clash gets `-2`, `-3`, … in byte order of the values.
struct SlugRegistry {
  private(set) var slugs: [ByteString: String] = [:]

  init(values: [ByteString]) {
    var taken: Set<String> = []
    for value in Set(values).sorted() {
      var slug = Self.base(value)
      var counter = 2
      while taken.contains(slug) {
        slug = Self.base(value) + "-\(counter)"
        counter += 1
      }
      taken.insert(slug)
      slugs[value] = slug
    }
  }

  subscript(value: ByteString) -> String { slugs[value] ?? Self.base(value) }

  static func base(_ value: ByteString) -> String {
    let bytes = Array(value.string.utf8)
    let allowed = bytes.allSatisfy(isPlain)
    if allowed, !bytes.isEmpty, bytes.first != UInt8(ascii: "."), bytes.count <= 80 {
      return value.string
    }
    var reduced = String(
      decoding: bytes.prefix(60).map { isPlain($0) ? $0 : lowercasedPlain($0) }, as: UTF8.self)
    while reduced.hasPrefix(".") { reduced.removeFirst() }
    return (reduced.isEmpty ? "x" : reduced) + "-" + hash(bytes)
  }

  private static func isPlain(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2E
      || byte == 0x5F || byte == 0x2D
  }

  private static func lowercasedPlain(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : UInt8(ascii: "_")
  }

  /// 8 hex digits of FNV-1a over the bytes.
  private static func hash(_ bytes: [UInt8]) -> String {
    var hash: UInt32 = 2_166_136_261
    for byte in bytes {
      hash ^= UInt32(byte)
      hash = hash &* 16_777_619
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }
}
