import Foundation
import Yams

/// Turns the YAML tree into a `Config`, section by section, recording problems
/// in the reader. Returns nil only when the document is not a mapping.
struct ConfigBuilder {
  let reader: YAMLReader
  let directory: String
  let file: String

  static let topLevelKeys = [
    "version", "project", "store", "sources", "metric_groups", "metrics", "importers",
    "error_importers", "report", "annotations", "notify",
  ]

  func build(_ root: Node?) -> Config? {
    guard let root else { return nil }
    guard let top = reader.mapping(root, at: "", allowed: Self.topLevelKeys, required: ["version"])
    else { return nil }
    if let version = reader.string(top["version"], at: "version"), version != "1" {
      reader.report(
        "`version` must be 1 (this program reads config version 1), not `\(version)`.",
        at: top["version"])
    }
    let sources = buildSources(top["sources"])
    let groups = buildGroups(top["metric_groups"])
    let metrics = buildMetrics(top["metrics"], groups: groups)
    var importers = buildImporters(
      top["importers"], section: "importers", sources: sources, groups: groups, metrics: metrics)
    importers += buildImporters(
      top["error_importers"], section: "error_importers", sources: sources, groups: groups,
      metrics: metrics)
    checkUnique(importers.map { ($0.name, $0.line) }, what: "importer")
    let store = reader.nonEmptyString(top["store"], at: "store") ?? ".stability/store.db"
    var config = Config(
      file: file, directory: directory,
      project: reader.nonEmptyString(top["project"], at: "project") ?? "Stability",
      storePath: absolutePath(store, relativeTo: directory),
      sources: sources, groups: groups, metrics: metrics, importers: importers,
      report: buildReport(top["report"], groups: groups),
      annotations: buildAnnotations(top["annotations"]))
    config.notify = buildNotify(top["notify"])
    return config
  }

  func checkUnique(_ names: [(String, Int)], what: String) {
    var seen: [String: Int] = [:]
    for (name, line) in names {
      if let first = seen[name] {
        reader.reportLine(
          "duplicate \(what) name `\(name)` (first defined on line \(first)); names must be unique.",
          line: line)
      } else {
        seen[name] = line
      }
    }
  }

  // MARK: sources

  static let sourceKeys = [
    "name", "type", "path", "url", "database", "password_env", "username_env", "token_env",
    "time_format", "statement_timeout", "connect_timeout", "retention_policy", "attributes_from",
    "dot_replacement",
  ]

  func buildSources(_ node: Node?) -> [SourceConfig] {
    var sources: [SourceConfig] = []
    for (index, item) in reader.sequence(node, at: "sources").enumerated() {
      let path = "sources[\(index)]"
      guard
        let keys = reader.mapping(
          item, at: path, allowed: Self.sourceKeys, required: ["name", "type"]),
        let name = reader.nonEmptyString(keys["name"], at: "\(path).name"),
        let type = reader.choice(keys["type"], at: "\(path).type", SourceType.self)
      else { continue }
      checkSourceKeys(keys, type: type, path: path)
      var credentials: [String: String] = [:]
      for role in ["password", "username", "token"] {
        credentials[role] = environmentVariable(keys["\(role)_env"], at: "\(path).\(role)_env")
      }
      let rawPath = reader.nonEmptyString(keys["path"], at: "\(path).path")
      sources.append(
        SourceConfig(
          name: name, type: type, path: rawPath.map { absolutePath($0, relativeTo: directory) },
          url: reader.nonEmptyString(keys["url"], at: "\(path).url"),
          database: reader.nonEmptyString(keys["database"], at: "\(path).database"),
          credentialVariables: credentials,
          timeFormat: reader.choice(keys["time_format"], at: "\(path).time_format", TimeFormat.self)
            ?? type.descriptor.defaultTimeFormat,
          statementTimeout: reader.span(
            keys["statement_timeout"], at: "\(path).statement_timeout", allowZero: false)
            ?? TimeSpan(seconds: 300),
          connectTimeout: reader.span(
            keys["connect_timeout"], at: "\(path).connect_timeout", allowZero: false)
            ?? TimeSpan(seconds: 10),
          retentionPolicy: reader.nonEmptyString(
            keys["retention_policy"], at: "\(path).retention_policy"),
          attributesFrom: attributesPattern(keys["attributes_from"], path: path),
          dotReplacement: reader.nonEmptyString(
            keys["dot_replacement"], at: "\(path).dot_replacement"),
          line: item.mark?.line ?? 0))
    }
    checkUnique(sources.map { ($0.name, $0.line) }, what: "source")
    return sources
  }

  /// A regular expression with named groups (`(?<version>…)`), checked here.
  private func attributesPattern(_ node: Node?, path: String) -> String? {
    guard let pattern = reader.nonEmptyString(node, at: "\(path).attributes_from") else {
      return nil
    }
    guard let expression = try? NSRegularExpression(pattern: pattern) else {
      reader.report(
        "`\(path).attributes_from` is not a valid regular expression: \(pattern)", at: node)
      return nil
    }
    if expression.numberOfCaptureGroups == 0 || !pattern.contains("(?<") {
      reader.report(
        "`\(path).attributes_from` needs named groups, e.g. `^sessions\\.(?<version>[^.]+)$`.",
        at: node)
    }
    return pattern
  }

  /// `time_format: datetime` names ClickHouse's `DateTime`; other sources bind text or numbers.
  func reportDatetimeOutsideClickHouse(at node: Node?, path: String) {
    reader.report(
      "`\(path).time_format: datetime` is for clickhouse sources; use iso8601, sql, unix or unix_ms.",
      at: node)
  }

  private func checkSourceKeys(_ keys: [String: Node], type: SourceType, path: String) {
    let descriptor = type.descriptor
    let needs = descriptor.requiredKeys
    let allows = Set(descriptor.requiredKeys + descriptor.optionalKeys)
    if !type.acceptsDatetime, let node = keys["time_format"],
      reader.string(node, at: "\(path).time_format") == TimeFormat.datetime.rawValue
    {
      reportDatetimeOutsideClickHouse(at: node, path: path)
    }
    for key in needs where keys[key] == nil {
      reader.report("`\(path)` (type \(type.rawValue)) needs `\(key)`.", at: keys["type"])
    }
    for (key, node) in keys where !["name", "type"].contains(key) && !allows.contains(key) {
      reader.report("`\(path).\(key)` does not apply to \(type.rawValue) sources.", at: node)
    }
  }
}
