import StabilityCore
import StabilityStore

/// The digest (method §6): this run's scores against the last run's snapshot.
extension SiteBuilder {
  /// The digest of what changed since `previous` (nil: a first run), and
  /// the snapshot the next run compares against. `gaps` are the window's.
  public func digest(previous: DigestSnapshot?, gaps: GapReport) -> (Digest, DigestSnapshot) {
    var gapDays: [String: [Int64]] = [:]
    for gap in gaps.groups {
      for span in gap.spans {
        var day = span.start
        while day < span.end {
          gapDays[gap.group.id, default: []].append(day)
          day += UTCTime.day
        }
      }
    }
    var items: [Digest.Item] = []
    let notable = notableFingerprints()
    if let previous {
      for (groupIndex, group) in scores.groups.enumerated() {
        items += valueChanges(group, groupIndex: groupIndex, previous: previous, firstRun: false)
        items += uncoveredChanges(group, previous: previous)
      }
      let known = Set(previous.notableFingerprints)
      items += notable.filter { !known.contains($0.fingerprint) }.map(\.item)
    } else {
      // A first run: what needs attention now, not every version as new.
      let empty = DigestSnapshot(generatedAt: 0, groups: [], notableFingerprints: [])
      for (groupIndex, group) in scores.groups.enumerated() {
        items += valueChanges(group, groupIndex: groupIndex, previous: empty, firstRun: true).filter
        {
          $0.event == .regressed || $0.event == .critical
        }
      }
    }
    let failing = provenance.importerProblems.map(\.importer)
    for problem in provenance.importerProblems {
      items.append(
        Digest.Item(
          event: problem.failed ? .importerFailed : .stale, importer: problem.importer,
          text: problem.sentence, link: pageURL("index.html")))
    }
    let failedBefore = Set(previous?.failingImporters ?? [])
    for importer in config.importers.map(\.name)
    where failedBefore.contains(importer) && !failing.contains(importer) {
      items.append(
        Digest.Item(
          event: .recovered, importer: importer,
          text: "Importer \(importer) is importing again: its data is current.",
          link: pageURL("index.html")))
    }
    for (gap, sentence) in zip(gaps.groups, gaps.sentences(quote: "`")) {
      let before = Set(previous?.groups.first { $0.id == gap.group.id }?.gapDays ?? [])
      guard (gapDays[gap.group.id] ?? []).contains(where: { !before.contains($0) }) else {
        continue
      }
      items.append(
        Digest.Item(
          event: .stale, group: gap.group.id, text: "Gap: " + sentence,
          link: pageURL("index.html")))
    }
    // In the order of `DigestEvent`, each event's items as they were found.
    items = DigestEvent.allCases.flatMap { event in items.filter { $0.event == event } }
    let present = Set(scores.groups.flatMap { $0.fingerprints.map(\.fingerprint.string) })
    let snapshot = DigestSnapshot(
      generatedAt: scores.generatedAt,
      groups: scores.groups.map { group in
        DigestSnapshot.Group(
          id: group.group.id,
          values: group.by.flatMap { table in
            table.values.map {
              DigestSnapshot.Value(
                attribute: table.attribute.name, value: $0.value.string, status: $0.status,
                verdict: $0.comparison?.verdict, ageVerdict: $0.ageMatched?.verdict)
            }
          },
          uncovered: group.uncovered.map(\.value.string), gapDays: gapDays[group.group.id] ?? [])
      },
      notableFingerprints: Set((previous?.notableFingerprints ?? []) + notable.map(\.fingerprint))
        .filter(present.contains).sorted(),
      failingImporters: Array(Set(failing)).sorted())
    let versions = Set(
      scores.groups.flatMap { group in
        group.by.filter { $0.attribute.name == pageAttribute }.flatMap {
          $0.values.filter { $0.metric > 0 }.map(\.value)
        }
      })
    let digest = Digest(
      project: scores.project, generatedAt: scores.generatedAt, window: scores.window,
      siteURL: pageURL("index.html"), firstRun: previous == nil, watching: versions.count,
      items: items, previousRun: previous?.generatedAt)
    return (digest, snapshot)
  }

