import Foundation
import StabilityTestSupport
import Testing

@testable import StabilityCore
@testable import StabilityReport

/// `report --version V --format jira`: the release ticket in Jira wiki
/// markup. Read back by the rules Jira renders with — a row is cells split at
/// unescaped `|`, a backslash makes the next character literal, `&#92;` is a
/// backslash — hostile values must come back as the same text in the same
/// cell, and never as syntax.
@Suite struct JiraTicketTests {
  static let hostile = [
    "fp|pipe", "[x|https://evil.example]", "{code}boom{code}", "*bold* _it_ -strike- +u+",
    "back\\slash\\\\break", "(x) (!) :) ;P", "#1 ^sup^ ~sub~ ??cite??", "!image.png!",
  ]

  /// A row's cells, split where `|` is not escaped, with `||` header
  /// separators taken as one.
  static func cells(_ line: Substring) -> [String] {
    var cells: [String] = []
    var current = ""
    var escaped = false
    for character in line {
      if escaped {
        current.append(character)
        escaped = false
      } else if character == "\\" {
        current.append(character)
        escaped = true
      } else if character == "|" {
        cells.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    cells.append(current)
    return cells.filter { !$0.isEmpty }
  }

  /// Jira's rendered text of one cell: escapes removed, `&#92;` a
  /// backslash; nil when an unescaped character would be markup — a link,
  /// macro, effect or image character, or an emoticon like `(x)` or `:P`.
  static func text(_ cell: String) -> String? {
    var output = ""
    var escaped = false
    let entity: Character = "\u{E000}"  // a private-use stand-in while scanning
    for character in cell.replacingOccurrences(of: "&#92;", with: String(entity)) {
      if escaped {
        output.append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if "[]{}*_+^~!#".contains(character) {
        return nil
      } else {
        output.append(character == entity ? "\\" : character)
      }
    }
    let raw = ["\\(", "\\:", "\\;"].reduce(cell) { $0.replacingOccurrences(of: $1, with: "") }
    if raw.contains(/\((x|!|\?|y|n|i|\/|\+|-|\*|on|off)\)|[:;][PpDd]/) { return nil }
    return output
  }

  @Test func hostileValuesStayTextInTheirCells() throws {
    let day = ScoresFixture.day
    let versions = ["1.0", "2.0|[evil]"]
    let fixture = try ScoresFixture(
      metrics: versions.map {
        StoreSeeder.metric("sessions", [("version", $0), ("platform", "ios")], at: day, 5_000)
      },
      errors: Self.hostile.enumerated().flatMap { index, fingerprint in
        versions.map {
          StoreSeeder.errors(
            fingerprint, [("version", $0)], at: day, count: Int64(index + 1) * 3, impacted: 1)
        }
      })
    let config = fixture.config
    let scores = try ScoreCalculator(config: config, store: fixture.store)
      .scores(window: ScoresFixture.window, generatedAt: TestTime.nov27)
    let builder = SiteBuilder(
      scores: scores,
      provenance: Provenance(
        config: config, states: try fixture.store.states(of: config.importers),
        window: ScoresFixture.window, now: TestTime.nov27),
      config: config, notes: Notes(texts: [:]), templates: try TemplateSet.load(overrides: nil))
    let ticket = try #require(try builder.versionPage("2.0|[evil]", format: .jira))
    #expect(ticket.hasPrefix("h1. "))
    #expect(ticket.contains("\nh2. Errors normalized by "))
    var header: Int?
    var fingerprintCells: Set<String> = []
    for line in ticket.split(separator: "\n") where line.hasPrefix("|") {
      let cells = Self.cells(line)
      if line.hasPrefix("||") {
        header = cells.count
        continue
      }
      // Every data row has as many cells as its table's header.
      #expect(cells.count == header, "\(line)")
      let texts = cells.map(Self.text)
      #expect(!texts.contains(nil), "markup in \(line)")
      if let first = texts.first, let first { fingerprintCells.insert(first) }
    }
    for fingerprint in Self.hostile {
      #expect(fingerprintCells.contains(fingerprint), "\(fingerprint) not in a cell as itself")
    }
    // The heading names the version as text, escaped.
    #expect(ticket.contains("version 2.0\\|\\[evil\\]"))
    #expect(!ticket.contains("\\\\"), "a doubled backslash is a line break in Jira")
  }

  @Test(arguments: [
    ("a|b", "a\\|b"), ("[x]", "\\[x\\]"), ("{code}", "\\{code\\}"), ("\\", "&#92;"),
    ("(y)", "\\(y)"), ("(0.1%–0.3%)", "(0.1%–0.3%)"), (":P", "\\:P"), ("3:00", "3:00"),
    ("line\nbreak", "line break"), ("2026-11-30", "2026-11-30"), ("-strike-", "\\-strike\\-"),
    ("3.17.0-beta", "3.17.0-beta"), ("a - b", "a \\- b"),
  ])
  func escapingFollowsJiraRules(value: String, escaped: String) {
    #expect(TextEscaping.jira(value) == escaped)
  }
}
