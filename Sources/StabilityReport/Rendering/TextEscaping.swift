import Mustache

/// Escaping for values from data, done per Unicode scalar (never per
/// grapheme: `"` followed by a combining mark must still be escaped).
enum TextEscaping {
  /// Text safe in HTML content and quoted attributes; control characters and
  /// noncharacters, which HTML forbids, become U+FFFD.
  static func html(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default:
        output.unicodeScalars.append(isForbiddenInHTML(scalar) ? "\u{FFFD}" : scalar)
      }
    }
    return output
  }

  /// HTML text of a value that may be one long token (a fingerprint like
  /// `RenderThread::deadlock@present_frame`): escaped, with a line-break
  /// opportunity (`<wbr>`) after each `::`, `@`, `/`, `.` and `_`, so a
  /// narrow screen breaks it where a reader expects — never inside a hash.
  static func breakableHTML(_ text: String) -> String {
    var output = ""
    var previous: Unicode.Scalar = " "
    for scalar in text.unicodeScalars {
      output += html(String(scalar))
      if scalar == "@" || scalar == "/" || scalar == "." || scalar == "_"
        || (scalar == ":" && previous == ":")
      {
        output += "<wbr>"
      }
      previous = scalar
    }
    return output
  }

  static func isForbiddenInHTML(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
    if (0x7F...0x9F).contains(value) || (0xFDD0...0xFDEF).contains(value) { return true }
    return value & 0xFFFE == 0xFFFE
  }

  /// The characters that can start Markdown syntax mid-line.
  private static let markdownSpecials = Set("\\`*_[]<>|~&".unicodeScalars)

  /// Text that CommonMark (and GFM tables) shows literally mid-line: syntax
  /// characters backslash-escaped, line breaks and control characters as spaces.
  /// Templates never start a line with a value, so line-start syntax (`#`, `-`,
  /// `+`, `1.`) cannot trigger, and with `[` `]` escaped neither can `(…)` or `!`.
  static func markdown(_ text: String) -> String {
    line(text) { scalars, index in
      markdownSpecials.contains(scalars[index]) ? "\\" + String(scalars[index]) : nil
    }
  }

  /// One line of text for a markup: each scalar as `replacement` says
  /// (nil: as it is), line breaks and control characters as spaces.
  private static func line(
    _ text: String, _ replacement: (_ scalars: [Unicode.Scalar], _ index: Int) -> String?
  ) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      if let replaced = replacement(scalars, index) {
        output += replaced
      } else if isForbiddenInHTML(scalar) || scalar == "\n" || scalar == "\r" || scalar == "\t" {
        output += " "
      } else {
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// Characters Jira wiki markup reads as syntax wherever they stand:
  /// tables (`|`), links (`[ ]`), macros (`{ }`), effects (`* _ + ^ ~ ??`),
  /// images (`!`), lists and headings (`#`).
  private static let jiraSpecials = Set("|[]{}*_+^~?!#".unicodeScalars)
  /// Jira's emoticons that start with `(`: `(x)`, `(on)`, `(*r)` …
  private static let jiraEmoticons = [
    "(x)", "(!)", "(?)", "(y)", "(n)", "(i)", "(/)", "(+)", "(-)", "(*)", "(on)", "(off)",
    "(*r)", "(*g)", "(*b)", "(*y)", "(flag)", "(flagoff)",
  ].map { Array($0.unicodeScalars) }

  /// Text that Jira wiki markup shows literally: syntax characters
  /// backslash-escaped; `-` only where it could open or close a
  /// strikethrough (not inside `2026-11-30` or `3.17.0-beta`); `(` where it
  /// starts an emoticon, `:` and `;` before `P`, `D`, `p`, `(` or `)`; the
  /// backslash itself as `&#92;` (`\\` is Jira's line break); line breaks
  /// and control characters as spaces.
  static func jira(_ text: String) -> String {
    line(text) { scalars, index in
      let scalar = scalars[index]
      func isWord(_ index: Int) -> Bool {
        index >= 0 && index < scalars.count
          && (scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]))
      }
      let next = index + 1 < scalars.count ? scalars[index + 1] : " "
      let escape: Bool
      switch scalar {
      case "\\": return "&#92;"
      case "-": escape = !(isWord(index - 1) && isWord(index + 1))
      case "(":
        escape = jiraEmoticons.contains {
          index + $0.count <= scalars.count && Array(scalars[index..<(index + $0.count)]) == $0
        }
      case ":", ";": escape = "PDp()".unicodeScalars.contains(next)
      default: escape = jiraSpecials.contains(scalar)
      }
      return escape ? "\\" + String(scalar) : nil
    }
  }

  /// Registers the content types the site's templates use: `STABILITY_HTML`,
  /// `STABILITY_MARKDOWN` and `STABILITY_JIRA`. Idempotent.
  static func registerContentTypes() {
    MustacheContentTypes.register(HTMLEscaping(), named: "STABILITY_HTML")
    MustacheContentTypes.register(MarkdownEscaping(), named: "STABILITY_MARKDOWN")
    MustacheContentTypes.register(JiraEscaping(), named: "STABILITY_JIRA")
  }

  struct JiraEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { TextEscaping.jira(text) }
  }

  struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { TextEscaping.html(text) }
  }

  struct MarkdownEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { TextEscaping.markdown(text) }
  }
}
