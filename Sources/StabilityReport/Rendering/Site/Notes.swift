import Foundation
import StabilityCore

/// Markdown notes from the `report.notes` folder: `index.md` for the overview,
/// `<value>.md` for a value's page. Only files actually in the folder are
/// looked up (by exact name), so a value like `../x` can never read elsewhere.
struct Notes: Sendable {
  let texts: [String: String]

  /// No notes.
  static let none = Notes(texts: [:])

  /// Reads every `*.md` file directly in `directory` (none when it does not exist).
  package static func load(directory: String?) throws -> Notes {
    guard let directory, FileManager.default.fileExists(atPath: directory) else { return .none }
    var texts: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: directory)
    where name.hasSuffix(".md") {
      let path = (directory as NSString).appendingPathComponent(name)
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw UsageError("cannot read the note \(path) as UTF-8 text; fix or remove it.")
      }
      texts[String(name.dropLast(3))] = text
    }
    return Notes(texts: texts)
  }

  /// The note named `name` (without `.md`), compared by bytes.
  func text(for name: String) -> String? {
    texts.first { $0.key.utf8.elementsEqual(name.utf8) }?.value
  }
}
