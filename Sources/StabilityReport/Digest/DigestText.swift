import StabilityCore

/// The digest as people and programs read it: `digest.md`, the Slack
/// message and `digest.json` (method §6; the JSON schema is in the README).
extension Digest {
  /// `digest.md`: a heading, the summary, one bullet per item with its link.
  package func markdown() -> String {
    var text = "# \(TextEscaping.markdown(project)) — what changed\n\n"
    text += "Run \(UTCTime.iso8601(generatedAt)) · window "
    text += "[\(UTCTime.iso8601(window.start)), \(UTCTime.iso8601(window.end)))"
    if let siteURL { text += " · [the report](\(siteURL))" }
    text += "\n\n**\(TextEscaping.markdown(summary))**\n"
    // The tool's own sentences: backtick spans are code, as on the pages.
    for warning in partialData { text += "\n> \(Prose(warning).markdown)\n" }
    if !items.isEmpty { text += "\n" }
    for item in items {
      text += "- **\(item.event.label())** — \(Prose(item.text).markdown)"
      if let link = item.link { text += " [details](\(link))" }
      text += "\n"
    }
    return text
  }

  /// The Slack message text (mrkdwn): at most `maxLines` lines, the rest
  /// as "… and N more" with a link to the digest when the site has a URL.
  package func slackText(maxLines: Int = 40) -> String {
    var lines = ["*\(Self.slackEscape(project)) — stability digest*", Self.slackEscape(summary)]
    lines += partialData.map { "⚠ " + Self.slackEscape($0) }
    let room = maxLines - lines.count - 1
    let shown = items.count > room + 1 ? Array(items.prefix(room)) : items
    for item in shown {
      var line = "• *\(item.event.label())* \(Self.slackEscape(item.text))"
      if let link = item.link { line += " <\(link)|details>" }
      lines.append(line)
    }
    if shown.count < items.count {
      let more = "… and \(items.count - shown.count) more"
      lines.append(
        siteURL.map { "\(more): <\(Self.siteFile($0, "digest.md"))|the full digest>" } ?? more
          + " in the site's digest.md")
    } else if let siteURL {
      lines.append("<\(siteURL)|The report>")
    }
    return lines.joined(separator: "\n")
  }

  /// `digest.json`, the webhook's payload.
  package func json() -> String {
    var writer = JSONWriter()
    writer.object { writer in
      writer.key("schema")
      writer.integer(1)
      writer.key("project")
      writer.string(project)
      writer.key("generated_at")
      writer.string(UTCTime.iso8601(generatedAt))
      writer.key("window")
      writer.object { writer in
        writer.key("start")
        writer.string(UTCTime.iso8601(window.start))
        writer.key("end")
        writer.string(UTCTime.iso8601(window.end))
      }
      if let siteURL {
        writer.key("site")
        writer.string(siteURL)
      }
      if let previousRun {
        writer.key("previous_run")
        writer.string(UTCTime.iso8601(previousRun))
      }
      writer.key("first_run")
      writer.bool(firstRun)
      writer.key("watching")
      writer.integer(Int64(watching))
      writer.key("nothing_to_act_on")
      writer.bool(nothingToActOn)
      writer.key("summary")
      writer.string(summary)
      writer.key("partial_data")
      writer.array { writer in
        for warning in partialData { writer.string(warning) }
      }
      writer.key("items")
      writer.array { writer in
        for item in items { Self.write(item, into: &writer) }
      }
    }
    return writer.finish() + "\n"
  }

  private static func write(_ item: Item, into writer: inout JSONWriter) {
    writer.object { writer in
      let fields: [(String, String?)] = [
        ("event", item.event.rawValue), ("group", item.group), ("attribute", item.attribute),
        ("value", item.value), ("fingerprint", item.fingerprint), ("importer", item.importer),
        ("text", item.text), ("link", item.link),
      ]
      for case (let key, let value?) in fields {
        writer.key(key)
        writer.string(value)
      }
    }
  }

  /// Text from data made safe for a Slack message: Slack's three escapes
  /// (`&`, `<`, `>`); its formatting characters `*`, `_`, `~` and `` ` ``
  /// fenced by zero-width spaces, so they can neither open nor close bold,
  /// italics, strikes or code (Slack has no escape for them); and line
  /// breaks and other control characters as spaces, so an item stays one line.
  package static func slackEscape(_ text: String) -> String {
    var escaped = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": escaped.append(contentsOf: "&amp;".unicodeScalars)
      case "<": escaped.append(contentsOf: "&lt;".unicodeScalars)
      case ">": escaped.append(contentsOf: "&gt;".unicodeScalars)
      case "*", "_", "~", "`": escaped.append(contentsOf: ["\u{200B}", scalar, "\u{200B}"])
      case _
      where scalar.properties.generalCategory == .control
        || scalar == "\u{2028}" || scalar == "\u{2029}":
        escaped.append(" ")
      default: escaped.append(scalar)
      }
    }
    return String(escaped)
  }

  /// A file beside the overview: `https://…/index.html` → `https://…/digest.md`.
  static func siteFile(_ siteURL: String, _ name: String) -> String {
    (siteURL.hasSuffix("/index.html")
      ? String(siteURL.dropLast("index.html".count)) : siteURL + "/")
      + name
  }
}
