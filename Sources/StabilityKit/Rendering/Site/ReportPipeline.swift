/// The report stages chained: store → scores → provenance → site files.
public struct ReportPipeline {
  /// The computed scores.
  public let scores: Scores
  /// The site builder over them.
  public let site: SiteBuilder

  /// Computes everything a report needs for `window`.
  public init(
    config: Config, store: Store, window: ReportWindow, environment: RunEnvironment,
    templatesDirectory: String?
  ) throws {
    let templates = try TemplateSet.load(overrides: templatesDirectory)
    let notes = try Notes.load(directory: config.report.notes)
    scores = try ScoreCalculator(config: config, store: store)
      .scores(window: window, generatedAt: environment.generatedAt)
    let provenance = Provenance(
      config: config, states: try store.allStates(), window: window, now: environment.now())
    site = SiteBuilder(
      scores: scores, provenance: provenance, config: config, notes: notes, templates: templates)
  }
}
