import Testing

@testable import StabilityReport

/// Sentences the tool writes mark code with backticks; HTML pages must show
/// those spans as code, never as literal backticks, and still escape the rest.
@Suite struct ProseTests {
  @Test(arguments: [
    ("Return an `impacted` column", "Return an <code>impacted</code> column"),
    ("importer `a<b` & `c`", "importer <code>a&lt;b</code> &amp; <code>c</code>"),
    ("an odd ` backtick", "an odd ` backtick"),
    ("`x` then `y", "<code>x</code> then `y"),
    ("", ""),
  ])
  func htmlShowsBacktickSpansAsCode(text: String, html: String) {
    #expect(Prose(text).html == html)
    #expect(Prose(text).description == text)
  }
}