  /// Regressions and status changes of `group`'s values since `previous`
  /// (`ValueChange`), in words.
  private func valueChanges(
    _ group: GroupScores, groupIndex: Int, previous: DigestSnapshot, firstRun: Bool
  ) -> [Digest.Item] {
    ValueChange.find(group, previous: previous).map { change in
      let table = group.by[change.table]
      let row = table.values[change.row]
      let attribute = table.attribute.name
      let value = row.value.string
      let name = "\(attribute) \(FigureText.short(value, limit: 80))"
      func item(_ event: DigestEvent, _ text: String) -> Digest.Item {
        Digest.Item(
          event: event, group: group.group.id, attribute: attribute, value: value,
          text: "\(group.group.name): \(text)",
          link: attribute == pageAttribute
            ? pageURL("versions/\(valueSlugs[row.value]).html") : pageURL("index.html"))
      }
      switch change.kind {
      case .regressed:
        let sentence = verdictSentence(
          group, row: row, attribution: attribution(group, groupIndex: groupIndex, row: row))
        return item(.regressed, "\(attribute) " + sentence)
      case .noLongerRegressed:
        let now = [
          row.comparison?.verdict?.words,
          row.ageMatched.map { "\($0.verdict.words) at the same age" },
        ]
        .compactMap { $0 }
        return item(
          .recovered,
          "\(name) is no longer regressed against \(row.comparison?.previous ?? "its baseline")"
            + (now.isEmpty ? "." : " (now \(now.joined(separator: "; ")))."))
      case .status(let before, let status, let event):
        let stability =
          row.stability.map {
            "\(DisplayFormat.percent($0)) stable"
              + (row.stabilityLow.map { low in
                " (\(FigureText.stabilityInterval(low, row.stabilityHigh)))"
              } ?? "")
          } ?? ""
        let target =
          (group.group.target.map { ", target \(DisplayFormat.plain($0))%" } ?? "")
          + (group.group.critical.map { ", critical below \(DisplayFormat.plain($0))%" } ?? "")
        return item(
          event,
          "\(name) is now \(status.words)"
            + (before.map { " (was \($0.words))" } ?? (firstRun ? "" : " (not in the last run)"))
            + ": \(stability)\(target).")
      }
    }
  }

  /// Values of `group` whose errors are newly uncovered (no metric, not in the rate).
  private func uncoveredChanges(_ group: GroupScores, previous: DigestSnapshot) -> [Digest.Item] {
    let before = Set(previous.groups.first { $0.id == group.group.id }?.uncovered ?? [])
    let new = group.uncovered.filter { !before.contains($0.value.string) }
    guard !new.isEmpty, let primary = group.group.attributes.first(where: \.ordered) else {
      return []
    }
    let errors = new.reduce(Int64(0)) { $0 + $1.errors }
    let values = new.prefix(5).map { FigureText.short($0.value.string, limit: 80) }
    return [
      Digest.Item(
        event: .uncovered, group: group.group.id, attribute: primary.name,
        text: "\(group.group.name): \(FigureText.count(errors)) error\(errors == 1 ? "" : "s") at "
          + "\(primary.name) \(values.joined(separator: ", "))"
          + (new.count > 5 ? " and \(new.count - 5) more" : "")
          + " \(errors == 1 ? "has" : "have") no \(group.group.name) in this window and "
          + "\(errors == 1 ? "is" : "are") not in its rate; import \(group.group.name) for "
          + (new.count == 1 ? "that \(primary.name)." : "those \(primary.name)s."),
        link: pageURL("index.html"))
    ]
  }

  /// Fingerprints first seen at a version (`new_in`) that carry at least 1%
  /// of that version's errors, once each (the first group that has it).
  private func notableFingerprints() -> [(fingerprint: String, item: Digest.Item)] {
    var seen: Set<String> = []
    var result: [(fingerprint: String, item: Digest.Item)] = []
    for group in scores.groups {
      guard let table = group.by.first(where: { $0.attribute.ordered }) else { continue }
      let attribute = table.attribute.name
      let fingerprints = Dictionary(
        group.fingerprints.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
      for row in table.values where row.errors > 0 {
        for fingerprint in row.newIn ?? [] where !seen.contains(fingerprint.string) {
          let here =
            fingerprints[fingerprint]?.by.first { $0.attribute == attribute }?.values.first {
              $0.value == row.value
            }?.errors ?? 0
          guard here * 100 >= row.errors else { continue }
          seen.insert(fingerprint.string)
          let share = FigureText.share(Double(here) / Double(row.errors))
          let link =
            pagedFingerprints.contains(fingerprint)
            ? pageURL("fingerprints/\(fingerprintSlugs[fingerprint]).html")
            : attribute == pageAttribute
              ? pageURL("versions/\(valueSlugs[row.value]).html") : pageURL("index.html")
          result.append(
            (
              fingerprint.string,
              Digest.Item(
                event: .newFingerprint, group: group.group.id, attribute: attribute,
                value: row.value.string, fingerprint: fingerprint.string,
                text: "New fingerprint \(FigureText.short(fingerprint.string, limit: 120)) at "
                  + "\(attribute) \(FigureText.short(row.value.string, limit: 80)): "
                  + "\(FigureText.count(here)) of its \(FigureText.count(row.errors)) "
                  + Plural.noun(row.errors, "error") + " "
                  + "(\(share)) in \(group.group.name)'s window.",
                link: link)
            ))
        }
      }
    }
    return result
  }

  /// `path` under `report.base_url`, or nil when it is not set.
  func pageURL(_ path: String) -> String? {
    config.report.baseURL.map { "\($0)/\(path)" }
  }
}
