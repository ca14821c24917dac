import Foundation
import StabilityCore

/// Builds the report site in memory (method §5): relative path → file content.
/// Only `SiteWriter` touches the disk.
package struct SiteBuilder {
  let scores: Scores
  let provenance: Provenance
  let config: Config
  let notes: Notes
  let templates: TemplateSet
  /// The attribute whose values get pages (`version` when linked).
  package let pageAttribute: String?
  let valueSlugs: SlugRegistry
  let fingerprintSlugs: SlugRegistry
  /// Fingerprints that get pages: the top N of any group.
  let pagedFingerprints: Set<ByteString>
  /// Per group: each page-attribute value's fingerprints with errors there,
  /// as (position in the group's fingerprints, E(f, v)); built once, so a
  /// value's page does not scan every fingerprint.
  let fingerprintsByValue: [[ByteString: [(position: Int, cell: FingerprintValue)]]]
  /// Per group: position of each paged fingerprint in the group's list.
  let pagedPositions: [[ByteString: Int]]

  /// A builder for `scores`, described by `provenance`, with `notes` and `templates`.
  init(
    scores: Scores, provenance: Provenance, config: Config, notes: Notes, templates: TemplateSet
  ) {
    self.scores = scores
    self.provenance = provenance
    self.config = config
    self.notes = notes
    self.templates = templates
    let attributes = scores.groups.flatMap { $0.by.map(\.attribute) }
    let paged =
      (attributes.first { $0.name == "version" } ?? attributes.first(where: \.ordered)
      ?? attributes.first)?.name
    pageAttribute = paged
    let values = scores.groups.flatMap { group in
      group.by.filter { $0.attribute.name == paged }.flatMap { $0.values.map(\.value) }
    }
    valueSlugs = SlugRegistry(values: values)
    let top = scores.groups.flatMap { $0.fingerprints.prefix(config.report.topFingerprints) }
    let pagedSet = Set(top.map(\.fingerprint))
    pagedFingerprints = pagedSet
    fingerprintSlugs = SlugRegistry(values: Array(pagedSet))
    fingerprintsByValue = scores.groups.map { group in
      var byValue: [ByteString: [(position: Int, cell: FingerprintValue)]] = [:]
      guard let paged else { return byValue }
      for (position, fingerprint) in group.fingerprints.enumerated() {
        fingerprint.breakdown.forEachValue(of: fingerprint.index, attribute: paged) { cell in
          byValue[cell.value, default: []].append((position, cell))
        }
      }
      return byValue
    }
    pagedPositions = scores.groups.map { group in
      var positions: [ByteString: Int] = [:]
      for (position, fingerprint) in group.fingerprints.enumerated()
      where pagedSet.contains(fingerprint.fingerprint) {
        positions[fingerprint.fingerprint] = positions[fingerprint.fingerprint] ?? position
      }
      return positions
    }
  }

  /// Every file of the site for `formats` (`scores.json` only when
  /// `includingJSON`; `publish` streams it to disk instead).
  func build(formats: [ReportFormat], includingJSON: Bool = true) throws -> [String: String] {
    var files: [String: String] = [:]
    var charts: [String: String] = [:]
    if formats.contains(.json), includingJSON {
      files["scores.json"] = ScoresJSON.render(scores, listing: config.report.jsonFingerprints)
      var lines = JSONWriter(compact: true)
      ScoresJSON.writeLines(scores, into: &lines)
      files["fingerprints.jsonl"] = lines.finish()
    }
    let wantsPages = formats.contains(.html) || formats.contains(.md)
    guard wantsPages else { return files }
    let index = indexView(charts: &charts, linkingFingerprintList: formats.contains(.json))
    if formats.contains(.html) { files["index.html"] = try templates.render(index, "index.html") }
    if formats.contains(.md) { files["index.md"] = try templates.render(index, "index.md") }
    let releases = releasesView(charts: &charts)
    if formats.contains(.html) {
      files["releases.html"] = try templates.render(releases, "releases.html")
    }
    if formats.contains(.md) {
      files["releases.md"] = try templates.render(releases, "releases.md")
    }
    for value in versionValues {
      let view = versionView(value, charts: &charts)
      let slug = valueSlugs[value]
      if formats.contains(.html) {
        files["versions/\(slug).html"] = try templates.render(view, "version.html")
      }
      if formats.contains(.md) {
        files["versions/\(slug).md"] = try templates.render(view, "version.md")
      }
    }
    if formats.contains(.html) {
      for fingerprint in pagedFingerprints.sorted() {
        let view = fingerprintView(fingerprint, charts: &charts)
        files["fingerprints/\(fingerprintSlugs[fingerprint]).html"] = try templates.render(
          view, "fingerprint.html")
      }
    }
    for (path, svg) in charts { files[path] = svg }
    return files
  }

  /// Writes the site for `formats` into `directory` atomically, streaming
  /// `scores.json` to disk; returns the number of files written. Writers of
  /// one folder take turns; `waiting` is called when this one has to wait.
  package func publish(
    formats: [ReportFormat], to directory: String, extra: [String: String] = [:],
    waiting: () -> Void = {}
  ) throws -> Int {
    let (scores, listing) = (self.scores, config.report.jsonFingerprints)
    let json: [String: @Sendable (String) throws -> Void] =
      formats.contains(.json)
      ? [
        "scores.json": { try ScoresJSON.write(scores, listing: listing, toFile: $0) },
        "fingerprints.jsonl": { try ScoresJSON.writeLines(scores, toFile: $0) },
      ] : [:]
    var count = 0
    // A `report` between two runs keeps the last run's digest (the links posted point at it).
    try SiteWriter.write(
      rendering: {
        let files = try build(formats: formats, includingJSON: false).merging(extra) { _, new in
          new
        }
        count = files.count
        return files
      }, streamed: json, to: directory, carryingOver: ["digest.md", "digest.json"],
      protecting: config.pathsToProtect,
      staticFolder: (config.directory as NSString).appendingPathComponent(
        SiteFolder.staticFolderName),
      waiting: waiting)
    return count + json.count
  }

  /// A release ticket's text: the version page in Markdown or Jira wiki markup.
  package enum TicketFormat: String, Sendable {
    case md, jira
  }

  /// One value's page as ticket text, for `report --version V --stdout`
  /// (`--format md`, the default, or `--format jira`); nil for a value
  /// without a page.
  package func versionPage(_ value: String, format: TicketFormat = .md) throws -> String? {
    let key = ByteString(value)
    guard versionValues.contains(key) else { return nil }
    var charts: [String: String] = [:]
    return try templates.render(versionView(key, charts: &charts), "version.\(format.rawValue)")
  }

  /// Values of the page attribute with a page, in first-seen order across groups.
  var versionValues: [ByteString] {
    var seen: Set<ByteString> = []
    var result: [ByteString] = []
    for group in scores.groups {
      for table in group.by where table.attribute.name == pageAttribute {
        for row in table.values where seen.insert(row.value).inserted { result.append(row.value) }
      }
    }
    return result
  }

  func frame(title: String) -> PageFrame {
    let days = scores.window.days()
    let last = days.last?.day ?? UTCTime.dayString(scores.window.end)
    let warnings = provenance.warnings + partialDataWarnings
    return PageFrame(
      title: FigureText.short(title, limit: 200), project: scores.project,
      windowText:
        "\(days.first?.day ?? "") – \(last) (\(Self.length(scores.window)), \(scores.window.timezone); "
        + "[\(UTCTime.iso8601(scores.window.start)), \(UTCTime.iso8601(scores.window.end)))"
        + (scores.window.dayBoundaryNote.map { "; \($0)" } ?? "") + ")",
      generated: UTCTime.iso8601(scores.generatedAt), warnings: warnings.map(Prose.init),
      hasWarnings: !warnings.isEmpty, importers: provenance.importers,
      notices: provenance.notices.map(Prose.init), hasNotices: !provenance.notices.isEmpty,
      minChanges: scores.groups.map {
        "\(FigureText.change($0.group.minChange)) (\($0.group.name))"
      }.joined(separator: ", "))
  }

  /// "Sessions Started: data through 2026-12-06T14:26:00Z only, before this
  /// window ends (…); from 2026-12-06 on the figures are not complete …"
  /// for each group whose data stops an hour or more before the window's
  /// end (`GroupScores.dataStops`; method §5: partial data is said).
  var partialDataWarnings: [String] {
    scores.groups.compactMap { group in
      guard let through = group.dataStops(before: scores.window.end), group.metric > 0 else {
        return nil
      }
      let day = scores.window.day(ofHour: max(scores.window.start, through))
      return "\(group.group.name): data through \(UTCTime.iso8601(through)) only, before this "
        + "window ends (\(UTCTime.iso8601(scores.window.end))); from \(day) on the figures are "
        + "not complete and will grow as the importers catch up."
    }
  }

  /// The window's length as it is: `7 days`, `36 hours`, `168.6 hours`
  /// (an end of now), `167 hours` (a week across a DST change).
  static func length(_ window: ReportWindow) -> String { span(window.end - window.start) }

  /// `7 days`, `36 hours`, `168.6 hours`.
  static func span(_ seconds: Int64) -> String {
    if seconds % UTCTime.day == 0 { return Plural.of(seconds / UTCTime.day, "day") }
    if seconds % UTCTime.hour == 0 { return Plural.of(seconds / UTCTime.hour, "hour") }
    return String(format: "%.1f hours", Double(seconds) / Double(UTCTime.hour))
  }

  func valueLink(_ value: ByteString, attribute: String) -> LinkView {
    LinkView(
      text: FigureText.short(value.string), full: value.string, slug: valueSlugs[value],
      hasPage: attribute == pageAttribute)
  }

  func fingerprintLink(_ fingerprint: ByteString) -> LinkView {
    LinkView(
      text: FigureText.short(fingerprint.string), full: fingerprint.string,
      slug: fingerprintSlugs[fingerprint],
      hasPage: pagedFingerprints.contains(fingerprint))
  }

  /// Adds `chart` as `charts/<name>.svg` and returns its view (file path relative to `root`).
  func chart(
    _ make: (String) -> BarChart, name: String, root: String, charts: inout [String: String]
  )
    -> ChartView
  {
    let id = "chart-" + name
    let built = make(id)
    let svg = built.svg()
    charts["charts/\(name).svg"] = svg
    return ChartView(svg: svg, file: "\(root)charts/\(name).svg", title: built.title)
  }

  func slug(_ text: String) -> String { SlugRegistry.base(ByteString(text)) }
}
