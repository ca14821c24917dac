import CCmark
import Foundation

/// CommonMark to HTML with libcmark; raw HTML is suppressed (cmark's safe
/// default: `<!-- raw HTML omitted -->`) and `javascript:` links are emptied.
package enum MarkdownRenderer {
  /// The HTML for `markdown`.
  static func html(_ markdown: String) -> String {
    let length = markdown.utf8.count
    guard let pointer = cmark_markdown_to_html(markdown, length, CMARK_OPT_DEFAULT) else {
      return TextEscaping.html(markdown)
    }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// The linked libcmark's version, e.g. `0.30.3`.
  package static var libraryVersion: String { String(cString: cmark_version_string()) }
}
