import Yams

extension ConfigBuilder {
  static let groupKeys = [
    "id", "name", "kind", "per", "min_volume", "min_change", "target", "critical", "attributes",
  ]

  func buildGroups(_ node: Node?) -> [MetricGroup] {
    var groups: [MetricGroup] = []
    var lines: [(String, Int)] = []
    for (index, item) in reader.sequence(node, at: "metric_groups").enumerated() {
      let path = "metric_groups[\(index)]"
      guard
        let keys = reader.mapping(
          item, at: path, allowed: Self.groupKeys, required: ["id", "kind", "attributes"]),
        let id = reader.nonEmptyString(keys["id"], at: "\(path).id"),
        let kind = reader.choice(keys["kind"], at: "\(path).kind", GroupKind.self)
      else { continue }
      let target = reader.number(keys["target"], at: "\(path).target", minimum: 0)
      let critical = reader.number(keys["critical"], at: "\(path).critical", minimum: 0)
      if kind == .amount {
        for key in ["target", "critical"] where keys[key] != nil {
          reader.report(
            "`\(path).\(key)` applies only to count groups (stability is a share of things "
              + "that can be impacted); remove it or use kind: count.", at: keys[key])
        }
      }
      for (key, value) in [("target", target), ("critical", critical)] {
        if let value, value > 100 {
          reader.report("`\(path).\(key)` is a percentage from 0 to 100.", at: keys[key])
        }
      }
      if let target, let critical, critical > target {
        reader.report(
          "`\(path).critical` (\(critical.formatted)) is above `target` (\(target.formatted)); "
            + "critical is the lower bar.", at: keys["critical"])
      }
      let attributes = buildAttributes(keys["attributes"], path: "\(path).attributes")
      lines.append((id, item.mark?.line ?? 0))
      groups.append(
        MetricGroup(
          id: id, name: reader.nonEmptyString(keys["name"], at: "\(path).name") ?? id, kind: kind,
          per: reader.number(keys["per"], at: "\(path).per", minimum: 1e-12)
            ?? (kind == .count ? 1 : 1000),
          minVolume: reader.number(keys["min_volume"], at: "\(path).min_volume", minimum: 0) ?? 100,
          minChange: reader.fraction(keys["min_change"], at: "\(path).min_change") ?? 0.1,
          target: kind == .count ? target : nil, critical: kind == .count ? critical : nil,
          attributes: attributes))
    }
    checkUnique(lines, what: "metric group")
    return groups
  }

  private func buildAttributes(_ node: Node?, path: String) -> [LinkedAttribute] {
    var attributes: [LinkedAttribute] = []
    let items = reader.sequence(node, at: path)
    if node != nil, items.isEmpty, node?.sequence != nil {
      reader.report("`\(path)` needs at least one attribute, e.g. {name: version}.", at: node)
    }
    for (index, item) in items.enumerated() {
      let itemPath = "\(path)[\(index)]"
      guard
        let keys = reader.mapping(
          item, at: itemPath, allowed: ["name", "default", "ordered"], required: ["name"]),
        let name = reader.nonEmptyString(keys["name"], at: "\(itemPath).name")
      else { continue }
      if attributes.contains(where: { $0.name == name }) {
        reader.report("attribute `\(name)` is linked twice in `\(path)`.", at: item)
        continue
      }
      if ["time", "value", "count", "impacted", "fingerprint", "group"].contains(name) {
        reader.report(
          "`\(name)` cannot be an attribute name: it is a reserved result column.", at: keys["name"]
        )
      }
      attributes.append(
        LinkedAttribute(
          name: name,
          defaultValue: reader.string(keys["default"], at: "\(itemPath).default") ?? "unknown",
          ordered: reader.bool(keys["ordered"], at: "\(itemPath).ordered") ?? (name == "version")))
    }
    return attributes
  }

  func buildMetrics(_ node: Node?, groups: [MetricGroup]) -> [MetricDefinition] {
    var metrics: [MetricDefinition] = []
    var lines: [(String, Int)] = []
    for (index, item) in reader.sequence(node, at: "metrics").enumerated() {
      let path = "metrics[\(index)]"
      guard
        let keys = reader.mapping(
          item, at: path, allowed: ["name", "group", "attributes"], required: ["name", "group"]),
        let name = reader.nonEmptyString(keys["name"], at: "\(path).name"),
        let groupID = reader.nonEmptyString(keys["group"], at: "\(path).group")
      else { continue }
      guard let group = groups.first(where: { $0.id == groupID }) else {
        reader.report(
          unknownReference("metric group", groupID, known: groups.map(\.id)), at: keys["group"])
        continue
      }
      var attributes: [String: String] = [:]
      if let attributeNode = keys["attributes"] {
        let allowed = group.attributes.map(\.name)
        let pairs = reader.mapping(attributeNode, at: "\(path).attributes", allowed: allowed) ?? [:]
        for (attribute, valueNode) in pairs {
          attributes[attribute] = reader.string(valueNode, at: "\(path).attributes.\(attribute)")
        }
      }
      lines.append((name, item.mark?.line ?? 0))
      metrics.append(MetricDefinition(name: name, group: groupID, attributes: attributes))
    }
    checkUnique(lines, what: "metric")
    return metrics
  }

  func unknownReference(_ what: String, _ name: String, known: [String]) -> String {
    var message = "no \(what) named `\(name)`."
    if let suggestion = closest(to: name, in: known) {
      message += " Did you mean `\(suggestion)`?"
    } else if known.isEmpty {
      message += " None is defined."
    } else {
      message += " Defined: \(known.joined(separator: ", "))."
    }
    return message
  }
}
