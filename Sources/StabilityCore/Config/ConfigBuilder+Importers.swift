import Yams

extension ConfigBuilder {
  static let importerKeys = [
    "name", "source", "metric", "group", "query", "history", "period", "overlap", "reread",
    "time_format",
    "time_column", "max_rejected",
  ]

  func buildImporters(
    _ node: Node?, section: String, sources: [SourceConfig], groups: [MetricGroup],
    metrics: [MetricDefinition]
  ) -> [ImporterConfig] {
    let isErrors = section == "error_importers"
    let allowed =
      isErrors ? Self.importerKeys.filter { $0 != "metric" && $0 != "group" } : Self.importerKeys
    var importers: [ImporterConfig] = []
    for (index, item) in reader.sequence(node, at: section).enumerated() {
      let path = "\(section)[\(index)]"
      guard
        let keys = reader.mapping(item, at: path, allowed: allowed, required: ["name", "source"]),
        let name = reader.nonEmptyString(keys["name"], at: "\(path).name"),
        let sourceName = reader.nonEmptyString(keys["source"], at: "\(path).source")
      else { continue }
      let source = sources.first { $0.name == sourceName }
      if source == nil {
        reader.report(
          unknownReference("source", sourceName, known: sources.map(\.name)), at: keys["source"])
      }
      let target =
        isErrors ? .errors : metricTarget(keys, path: path, groups: groups, metrics: metrics)
      let query = checkedQuery(keys["query"], path: path, source: source, item: item)
      let history = reader.span(keys["history"], at: "\(path).history", allowZero: false)
      let period = reader.span(keys["period"], at: "\(path).period", allowZero: true)
      let overlap = reader.span(keys["overlap"], at: "\(path).overlap", allowZero: true)
      let reread = reader.span(keys["reread"], at: "\(path).reread", allowZero: true)
      let timeFormat = reader.choice(
        keys["time_format"], at: "\(path).time_format", TimeFormat.self)
      if timeFormat == .datetime, source.map({ $0.type != .clickhouse }) == true {
        reportDatetimeOutsideClickHouse(at: keys["time_format"], path: path)
      }
      let timeColumn = reader.nonEmptyString(keys["time_column"], at: "\(path).time_column")
      let maxRejected = reader.percent(keys["max_rejected"], at: "\(path).max_rejected")
      guard let target else { continue }
      importers.append(
        ImporterConfig(
          name: name, target: target, source: sourceName, query: query,
          history: history ?? TimeSpan(seconds: 7 * UTCTime.day),
          period: period ?? TimeSpan(seconds: UTCTime.hour),
          // Crash reports arrive late — SDKs upload at the next launch, often
          // hours later — so error importers re-read the last day by default.
          overlap: overlap ?? TimeSpan(seconds: isErrors ? UTCTime.day : 0),
          // Reports later than the overlap still arrive, days late: the
          // first run of each day re-reads a week (method §2.2 step 10).
          reread: reread ?? TimeSpan(seconds: isErrors ? 7 * UTCTime.day : 0),
          timeFormat: timeFormat ?? source?.timeFormat ?? .iso8601,
          timeColumn: timeColumn ?? "time", maxRejectedPercent: maxRejected ?? 1,
          line: item.mark?.line ?? 0))
    }
    return importers
  }

  private func metricTarget(
    _ keys: [String: Node], path: String, groups: [MetricGroup], metrics: [MetricDefinition]
  ) -> ImporterTarget? {
    switch (keys["metric"], keys["group"]) {
    case (let metricNode?, nil):
      guard let name = reader.nonEmptyString(metricNode, at: "\(path).metric") else { return nil }
      guard metrics.contains(where: { $0.name == name }) else {
        reader.report(
          unknownReference("metric", name, known: metrics.map(\.name))
            + " Declare it under `metrics:` with its group and attribute values.", at: metricNode)
        return nil
      }
      return .metric(name)
    case (nil, let groupNode?):
      guard let id = reader.nonEmptyString(groupNode, at: "\(path).group") else { return nil }
      guard groups.contains(where: { $0.id == id }) else {
        reader.report(unknownReference("metric group", id, known: groups.map(\.id)), at: groupNode)
        return nil
      }
      return .group(id)
    case (.some, .some):
      reader.report(
        "`\(path)` names both `metric` and `group`; an importer feeds one metric or one group.",
        at: keys["group"])
      return nil
    case (nil, nil):
      reader.report(
        "`\(path)` needs `metric: NAME` (one metric) or `group: ID` (a grouped importer).",
        at: keys["name"])
      return nil
    }
  }

  private func checkedQuery(
    _ node: Node?, path: String, source: SourceConfig?, item: Node
  ) -> String? {
    let query = reader.nonEmptyString(node, at: "\(path).query")
    switch source?.type.descriptor.queryRule ?? .boundedBySpan {
    case .none:
      if node != nil {
        reader.report(
          "`\(path).query` does not apply to file sources: they read metric and error events.",
          at: node)
      }
      return nil
    case .graphiteTarget:
      if node == nil { reader.report("`\(path)` needs `query` (a Graphite target).", at: item) }
      return query
    case .promQL:
      if node == nil {
        reader.report(
          "`\(path)` needs `query` (PromQL, e.g. `sum by (version) (increase(sessions_total[1h]))`).",
          at: item)
      } else if let query, query.containsParameter("$1") || query.containsParameter("$2") {
        reader.report(
          "`\(path).query` is PromQL, which takes no $1/$2: the span goes to query_range as its "
            + "start and end. Remove them.", at: node)
      }
      return query
    case .boundedBySpan:
      guard let query else {
        reader.report(
          "`\(path)` needs `query`, e.g. `select value, time from t where time >= $1 and time < $2`.",
          at: item)
        return nil
      }
      let missing = ["$1", "$2"].filter { !query.containsParameter($0) }
      if !missing.isEmpty {
        reader.report(
          "`\(path).query` does not use \(missing.joined(separator: " and ")): the importer binds "
            + "$1 (start) and $2 (end) so each run reads only its span. Add a condition like "
            + "`time >= $1 and time < $2`.", at: node)
      }
      if source?.type == .clickhouse,
        query.range(of: #"(?i)\bFORMAT\s+\w+\s*;?\s*$"#, options: .regularExpression) != nil
      {
        reader.report(
          "`\(path).query` ends with a FORMAT clause; remove it: the tool reads ClickHouse's "
            + "TabSeparatedWithNamesAndTypes itself.", at: node)
      }
      return query
    }
  }
}

extension String {
  /// Whether `parameter` (e.g. `$1`) occurs not followed by another digit.
  func containsParameter(_ parameter: String) -> Bool {
    var searchStart = startIndex
    while let range = self.range(of: parameter, range: searchStart..<endIndex) {
      if range.upperBound == endIndex || !(self[range.upperBound].isNumber) { return true }
      searchStart = range.upperBound
    }
    return false
  }
}
