import Mustache

/// A sentence the tool writes about the data (a note, a warning), where
/// `backticks` mark code: a column, a command, an importer's name. Markdown
/// pages show it as written (escaped, so the backticks stay visible); HTML
/// pages show the marked spans as `<code>` through the `html` transform:
/// `{{{html(note)}}}`, Jira tickets as `{{monospace}}` through `jira`.
struct Prose: Sendable, CustomStringConvertible, MustacheTransformable {
  let description: String

  init(_ text: String) { description = text }

  /// The sentence as HTML: everything escaped, each pair of backticks a
  /// `<code>` span; an unpaired backtick stays a backtick.
  var html: String { marked(escape: TextEscaping.html) { "<code>\($0)</code>" } }

  /// The sentence in Jira wiki markup: escaped, each pair of backticks a
  /// `{{monospace}}` span.
  var jira: String { marked(escape: TextEscaping.jira) { "{{\($0)}}" } }

  /// The text between backticks escaped by `escape`, each backtick pair's
  /// span wrapped by `code`; an unpaired backtick stays a backtick.
  private func marked(escape: (String) -> String, code: (String) -> String) -> String {
    let parts = description.split(separator: "`", omittingEmptySubsequences: false)
    var output = ""
    for (index, part) in parts.enumerated() {
      let text = escape(String(part))
      if index % 2 == 1 && index < parts.count - 1 {
        output += code(text)
      } else {
        output += (index % 2 == 1 ? "`" : "") + text
      }
    }
    return output
  }

  func transform(_ name: String) -> Any? {
    switch name {
    case "html": return html
    case "jira": return jira
    case "empty": return description.isEmpty
    default: return nil
    }
  }
}
