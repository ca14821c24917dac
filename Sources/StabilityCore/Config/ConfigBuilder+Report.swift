import Foundation
import Yams

extension ConfigBuilder {
  static let reportKeys = [
    "window", "end", "timezone", "normalize_by", "group_by", "top_fingerprints", "out", "formats",
    "notes", "age_window", "history_versions", "base_url", "json_fingerprints",
  ]

  func buildReport(_ node: Node?, groups: [MetricGroup]) -> ReportSettings {
    let keys = reader.mapping(node, at: "report", allowed: Self.reportKeys) ?? [:]
    let timezone = reader.nonEmptyString(keys["timezone"], at: "report.timezone") ?? "UTC"
    if TimeZone(identifier: timezone) == nil {
      reader.report(
        "`report.timezone` `\(timezone)` is not an IANA time zone name (e.g. UTC, Europe/Berlin).",
        at: keys["timezone"])
    }
    var normalizeBy: [String] = []
    for item in reader.sequence(keys["normalize_by"], at: "report.normalize_by") {
      guard let id = reader.nonEmptyString(item, at: "report.normalize_by") else { continue }
      if groups.contains(where: { $0.id == id }) {
        normalizeBy.append(id)
      } else {
        reader.report(unknownReference("metric group", id, known: groups.map(\.id)), at: item)
      }
    }
    var formats: [ReportFormat] = []
    for item in reader.sequence(keys["formats"], at: "report.formats") {
      if let format = reader.choice(item, at: "report.formats", ReportFormat.self) {
        formats.append(format)
      }
    }
    let out = reader.nonEmptyString(keys["out"], at: "report.out") ?? "site"
    let notes = reader.nonEmptyString(keys["notes"], at: "report.notes")
    var settings = ReportSettings(
      window: reader.span(keys["window"], at: "report.window", allowZero: false)
        ?? TimeSpan(seconds: 7 * UTCTime.day),
      end: reportEnd(keys["end"]), timezone: timezone,
      normalizeBy: keys["normalize_by"] == nil ? groups.map(\.id) : normalizeBy,
      groupBy: groupBy(keys["group_by"], groups: groups),
      topFingerprints: reader.integer(
        keys["top_fingerprints"], at: "report.top_fingerprints", minimum: 1)
        ?? 50,
      out: absolutePath(out, relativeTo: directory),
      formats: keys["formats"] == nil ? ReportFormat.allCases : formats,
      notes: notes.map { absolutePath($0, relativeTo: directory) })
    if let span = reader.span(keys["age_window"], at: "report.age_window", allowZero: false) {
      settings.ageWindow = TimeSpan(seconds: max(UTCTime.hour, UTCTime.floorToHour(span.seconds)))
    }
    if let count = reader.integer(
      keys["history_versions"], at: "report.history_versions", minimum: 1)
    {
      settings.historyVersions = count
    }
    if let count = reader.integer(
      keys["json_fingerprints"], at: "report.json_fingerprints", minimum: 0)
    {
      settings.jsonFingerprints = count
    }
    if let url = reader.nonEmptyString(keys["base_url"], at: "report.base_url") {
      if url.hasPrefix("https://") || url.hasPrefix("http://") {
        settings.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
      } else {
        reader.report(
          "`report.base_url` must be an http(s) URL where the site is served, like "
            + "https://stability.internal/site, not `\(url)`.", at: keys["base_url"])
      }
    }
    return settings
  }

  private func reportEnd(_ node: Node?) -> ReportEnd {
    guard let text = reader.nonEmptyString(node, at: "report.end") else { return .today }
    switch text {
    case "today": return .today
    case "now": return .now
    default:
      if let time = UTCTime.parse(text) { return .time(time) }
      reader.report(
        "`report.end` must be today, now or an ISO 8601 time like 2026-11-27T00:00:00Z, not `\(text)`.",
        at: node)
      return .today
    }
  }

  private func groupBy(_ node: Node?, groups: [MetricGroup]) -> [String: [String]] {
    var result: [String: [String]] = [:]
    // Every linked attribute by default: a group that links `platform` shows
    // a platform table without the user having to ask (`group_by` narrows it).
    for group in groups { result[group.id] = group.attributes.map(\.name) }
    let pairs = reader.mapping(node, at: "report.group_by", allowed: groups.map(\.id)) ?? [:]
    for (groupID, listNode) in pairs {
      guard let group = groups.first(where: { $0.id == groupID }) else { continue }
      var names: [String] = []
      for item in reader.sequence(listNode, at: "report.group_by.\(groupID)") {
        guard let name = reader.nonEmptyString(item, at: "report.group_by.\(groupID)") else {
          continue
        }
        if group.attribute(named: name) == nil {
          reader.report(
            "`report.group_by.\(groupID)`: `\(name)` is not an attribute of group `\(groupID)` "
              + "(linked: \(group.attributes.map(\.name).joined(separator: ", "))).", at: item)
        } else {
          names.append(name)
        }
      }
      result[groupID] = names
    }
    return result
  }

  func buildAnnotations(_ node: Node?) -> [ByteString: String] {
    guard let node else { return [:] }
    guard let mapping = node.mapping else {
      reader.report("`annotations` must map fingerprints to Markdown text.", at: node)
      return [:]
    }
    var result: [ByteString: String] = [:]
    for (key, value) in mapping {
      guard let fingerprint = reader.string(key, at: "annotations"),
        let text = reader.string(value, at: "annotations.\(fingerprint)")
      else { continue }
      result[ByteString(fingerprint)] = text
    }
    return result
  }
}
