import StabilityCore

/// What changed since the last `run`, for people (method §6): new regressions,
/// status changes, new fingerprints, importer and data problems — or
/// nothing to act on. Written as `digest.md` and `digest.json` into the
/// site and posted by each `notify` entry.
package struct Digest: Sendable {
  /// One thing to act on (or to know: a recovery).
  package struct Item: Sendable, Equatable {
    /// What it is about; `notify` entries filter on it.
    package let event: DigestEvent
    /// The metric group's id, when the item is about a group.
    package var group: String?
    /// The attribute and value, when it is about one value (a version).
    package var attribute: String?
    package var value: String?
    /// The fingerprint, for `new_fingerprint`.
    package var fingerprint: String?
    /// The importer, for `importer_failed` and `stale`.
    package var importer: String?
    /// One plain-text sentence with the figures.
    package let text: String
    /// The page that explains it, absolute (`report.base_url`), or nil.
    package var link: String?
  }

  /// The project's name.
  package let project: String
  /// The run's time.
  package let generatedAt: Int64
  /// The report window.
  package let window: ReportWindow
  /// The site's overview, absolute (`report.base_url`), or nil.
  let siteURL: String?
  /// No earlier snapshot: the digest says what is watched and what needs
  /// attention now (regressed and critical versions, data problems) instead
  /// of listing every version as new.
  package let firstRun: Bool
  /// How many versions (values of the page attribute) have metric in the window.
  package let watching: Int
  /// In the order people read them: regressions first, recoveries last.
  package let items: [Item]
  /// When the snapshot compared against was saved (nil on a first run).
  let previousRun: Int64?
  /// The events kept by a `notify` entry's `on:`; nil for the whole digest.
  public var events: Set<DigestEvent>? = nil
  /// Groups whose data stops before the window's end, in words (method §5).
  package var partialData: [String] = []

  /// Nothing to act on: no item.
  package var nothingToActOn: Bool { items.isEmpty }

  /// The digest with only `events`' items (a `notify` entry's `on:`).
  package func only(_ events: Set<DigestEvent>) -> Digest {
    guard events != Set(DigestEvent.allCases) else { return self }
    var digest = Digest(
      project: project, generatedAt: generatedAt, window: window, siteURL: siteURL,
      firstRun: firstRun, watching: watching,
      items: items.filter { events.contains($0.event) }, previousRun: previousRun)
    digest.events = events
    digest.partialData = partialData
    return digest
  }

  /// The one-line summary: what is watched (first run), how many things
  /// of which kind, or "Nothing to act on".
  package var summary: String {
    if firstRun {
      let line = "Now watching \(watching) version\(watching == 1 ? "" : "s") of \(project)."
      return items.isEmpty ? line : line + " Needs attention now: " + counts + "."
    }
    let since = previousRun.map { " (\(UTCTime.iso8601($0)))" } ?? ""
    guard !items.isEmpty else {
      if let events {
        return "Nothing to act on among this channel's events ("
          + DigestEvent.allCases.filter(events.contains).map(\.rawValue).joined(separator: ", ")
          + ") since its last post\(since)."
      }
      return "Nothing to act on: no new regressions, status changes, new fingerprints or data "
        + "problems since the last run\(since)."
    }
    return counts + "."
  }

  /// "1 regressed, 2 new fingerprints, 1 importer failed".
  private var counts: String {
    DigestEvent.allCases.compactMap { event -> String? in
      let count = items.filter { $0.event == event }.count
      guard count > 0 else { return nil }
      return "\(count) \(event.label(count: count))"
    }.joined(separator: ", ")
  }
}
