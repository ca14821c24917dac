import Foundation
import Testing

@testable import StabilityCore

/// The writer behind `scores.json` and `fingerprints.jsonl`: what it writes
/// must parse back to exactly what was given, in both layouts.
@Suite struct JSONWriterTests {
  static let integers: [Int64] = [0, 7, -1, 10, 1_000_000, -987_654_321, .max, .min]
  static let strings = [
    "", "plain", "quote \" and \\ backslash", "line\nbreak\r\t", "\u{1}\u{1F}\u{7F}",
    "é e\u{301} 日本 🚀", "sep \u{2028} and \u{2029}", "\u{2026} ends with an E2 lead",
  ]

  func document(compact: Bool) -> String {
    var writer = JSONWriter(compact: compact)
    writer.object { writer in
      writer.key("integers")
      writer.array { writer in for value in Self.integers { writer.integer(value) } }
      writer.key("strings")
      writer.array { writer in for value in Self.strings { writer.string(value) } }
      writer.key("key \"quoted\"")
      writer.number(0.1)
    }
    if compact { writer.endLine() }
    return writer.finish()
  }

  @Test(arguments: [false, true])
  func writesWhatParsesBackExactly(compact: Bool) throws {
    let text = document(compact: compact)
    #expect(text.hasSuffix("}\n"))
    #expect(compact == !text.dropLast().contains("\n"))
    #expect(!text.contains("\u{2028}") && !text.contains("\u{2029}"))
    let parsed = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect((parsed["integers"] as? [NSNumber])?.map(\.int64Value) == Self.integers)
    #expect(parsed["strings"] as? [String] == Self.strings)
    #expect(parsed["key \"quoted\""] as? Double == 0.1)
  }
}
