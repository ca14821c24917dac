import StabilityTestSupport
import Testing

/// Golden files fail with a diff a reviewer can read.
@Suite struct GoldenDiffTests {
  @Test func oneInsertedLineShowsAsOneLine() {
    let expected = (1...10).map { "line \($0)" }.joined(separator: "\n")
    var lines = expected.components(separatedBy: "\n")
    lines.insert("new line", at: 3)
    let diff = Golden.diff(expected: expected, actual: lines.joined(separator: "\n"), path: "f")
    #expect(diff == "f differs (- expected, + actual):\n4: + new line")
  }
}
