/// View models for the templates: plain stored properties only (swift-mustache
/// reads them through `Mirror`), text already formatted, data left unescaped
/// (the content type escapes it per page format). Pre-rendered HTML and SVG
/// properties end in `HTML` / `svg` and go in triple braces.

/// What every page shows: its title, where the site root is, the window, and
/// how the numbers were made.
struct PageFrame {
  let title: String
  let project: String
  let windowText: String
  let generated: String
  let warnings: [Prose]
  let hasWarnings: Bool
  let importers: [Provenance.Importer]
  /// Notes for the method section, code in backticks.
  let notices: [Prose]
  let hasNotices: Bool
  /// Each group's `min_change`: "10% (Sessions Started), 25% (Minutes Played)".
  let minChanges: String
}

/// A chart: inline SVG for HTML, a file for Markdown.
struct ChartView {
  let svg: String
  let file: String
  let title: String
}

/// A link to a value's or fingerprint's page (when it has one).
struct LinkView {
  /// The value, shortened for tables.
  let text: String
  /// `text` as HTML that breaks only after `::`, `@`, `/`, `.` or `_`.
  let textHTML: String
  /// The whole value (a tooltip, and the page of its own).
  let full: String
  let slug: String
  let hasPage: Bool

  init(text: String, full: String, slug: String, hasPage: Bool) {
    self.text = text
    textHTML = TextEscaping.breakableHTML(text)
    self.full = full
    self.slug = slug
    self.hasPage = hasPage
  }
}

/// One row of a by-value table.
struct ValueRowView {
  let value: LinkView
  let isDefault: Bool
  let metric: String
  let adoption: String
  let errors: String
  let rate: String
  let rateInterval: String
  let hasRateInterval: Bool
  /// "≥ 98.40%" where I(v) is the error rows' sum (a lower bound).
  let stability: String
  let stabilityInterval: String
  let hasStabilityInterval: Bool
  let status: String
  let statusClass: String
  let hasComparison: Bool
  /// Whether a lower value with metric exists: the oldest shows "—", not
  /// "n/a vs none".
  let hasPrevious: Bool
  let previous: String
  let delta: String
  let verdict: String
  let verdictClass: String
  /// New fingerprints by name when there are at most two…
  let newIn: [LinkView]
  /// …otherwise their count ("5 new"), linked to the version page's fingerprint table.
  let newCount: String
  let hasNewCount: Bool
  let newHref: String
  let hasNewHref: Bool
}

/// A by-value table with its chart.
struct AttributeTableView {
  let attribute: String
  let isCount: Bool
  let isOrdered: Bool
  let rows: [ValueRowView]
  let chart: ChartView
}

/// One row of a fingerprint table.
struct FingerprintRowView {
  let fingerprint: LinkView
  let errors: String
  let impact: String
  let valuesHit: String
  let firstSeen: String
  let hasAnnotation: Bool
  let annotationHTML: String
  let annotationMarkdown: String
}

/// "Errors normalized by <group>" on the overview.
struct GroupSectionView {
  let id: String
  let name: String
  let isCount: Bool
  let impactHeading: String
  let rateHeading: String
  let metric: String
  let errors: String
  let rate: String
  /// One line per version that regressed (by the calendar or at the same
  /// age) or is critical — what a reader should look at first.
  let attention: [String]
  let hasAttention: Bool
  /// Errors at versions without metric in the window (method §3 coverage), named.
  let hasUncovered: Bool
  let uncoveredNote: String
  /// Why stability is a lower bound here, and how to make it exact.
  let impactedNote: Prose
  let hasImpactedNote: Bool
  let dailyChart: ChartView
  let tables: [AttributeTableView]
  let fingerprints: [FingerprintRowView]
  let hasFingerprints: Bool
  let fingerprintsNote: String
  /// Whether the note ends with a link to `fingerprints.jsonl`, which
  /// lists every fingerprint (the tables show the top ones).
  let linksFingerprintList: Bool
  /// Shown when no fingerprint is: no errors, or no metric at all.
  let emptyNote: Prose
}

/// `index.html` / `index.md`.
struct IndexView {
  let root: String
  let frame: PageFrame
  let groups: [GroupSectionView]
  let hasNotes: Bool
  let notesHTML: String
  let notesMarkdown: String
}

