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
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      if markdownSpecials.contains(scalar) {
        output += "\\"
        output.unicodeScalars.append(scalar)
      } else if isForbiddenInHTML(scalar) || scalar == "\n" || scalar == "\r" || scalar == "\t" {
        output += " "
      } else {
        output.unicodeScalars.append(scalar)
      }
    }
    return output
  }

  /// Registers the content types the site's templates use: `STABILITY_HTML`
  /// and `STABILITY_MARKDOWN`. Idempotent.
  static func registerContentTypes() {
    MustacheContentTypes.register(HTMLEscaping(), named: "STABILITY_HTML")
    MustacheContentTypes.register(MarkdownEscaping(), named: "STABILITY_MARKDOWN")
  }

  struct HTMLEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { TextEscaping.html(text) }
  }

  struct MarkdownEscaping: MustacheContentType {
    func escapeText(_ text: String) -> String { TextEscaping.markdown(text) }
  }
}
