import ArgumentParser
import Foundation
import StabilityCore
import StabilityNotify

/// `stability notify --test NAME`: posts a test message to one `notify` entry.
struct NotifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notify",
    abstract: "Post a test message to a `notify` entry (Slack or webhook).",
    discussion: """
      `run` posts the digest to every `notify` entry after publishing the site; this checks one \
      entry's URL (from its url_env) before the nightly run does. Exit 0 when the receiver \
      accepted it, 1 when not (the message says why and never shows the URL).
      Example: SLACK_WEBHOOK_URL=… stability notify --test release-channel
      """)

  @OptionGroup var options: GlobalOptions

  @Option(
    name: .customLong("test"), help: "The `notify` entry's name.",
    completion: ConfigCompletion.notify)
  var name: String

  func run() throws {
    let config = try options.loadConfig()
    guard let entry = config.notify.first(where: { $0.name == name }) else {
      let names = config.notify.map(\.name)
      throw ValidationError(
        names.isEmpty
          ? "the config has no `notify` entries; add one (see the README, \"Digest and notifications\")"
          : "no `notify` entry named `\(name)`"
            + (closest(to: name, in: names).map { "; did you mean `\($0)`?" } ?? ".")
            + " The config has \(names.map { "`\($0)`" }.joined(separator: ", ")).")
    }
    if let problem = Notifier(environment: options.environment).test(entry, project: config.project)
    {
      FileHandle.standardError.write(Data("error: \(problem)\n".utf8))
      throw ExitCode(ExitStatus.failed.rawValue)
    }
    options.say("notify `\(entry.name)`: test message posted")
  }
}
