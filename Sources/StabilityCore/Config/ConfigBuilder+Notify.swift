import Yams

extension ConfigBuilder {
  static let notifyKeys = ["name", "type", "url_env", "url", "on", "quiet", "timeout"]

  /// The `notify` entries (SPEC §2.0). A URL written in the file is refused:
  /// a webhook URL is a credential, so it comes from `url_env`.
  func buildNotify(_ node: Node?) -> [NotifyConfig] {
    var entries: [NotifyConfig] = []
    for (index, item) in reader.sequence(node, at: "notify").enumerated() {
      let path = "notify[\(index)]"
      guard
        let keys = reader.mapping(
          item, at: path, allowed: Self.notifyKeys, required: ["name", "type"])
      else { continue }
      if keys["url"] != nil {
        reader.report(
          "`\(path).url`: a webhook URL is a secret and does not belong in the config file; "
            + "export it (e.g. SLACK_WEBHOOK_URL=https://hooks.slack.com/…) and name the variable "
            + "in `url_env: SLACK_WEBHOOK_URL`.", at: keys["url"])
      }
      if keys["url_env"] == nil, keys["url"] == nil {
        reader.report(
          "`\(path)` is missing `url_env`, the environment variable that holds the URL.",
          at: item)
      }
      var events = Set(DigestEvent.allCases)
      if let on = keys["on"] {
        events = []
        for eventNode in reader.sequence(on, at: "\(path).on") {
          guard let text = reader.nonEmptyString(eventNode, at: "\(path).on") else { continue }
          if let event = DigestEvent(rawValue: text) {
            events.insert(event)
          } else {
            let names = DigestEvent.allCases.map(\.rawValue)
            reader.report(
              "`\(path).on`: unknown event `\(text)`."
                + (closest(to: text, in: names).map { " Did you mean `\($0)`?" } ?? "")
                + " Events: \(names.joined(separator: ", ")).", at: eventNode)
          }
        }
      }
      guard let name = reader.nonEmptyString(keys["name"], at: "\(path).name"),
        let type = reader.choice(keys["type"], at: "\(path).type", NotifyType.self),
        let variable = reader.nonEmptyString(keys["url_env"], at: "\(path).url_env")
      else { continue }
      entries.append(
        NotifyConfig(
          name: name, type: type, urlVariable: variable, events: events,
          quiet: reader.bool(keys["quiet"], at: "\(path).quiet") ?? false,
          timeout: reader.span(keys["timeout"], at: "\(path).timeout", allowZero: false)
            ?? TimeSpan(seconds: 30),
          line: item.mark?.line ?? 0))
    }
    checkUnique(entries.map { ($0.name, $0.line) }, what: "notify entry")
    return entries
  }
}