/// One group's figures on a version page.
struct VersionGroupView {
  /// The id of its fingerprint table, where a by-value table's "N new" links.
  let anchor: String
  let name: String
  let attribute: String
  let isCount: Bool
  let isOrdered: Bool
  let rateHeading: String
  let hasRow: Bool
  let rows: [ValueRowView]
  let chart: ChartView
  /// The value's rate per day, for the Markdown page (a ticket cannot show the chart).
  let daily: [DailyRateView]
  /// The verdict in one sentence (method §5).
  let sentence: String
  /// `sentence` as HTML whose fingerprint names break where a reader expects.
  let sentenceHTML: String
  /// The version and its baseline side by side: by the calendar window and at the same age.
  let comparisons: [ComparisonRowView]
  let hasComparisons: Bool
  /// Per fingerprint, its share of the change in rate from the baseline.
  let hasAttribution: Bool
  let baseline: String
  let totalChange: String
  let attribution: [AttributionRowView]
  let fingerprints: [VersionFingerprintView]
  let hasFingerprints: Bool
  /// Shown when no fingerprint is: no errors, or no metric at all.
  let emptyNote: Prose
  /// Why the stability here is a lower bound and what would make it exact.
  let impactedNote: Prose
  let hasImpactedNote: Bool
}

/// A fingerprint's errors at one version.
struct VersionFingerprintView {
  let fingerprint: LinkView
  let errors: String
  let rate: String
  let isNew: Bool
}

/// `versions/<slug>.html` / `.md`.
struct VersionView {
  let root: String
  let frame: PageFrame
  let attribute: String
  let value: String
  let heading: String
  let groups: [VersionGroupView]
  let hasNotes: Bool
  let notesHTML: String
  let notesMarkdown: String
  /// The page on the served site (`report.base_url`), for Markdown pasted into a ticket.
  let hasSiteLink: Bool
  let siteLink: String
}

/// One group's figures on a fingerprint page.
struct FingerprintGroupView {
  let name: String
  let errors: String
  let impact: String
  let impactHeading: String
  /// The attribute the table and chart are by (`version`).
  let attribute: String
  let byValue: [FingerprintValueView]
  let byChart: ChartView
  let dailyChart: ChartView
}

/// E(f, v) and rate(f, v) with its interval as text.
struct FingerprintValueView {
  let value: LinkView
  let errors: String
  let rate: String
  let rateInterval: String
  let hasRateInterval: Bool
}

/// `fingerprints/<slug>.html`.
struct FingerprintView {
  let root: String
  let frame: PageFrame
  let fingerprint: String
  let heading: String
  let isShortened: Bool
  let firstSeen: String
  let hasAnnotation: Bool
  let annotationHTML: String
  let groups: [FingerprintGroupView]
}

/// One day of a value's daily table in the Markdown version page.
struct DailyRateView {
  let day: String
  let metric: String
  let errors: String
  let rate: String
}

/// `releases.html` / `releases.md`: every release's first-days figures (method §3 `releases`).
struct ReleasesView {
  let root: String
  let frame: PageFrame
  let ageWindow: String
  let windowEnd: String
  let groups: [ReleaseGroupView]
}

/// One group's release history.
struct ReleaseGroupView {
  let id: String
  let name: String
  let attribute: String
  let isCount: Bool
  let hasReleases: Bool
  let chart: ChartView
  let releases: [ReleaseRowView]
  let emptyNote: Prose
}

/// One release as text.
struct ReleaseRowView {
  let value: LinkView
  let released: String
  let hours: String
  let metric: String
  let errors: String
  let rate: String
  let rateInterval: String
  let stability: String
  let stabilityInterval: String
}

/// One row of a version page's regression attribution.
struct AttributionRowView {
  let fingerprint: LinkView
  let here: String
  let baseline: String
  let change: String
  let isNew: Bool
  let isOther: Bool
}

/// One comparison of a version with its baseline (calendar window or same age).
struct ComparisonRowView {
  let span: String
  let metric: String
  let errors: String
  let rate: String
  let baselineMetric: String
  let baselineErrors: String
  let baselineRate: String
  let delta: String
  /// The rate ratio and its 95% interval: `2.30× (1.90–2.80×)`.
  let ratio: String
  let verdict: String
}
