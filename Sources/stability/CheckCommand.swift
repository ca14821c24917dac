import ArgumentParser
import StabilityCore
import StabilityReport
import StabilityStore

/// `stability check`: gates a release on one version's stability or rate.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Check one version's stability or error rate against a threshold; the exit code says.",
    discussion: """
      Exit 0 pass, 1 below threshold, 4 no data or insufficient data (below min_volume) or data \
      that is not fresh (an importer feeding the group failed or is behind, or the window has a \
      gap; --allow-stale checks anyway), 2 bad usage.
      --max-rate is in the units pages show: percent for count groups, errors per `per` units \
      for amount groups. Without a threshold a count group's `target` applies.
      Examples:
        stability check --group sessions --latest --min-stability 99.5
        stability check --group minutesPlayed --version 3.16.2 --max-rate 2.5
      """)

  @OptionGroup var options: GlobalOptions
  @OptionGroup var windowOptions: WindowOptions

  @Option(help: "The metric group to normalize by.")
  var group: String

  @Option(help: "The version to check.")
  var version: String?

  @Flag(help: "Check the newest version with data in the window.")
  var latest = false

  @Option(help: "Minimum stability in percent, e.g. 99.5 (count groups).")
  var minStability: Double?

  @Option(help: "Maximum error rate in display units.")
  var maxRate: Double?

  @Flag(
    help:
      "Check even when an importer feeding the group failed, is behind, or the window has a gap.")
  var allowStale = false

  func validate() throws {
    if (version == nil) == !latest {
      throw ValidationError("give exactly one of --version V or --latest.")
    }
  }

  func run() throws {
    let config = try options.loadConfig()
    let environment = options.environment
    let check = try ReleaseCheck(
      config: config, groupID: group, target: version.map(ReleaseCheck.Target.value) ?? .latest,
      minStability: minStability, maxRate: maxRate)
    let window = try windowOptions.resolve(config, environment: environment)
    let store = try Store.existing(path: config.storePath)
    let scores = try ScoreCalculator(config: check.scoringConfig(config), store: store)
      .scores(window: window, generatedAt: environment.generatedAt)
    guard let groupScores = scores.groups.first else { throw ExitCode(ExitStatus.noData.rawValue) }
    let outcome = check.evaluate(groupScores)
    let stale = try Freshness.problems(
      config: config, store: store, group: check.group.id, start: window.start, end: window.end)
    print(check.line(for: outcome, stale: stale, allowStale: allowStale))
    let status = check.status(for: outcome, stale: stale, allowStale: allowStale)
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
