import Mustache

/// A sentence the tool writes about the data (a note, a warning), where
/// `backticks` mark code: a column, a command, an importer's name. HTML
/// pages show the marked spans as `<code>` through the `html` transform
/// (`{{{html(note)}}}`), Markdown pages as code spans through `markdown`,
/// Jira tickets as `{{monospace}}` through `jira`.
struct Prose: Sendable, CustomStringConvertible, MustacheTransformable {
  let description: String

  init(_ text: String) { description = text }

  /// The sentence as HTML: everything escaped, each pair of backticks a
  /// `<code>` span; an unpaired backtick stays a backtick.
  var html: String {
    marked(escape: TextEscaping.html) { "<code>\(TextEscaping.html($0))</code>" }
  }

  /// The sentence in Markdown: text escaped, each pair of backticks a code
  /// span with its text as it is (a code span shows backslashes literally).
  var markdown: String { marked(escape: TextEscaping.markdown) { "`\($0)`" } }

  /// The sentence in Jira wiki markup: escaped, each pair of backticks a
  /// `{{monospace}}` span.
  var jira: String { marked(escape: TextEscaping.jira) { "{{\(TextEscaping.jira($0))}}" } }

  /// The text outside backticks escaped by `escape`, each backtick pair's
  /// span (as it is) wrapped by `code`; an unpaired backtick stays a
  /// backtick.
  private func marked(escape: (String) -> String, code: (String) -> String) -> String {
    let parts = description.split(separator: "`", omittingEmptySubsequences: false)
    var output = ""
    for (index, part) in parts.enumerated() {
      if index % 2 == 1 && index < parts.count - 1 {
        output += code(String(part))
      } else {
        output += (index % 2 == 1 ? escape("`") : "") + escape(String(part))
      }
    }
    return output
  }

  func transform(_ name: String) -> Any? {
    switch name {
    case "html": return html
    case "markdown": return markdown
    case "jira": return jira
    case "empty": return description.isEmpty
    default: return nil
    }
  }
}
