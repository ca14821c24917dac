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
  var html: String {
    let parts = description.split(separator: "`", omittingEmptySubsequences: false)
    var output = ""
    for (index, part) in parts.enumerated() {
      let text = TextEscaping.html(String(part))
      let isCode = index % 2 == 1 && index < parts.count - 1
      if isCode {
        output += "<code>\(text)</code>"
      } else {
        output += (index % 2 == 1 ? "`" : "") + text
      }
    }
    return output
  }

  /// The sentence in Jira wiki markup: escaped, each pair of backticks a
  /// `{{monospace}}` span.
  var jira: String {
    let parts = description.split(separator: "`", omittingEmptySubsequences: false)
    var output = ""
    for (index, part) in parts.enumerated() {
      let text = TextEscaping.jira(String(part))
      if index % 2 == 1 && index < parts.count - 1 {
        output += "{{\(text)}}"
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
