import Testing

@testable import StabilityReport

/// Sentences the tool writes mark code with backticks; HTML and Markdown
/// pages must show those spans as code, never as literal (or escaped)
/// backticks, and still escape the rest.
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

  // Markdown: code spans as they are (a backslash inside one would show),
  // the rest escaped; an unpaired backtick escaped so it stays literal.
  @Test(arguments: [
    ("Return an `impacted` column", "Return an `impacted` column"),
    ("importer `a_b` & *c*", "importer `a_b` \\& \\*c\\*"),
    ("`x` then `y", "`x` then \\`y"),
  ])
  func markdownKeepsBacktickSpansAsCode(text: String, markdown: String) {
    #expect(Prose(text).markdown == markdown)
  }
}
