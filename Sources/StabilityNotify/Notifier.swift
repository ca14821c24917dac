import Foundation
import StabilityCore
import StabilityReport
import StabilityStore

/// Posts the digest to each `notify` entry (method §6): Slack's
/// incoming-webhook JSON or the digest JSON, with the entry's timeout and 3
/// tries with backoff on connection errors and 5xx (none on 4xx). The URL is
/// a secret: it comes from the entry's `url_env` and no message names it.
package struct Notifier {
  /// Where the URLs come from.
  let environment: RunEnvironment
  /// First backoff between tries (doubles each retry).
  var backoff: TimeInterval = 0.5

  /// A notifier reading URLs from `environment`.
  public init(environment: RunEnvironment) {
    self.environment = environment
  }

  /// What happened to one entry.
  package enum Outcome: Equatable, Sendable {
    /// Posted, with how many items.
    case posted(items: Int)
    /// Nothing posted: a quiet entry on a day with nothing to act on for it.
    case quiet
    /// Not posted; the message says why, without the URL.
    case failed(String)
  }

  /// Posts to each of `entries` the digest of `published` since that
  /// entry's last delivered post (its own snapshot in `store`), and advances
  /// an entry's snapshot only when its post got through (or a quiet entry
  /// had nothing to post): a failed post's changes go out with the next run.
  package func deliver(
    _ published: ReportPipeline.Published, to entries: [NotifyConfig], store: Store
  ) throws -> [(entry: NotifyConfig, outcome: Outcome)] {
    try entries.map { entry in
      let reader = "notify:\(entry.name)"
      let (digest, snapshot) = published.site.digest(
        previous: DigestSnapshot.decode(try store.digestSnapshot(for: reader)),
        gaps: published.gaps)
      let outcome = deliver(digest, to: entry)
      if case .failed = outcome { return (entry, outcome) }
      try store.saveDigestSnapshot(snapshot.encoded(), for: reader, at: environment.now())
      return (entry, outcome)
    }
  }

  /// Posts `digest` — computed since this entry's last delivered post —
  /// filtered by the entry's `on:`. A quiet entry posts nothing when none
  /// of its events happened, but its URL is still checked.
  private func deliver(_ digest: Digest, to entry: NotifyConfig) -> Outcome {
    let url: URL
    switch resolve(entry) {
    case .success(let resolved): url = resolved
    case .failure(let problem): return .failed(problem.message)
    }
    let filtered = digest.only(entry.events)
    if entry.quiet, filtered.nothingToActOn, !filtered.firstRun { return .quiet }
    let body: Data
    switch entry.type {
    case .slack: body = Self.slackPayload(filtered.slackText())
    case .webhook: body = Data(filtered.json().utf8)
    }
    return post(body, to: url, entry: entry).map { .failed($0) }
      ?? .posted(items: filtered.items.count)
  }

  /// Posts a test message to `entry`; nil when it was accepted, else why not.
  package func test(_ entry: NotifyConfig, project: String) -> String? {
    let url: URL
    switch resolve(entry) {
    case .success(let resolved): url = resolved
    case .failure(let problem): return problem.message
    }
    switch entry.type {
    case .slack:
      return post(
        Self.slackPayload(Self.testText(entry, project: project, escape: Digest.slackEscape)),
        to: url, entry: entry)
    case .webhook:
      var writer = JSONWriter()
      writer.object { writer in
        writer.key("schema")
        writer.integer(1)
        writer.key("test")
        writer.bool(true)
        writer.key("project")
        writer.string(project)
        writer.key("generated_at")
        writer.string(UTCTime.iso8601(environment.now()))
        writer.key("summary")
        writer.string(Self.testText(entry, project: project))
        writer.key("items")
        writer.array { _ in }
      }
      return post(Data((writer.finish() + "\n").utf8), to: url, entry: entry)
    }
  }

  /// The test message, its data (`entry`'s name and events, `project`) passed
  /// through `escape`.
  static func testText(
    _ entry: NotifyConfig, project: String, escape: (String) -> String = { $0 }
  ) -> String {
    let events =
      entry.events.count == DigestEvent.allCases.count
      ? "every event" : entry.events.map(\.rawValue).sorted().joined(separator: ", ")
    return "Test message from \(CommandSyntax.notifyTest(escape(entry.name))) for "
      + "\(escape(project)): this \(entry.type == .slack ? "channel" : "endpoint") gets the "
      + "digest after each run (\(escape(events))\(entry.quiet ? "; nothing on quiet days" : ""))."
  }

  /// Why an entry's URL cannot be used.
  private struct Unusable: Error {
    let message: String
  }

  /// The entry's URL from its variable.
  private func resolve(_ entry: NotifyConfig) -> Result<URL, Unusable> {
    let place = "notify `\(entry.name)` (\(entry.type.rawValue))"
    guard let text = environment.variables[entry.urlVariable], !text.isEmpty else {
      return .failure(
        Unusable(
          message: "\(place): environment variable \(entry.urlVariable) is not set; export the "
            + "webhook URL in it (the URL is a secret and never goes in the config)"))
    }
    guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? "")
    else {
      return .failure(
        Unusable(
          message:
            "\(place): environment variable \(entry.urlVariable) does not hold an http(s) URL"
        ))
    }
    return .success(url)
  }

  /// POSTs `body` as JSON to `url`; nil when a 2xx answered, else why not.
  private func post(_ body: Data, to url: URL, entry: NotifyConfig) -> String? {
    let place = "notify `\(entry.name)` (\(entry.type.rawValue))"
    let secrets = [url.absoluteString, url.path, url.query ?? ""].filter { $0.count > 1 }
    // The entry's timeout bounds each try, and any wait for the answer's bytes.
    var client = HTTPClient(
      timeout: TimeInterval(entry.timeout.seconds),
      connectTimeout: TimeInterval(entry.timeout.seconds))
    client.backoff = backoff
    do {
      let response = try client.send(
        "POST", url, headers: ["Content-Type": "application/json"], body: body)
      if (300..<400).contains(response.status) {
        // Only a 2xx from the configured URL is a delivery (HTTPClient follows no redirect).
        let host = response.location.flatMap { URL(string: $0, relativeTo: url)?.host }
        return Secrets.scrub(
          "\(place): the server answered HTTP \(response.status), a redirect"
            + (host.map { " to host \($0)" } ?? " without a Location")
            + ", which is not followed (a redirected post may lose its body or reach another "
            + "host): put the final URL in \(entry.urlVariable)",
          secrets: secrets)
      }
      guard (200..<300).contains(response.status) else {
        return Secrets.scrub(
          "\(place): the server refused the post with HTTP \(response.status)"
            + Self.serverText(HTTPClient.excerpt(response.body), url: url)
            + " (not retried: a 4xx answer will not change)",
          secrets: secrets)
      }
      return nil
    } catch {
      return Secrets.scrub(
        "\(place): no post after \(error.attempts) tries"
          + Self.serverText(error.problem, url: url),
        secrets: secrets)
    }
  }

  /// `: <text>`, the server's words (at most 300 characters), or a note that
  /// they are not shown because they repeat part of the secret URL.
  static func serverText(_ text: String, url: URL) -> String {
    Secrets.echoes(text, partsOf: url)
      ? " (its answer is not shown: it repeats part of the secret URL)" : ": \(text)"
  }

  /// Slack's incoming-webhook body: `{"text": …}`.
  static func slackPayload(_ text: String) -> Data {
    var writer = JSONWriter()
    writer.object { writer in
      writer.key("text")
      writer.string(text)
    }
    return Data(writer.finish().utf8)
  }
}
