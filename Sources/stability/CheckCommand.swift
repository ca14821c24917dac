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
      Exit 0 pass, 1 below threshold, 2 bad usage (a version never seen in the store, a \
      threshold that is not a percent), 4 hold: not enough evidence yet (the interval straddles \
      the threshold, or a lower-bound stability is below it), no data or insufficient data \
      (below min_volume), or data that is not fresh (an importer feeding the group failed or is \
      behind, or the window has a gap; --allow-stale checks anyway). When rows have arrived \
      late before, the line says which recent figures may still grow. The window ends now unless --end says otherwise.
      --max-rate is in the units pages show: percent for count groups, errors per `per` units \
      for amount groups. Without a threshold a count group's `target` applies.
      Examples:
        stability check --group sessions --latest --min-stability 99.5
        stability check --group minutesPlayed --version 3.16.2 --max-rate 2.5
      """)

  @OptionGroup var options: GlobalOptions
  @OptionGroup var windowOptions: WindowOptions

  @Option(help: "The metric group to normalize by.", completion: ConfigCompletion.groups)
  var group: String

  @Option(help: "The version to check.")
  var version: String?

  @Flag(help: "Check the newest release (no pre-release part) with metric in the window.")
  var latest = false

  @Flag(help: "With --latest, consider pre-releases (3.17.0-beta.1) too.")
  var includePrereleases = false

  @Option(help: "Minimum stability in percent, e.g. 99.5 (count groups).")
  var minStability: Double?

  @Option(help: "Maximum error rate in display units.")
  var maxRate: Double?

  @Flag(
    help:
      "Gate on the version's first hours after its release (report.age_window): thresholds apply to them, and a regression against its baseline at the same age fails."
  )
  var ageMatched = false

  @Option(help: "text (one line) or json (one object, for a pipeline to post).")
  var format: String = "text"

  @Flag(
    help:
      "Check even when an importer feeding the group failed, is behind, or the window has a gap.")
  var allowStale = false

  func validate() throws {
    if (version == nil) == !latest {
      throw ValidationError("give exactly one of --version V or --latest.")
    }
    guard ["text", "json"].contains(format) else {
      throw ValidationError("--format is text or json, not `\(format)`.")
    }
    if includePrereleases, !latest {
      throw ValidationError("--include-prereleases goes with --latest.")
    }
  }

  func run() throws {
    let config = try options.loadConfig()
    let environment = options.environment
    guard !config.importers.isEmpty else {
      throw ValidationError(
        "\(config.file) has no importers: check reads each importer's state to know the data is "
          + "fresh and which data counts. Run it with the config that imports (check never opens "
          + "a source).")
    }
    var check: ReleaseCheck
    do {
      check = try ReleaseCheck(
        config: config, groupID: group,
        target: version.map(ReleaseCheck.Target.value)
          ?? .latest(includePrereleases: includePrereleases),
        minStability: minStability, maxRate: maxRate)
    } catch {
      throw error.usageError
    }
    check.ageMatched = ageMatched
    // A release gate sees today: its window ends now unless --end says otherwise.
    let window = try windowOptions.resolve(config, environment: environment, defaultEnd: .now)
    let store = try Store.existing(path: config.storePath)
    try check.requireKnown(Set(try store.attributeValues(named: check.attribute.name).values))
    let scores = try ScoreCalculator(config: check.scoringConfig(config), store: store)
      .scores(window: window, generatedAt: environment.generatedAt)
    guard let groupScores = scores.groups.first else { throw ExitCode(ExitStatus.noData.rawValue) }
    let outcome = check.evaluate(groupScores)
    check.dataThrough = groupScores.dataStops(before: window.end)
    check.sameAgeGap = check.sameAgeGap(outcome, in: groupScores)
    check.lateArrivals = try Freshness.lateArrivals(
      config: config, store: store, group: check.group.id)
    let stale = try Freshness.problems(
      config: config, store: store, group: check.group.id, start: window.start, end: window.end
    ).map(\.sentence)
    let choice = check.choice(groupScores)
    if format == "json" {
      print(
        check.json(
          for: outcome, choice: choice, stale: stale, allowStale: allowStale, window: window
        ).rendered(), terminator: "")
    } else {
      print(
        check.line(
          for: outcome, choice: choice, stale: stale, allowStale: allowStale, window: window))
    }
    let status = check.status(for: outcome, stale: stale, allowStale: allowStale)
    if status != .ok { throw ExitCode(status.rawValue) }
  }
}
