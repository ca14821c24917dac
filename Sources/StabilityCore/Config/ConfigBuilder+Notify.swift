import Yams

extension ConfigBuilder {
  static let notifyKeys = ["name", "type", "url_env", "url", "on", "quiet", "timeout"]

  /// The `notify` entries (method §2.0). A URL written in the file is refused:
  /// a webhook URL is a credential, so it comes from `url_env`.
  func buildNotify(_ node: Node?) -> [NotifyConfig] {
    var entries: [NotifyConfig] = []
    var names: [(String, Int)] = []
    for (index, item) in reader.sequence(node, at: "notify").enumerated() {
      let path = "notify[\(index)]"
      guard
        let keys = reader.mapping(
          item, at: path, allowed: Self.notifyKeys, required: ["name", "type"])
      else { continue }
      if keys["url"] != nil {
        let example =
          reader.string(keys["type"], at: "\(path).type") == NotifyType.slack.rawValue
          ? "SLACK_WEBHOOK_URL=https://hooks.slack.com/…" : "STABILITY_HOOK_URL=https://…"
        let variable = example.prefix { $0 != "=" }
        reader.report(
          "`\(path).url`: a webhook URL is a secret and does not belong in the config file; "
            + "export it (e.g. \(example)) and name the variable in `url_env: \(variable)`.",
          at: keys["url"])
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
      // Every key is checked before any is missing, so one pass reports every problem.
      let quiet = reader.bool(keys["quiet"], at: "\(path).quiet") ?? false
      let timeout = reader.span(keys["timeout"], at: "\(path).timeout", allowZero: false)
      let variable = environmentVariable(keys["url_env"], at: "\(path).url_env")
      let type = reader.choice(keys["type"], at: "\(path).type", NotifyType.self)
      guard let name = reader.nonEmptyString(keys["name"], at: "\(path).name") else { continue }
      names.append((name, item.mark?.line ?? 0))
      guard let type, let variable else { continue }
      entries.append(
        NotifyConfig(
          name: name, type: type, urlVariable: variable, events: events, quiet: quiet,
          timeout: timeout ?? TimeSpan(seconds: 30), line: item.mark?.line ?? 0))
    }
    checkUnique(names, what: "notify entry")
    return entries
  }

  /// The name of an environment variable (`SLACK_WEBHOOK_URL`). Anything
  /// else is refused without being repeated: it may be the secret itself.
  func environmentVariable(_ node: Node?, at path: String) -> String? {
    guard let text = reader.nonEmptyString(node, at: path) else { return nil }
    let isName =
      text.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
      && text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    guard isName else {
      reader.report(
        "`\(path)` must name an environment variable (letters, digits and _, like "
          + "SLACK_WEBHOOK_URL), not hold a value: put the secret in the variable, and its name here.",
        at: node)
      return nil
    }
    return text
  }
}
