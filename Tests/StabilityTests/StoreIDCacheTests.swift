import StabilityTestSupport
import Testing

@testable import StabilityCore
@testable import StabilityStore

/// Store ids are cached by their keys' bytes: keys that a plain concatenation
/// would confuse stay apart, and a fresh store finds the same ids in SQL.
@Suite struct StoreIDCacheTests {
  @Test func attributeSetsAndFingerprintsKeepTheirIDs() throws {
    let workspace = try TestWorkspace()
    let path = workspace.path("ids.db")
    let sets = [
      AttributeSet([("a", "bc")]), AttributeSet([("ab", "c")]),
      AttributeSet([("a", "b"), ("c", "")]),
      AttributeSet([]), AttributeSet([("version", "e\u{301}")]), AttributeSet([("version", "é")]),
    ]
    let fingerprints = ["fp", "fp ", "", "e\u{301}", "é", String(repeating: "x", count: 5000)]
      .map(ByteString.init)
    var first: [Int64] = []
    do {
      let store = try Store(path: path)
      try store.database.transaction {
        first =
          try sets.map { try store.attributeSetID($0) }
          + fingerprints.map { try store.fingerprintID($0) }
        // Found again in the cache, not added twice.
        #expect(try sets.map { try store.attributeSetID($0) } == Array(first.prefix(sets.count)))
        #expect(
          try fingerprints.map { try store.fingerprintID($0) }
            == Array(first.suffix(fingerprints.count)))
      }
    }
    #expect(Set(first.prefix(sets.count)).count == sets.count)
    #expect(Set(first.suffix(fingerprints.count)).count == fingerprints.count)
    let reopened = try Store(path: path)
    let again = try reopened.database.transaction {
      try sets.map { try reopened.attributeSetID($0) }
        + fingerprints.map { try reopened.fingerprintID($0) }
    }
    #expect(again == first)
  }
}
