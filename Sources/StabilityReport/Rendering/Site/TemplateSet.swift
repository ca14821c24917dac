import Foundation
import Mustache
import StabilityCore

/// The Mustache templates pages are rendered with: the defaults compiled into
/// the binary (from `templates/`, so it works from any directory and when
/// copied alone), each replaceable by a file of the same name in `--templates DIR`.
struct TemplateSet {
  let library: MustacheLibrary

  /// Problems with templates (exit 2).
  struct TemplateError: StabilityError {
    /// What and where.
    let description: String
    package var exitStatus: ExitStatus { .usage }
  }

  /// The defaults, with any `*.mustache` file in `overrides` replacing its namesake.
  package static func load(overrides directory: String?) throws -> TemplateSet {
    var sources = EmbeddedTemplates.files
    if let directory {
      guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
        throw TemplateError(description: "--templates \(directory) is not a readable folder.")
      }
      for case let relative as String in enumerator where relative.hasSuffix(".mustache") {
        let name = String(relative.dropLast(".mustache".count))
        guard sources[name] != nil else {
          throw TemplateError(
            description: "\(directory)/\(relative) does not replace a known template; names: "
              + sources.keys.sorted().map { "\($0).mustache" }.joined(separator: ", "))
        }
        let path = (directory as NSString).appendingPathComponent(relative)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
          throw TemplateError(description: "cannot read \(path) as UTF-8 text.")
        }
        sources[name] = text
      }
    }
    TextEscaping.registerContentTypes()
    var templates: [String: MustacheTemplate] = [:]
    for (name, text) in sources {
      let contentType =
        name.hasSuffix(".md")
        ? "STABILITY_MARKDOWN" : name.hasSuffix(".jira") ? "STABILITY_JIRA" : "STABILITY_HTML"
      do {
        templates[Self.partialName(name)] = try MustacheTemplate(
          string: "{{%CONTENT_TYPE: \(contentType)}}" + text)
      } catch {
        throw TemplateError(description: "template \(name).mustache does not parse: \(error).")
      }
    }
    return TemplateSet(library: MustacheLibrary(templates: templates))
  }

  /// `partials/head.html` is included as `{{> head.html}}`.
  static func partialName(_ name: String) -> String {
    name.hasPrefix("partials/") ? String(name.dropFirst("partials/".count)) : name
  }

  func render(_ view: Any, _ name: String) throws -> String {
    guard let text = library.render(view, withTemplate: name) else {
      throw TemplateError(description: "no template named \(name).mustache.")
    }
    return text
  }
}
