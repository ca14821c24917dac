import StabilityCore

/// Natural version order (method §3.1): `3.16.2-beta < 3.16.2 < 3.16.10 < 3.17.0`.
///
/// Split at the first `-` into core and pre-release; compare cores component
/// by component (split on `.`): both numeric → as numbers, numeric < non-numeric,
/// otherwise byte-wise; a missing component sorts first. Equal cores: a
/// pre-release sorts before the release; two pre-releases compare with the same
/// rules. Ties: byte-wise on the whole string.
package enum VersionOrder {
  /// Whether `lhs` sorts before `rhs`.
  package static func less(_ lhs: ByteString, _ rhs: ByteString) -> Bool {
    compare(Array(lhs.string.utf8), Array(rhs.string.utf8)) < 0
  }

  /// Whether `value` has a pre-release part (a `-`, method §3.1): `3.17.0-beta.1`.
  static func isPrerelease(_ value: ByteString) -> Bool {
    value.string.utf8.contains(UInt8(ascii: "-"))
  }

  /// -1, 0 or 1.
  static func compare(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
    let (lhsCore, lhsPre) = splitPreRelease(lhs)
    let (rhsCore, rhsPre) = splitPreRelease(rhs)
    let core = compareComponents(lhsCore, rhsCore)
    if core != 0 { return core }
    switch (lhsPre, rhsPre) {
    case (nil, .some): return 1
    case (.some, nil): return -1
    case (let left?, let right?):
      let pre = compareComponents(left, right)
      if pre != 0 { return pre }
    case (nil, nil): break
    }
    return lhs.lexicographicallyPrecedes(rhs) ? -1 : (lhs == rhs ? 0 : 1)
  }

  private static func splitPreRelease(_ bytes: [UInt8]) -> ([UInt8], [UInt8]?) {
    guard let dash = bytes.firstIndex(of: UInt8(ascii: "-")) else { return (bytes, nil) }
    return (Array(bytes[..<dash]), Array(bytes[(dash + 1)...]))
  }

  private static func compareComponents(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
    let left = lhs.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    let right = rhs.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
    for index in 0..<max(left.count, right.count) {
      guard index < left.count else { return -1 }
      guard index < right.count else { return 1 }
      let result = compareComponent(Array(left[index]), Array(right[index]))
      if result != 0 { return result }
    }
    return 0
  }

  private static func compareComponent(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
    let leftNumeric = isNumeric(lhs)
    let rightNumeric = isNumeric(rhs)
    switch (leftNumeric, rightNumeric) {
    case (true, true):
      let left = lhs.drop { $0 == UInt8(ascii: "0") }
      let right = rhs.drop { $0 == UInt8(ascii: "0") }
      if left.count != right.count { return left.count < right.count ? -1 : 1 }
      if left.elementsEqual(right) { return 0 }
      return left.lexicographicallyPrecedes(right) ? -1 : 1
    case (true, false): return -1
    case (false, true): return 1
    case (false, false):
      if lhs == rhs { return 0 }
      return lhs.lexicographicallyPrecedes(rhs) ? -1 : 1
    }
  }

  private static func isNumeric(_ bytes: [UInt8]) -> Bool {
    !bytes.isEmpty && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
  }
}
