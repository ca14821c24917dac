import Foundation

/// The README's "Five-minute tutorial", read from README.md itself: its
/// fenced `yaml` blocks make the config and its `sql` block the source's
/// schema. Blocks inside its `<details>` part are the epoch-integer
/// variant, which replaces the base blocks that set the same top-level keys.
struct ReadmeTutorial {
  /// One fenced code block, its indentation removed.
  struct Block {
    let language: String
    let text: String
    let isVariant: Bool

    /// The YAML keys the block sets at its top level (`sources`, `importers` …).
    var topLevelKeys: Set<String> {
      Set(
        text.split(separator: "\n").compactMap { line in
          guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":")
          else { return nil }
          return String(line[..<colon])
        })
    }
  }

  let blocks: [Block]

  /// Reads the tutorial section of the package's README.md.
  init() throws {
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(
      contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    guard let start = readme.range(of: "\n## Five-minute tutorial\n") else {
      throw TutorialMissing(what: "the section \"## Five-minute tutorial\"")
    }
    let rest = readme[start.upperBound...]
    let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
    blocks = Self.fencedBlocks(in: String(section))
  }

  /// The config the tutorial builds: every base `yaml` block in order, or
  /// with `epochVariant` the variant's blocks in place of the ones they replace.
  func config(epochVariant: Bool) -> String {
    var chosen = blocks.filter { $0.language == "yaml" && !$0.isVariant }
    if epochVariant {
      for variant in blocks where variant.language == "yaml" && variant.isVariant {
        let keys = variant.topLevelKeys
        guard let first = chosen.firstIndex(where: { !$0.topLevelKeys.isDisjoint(with: keys) })
        else { continue }
        chosen.removeAll { !$0.topLevelKeys.isDisjoint(with: keys) }
        chosen.insert(variant, at: min(first, chosen.count))
      }
    }
    return chosen.map(\.text).joined(separator: "\n")
  }

  /// The schema of the tutorial's `game.db`.
  func schema(epochVariant: Bool) -> String {
    blocks.filter { $0.language == "sql" && $0.isVariant == epochVariant }.map(\.text)
      .joined(separator: "\n")
  }

  private static func fencedBlocks(in section: String) -> [Block] {
    var blocks: [Block] = []
    var inVariant = false
    var open: (language: String, indent: Int, lines: [String])?
    for line in section.components(separatedBy: "\n") {
      let trimmed = line.drop(while: { $0 == " " })
      let indent = line.count - trimmed.count
      if var block = open {
        if trimmed.hasPrefix("```") {
          blocks.append(
            Block(
              language: block.language, text: block.lines.joined(separator: "\n") + "\n",
              isVariant: inVariant))
          open = nil
        } else {
          block.lines.append(String(line.dropFirst(min(block.indent, indent))))
          open = block
        }
      } else if trimmed.hasPrefix("```") {
        open = (String(trimmed.dropFirst(3)), indent, [])
      } else if trimmed.hasPrefix("<details") {
        inVariant = true
      } else if trimmed.hasPrefix("</details") {
        inVariant = false
      }
    }
    return blocks
  }

  struct TutorialMissing: Error, CustomStringConvertible {
    let what: String
    var description: String { "README.md has no \(what)" }
  }
}
