import StabilityCore
import StabilityStore

/// The report stages chained: store → scores → provenance → site files.
package struct ReportPipeline {
  /// The computed scores.
  package let scores: Scores
  /// The site builder over them.
  package let site: SiteBuilder
  /// The window's gap days (method §2.2 step 9).
  package let gaps: GapReport

  /// Computes everything a report needs for `window`.
  public init(
    config: Config, store: Store, window: ReportWindow, environment: RunEnvironment,
    templatesDirectory: String?
  ) throws {
    let templates = try TemplateSet.load(overrides: templatesDirectory)
    let notes = try Notes.load(directory: config.report.notes)
    scores = try ScoreCalculator(config: config, store: store)
      .scores(window: window, generatedAt: environment.generatedAt)
    // Gap days inside the window (method §2.2 step 9) warn on every page.
    gaps = try GapReport(config: config, store: store, within: (window.start, window.end))
    let orphans = try store.orphanImporters(configured: config.importers.map(StoredImporter.init))
    var provenance = Provenance(
      config: config, states: try store.states(of: config.importers), window: window,
      now: environment.now(),
      dataWarnings: gaps.sentences(quote: "").map { "Gap in this window: " + $0 }
        + orphans.map { "Not counted: " + $0.sentence(quote: "") })
    provenance.notices = try CaseVariants(store: store).sentences(quote: "`")
    site = SiteBuilder(
      scores: scores, provenance: provenance, config: config, notes: notes, templates: templates)
  }

  /// What `publishConfigured` did.
  package struct Published {
    /// Files written into the site.
    package let files: Int
    /// The digest written beside the pages (`digest.md`, `digest.json`).
    package let digest: Digest
    /// The site the digest was computed over, for each `notify` entry's own digest.
    package let site: SiteBuilder
    /// The window's gaps.
    package let gaps: GapReport
  }

  /// The configured report (window, formats) and its digest against the
  /// last run's snapshot, written to `out` atomically; then this run's
  /// snapshot replaces it in the store. What `run` and `demo` do after importing.
  package static func publishConfigured(
    config: Config, store: Store, environment: RunEnvironment, out: String
  ) throws -> Published {
    let window = try ReportWindow.resolve(
      end: config.report.end, length: config.report.window, timezone: config.report.timezone,
      now: environment.now())
    let pipeline = try ReportPipeline(
      config: config, store: store, window: window, environment: environment,
      templatesDirectory: nil)
    let (digest, snapshot) = pipeline.site.digest(
      previous: DigestSnapshot.decode(try store.digestSnapshot(for: "")), gaps: pipeline.gaps)
    let files = try pipeline.site.publish(
      formats: config.report.formats, to: out,
      extra: ["digest.md": digest.markdown(), "digest.json": digest.json()],
      waiting: waitingNotice(out, environment))
    try store.saveDigestSnapshot(snapshot.encoded(), for: "", at: environment.now())
    return Published(files: files, digest: digest, site: pipeline.site, gaps: pipeline.gaps)
  }

  /// Says that another report is writing `out` and this one waits its turn.
  package static func waitingNotice(_ out: String, _ environment: RunEnvironment) -> () -> Void {
    {
      environment.logger.warning(
        "another report is writing \(out); waiting for it to finish before publishing")
    }
  }
}
