import StabilityCore
import StabilityStore

/// The digest (method §6): this run's scores against the last run's snapshot.
extension SiteBuilder {
  /// The digest of what changed since `previous` (nil: a first run), and
  /// the snapshot the next run compares against. `gaps` are the window's.
  package func digest(previous: DigestSnapshot?, gaps: GapReport) -> (Digest, DigestSnapshot) {
    let changes = DigestChanges(
      scores: scores, previous: previous, importers: config.importers.map(\.name),
      failing: provenance.importerProblems.map(\.importer), gaps: gaps)
    var items: [Digest.Item] = []
    for (groupIndex, change) in changes.values {
      items.append(
        valueChange(
          change, in: scores.groups[groupIndex], groupIndex: groupIndex,
          firstRun: previous == nil))
    }
    items += changes.newReleases.map { newReleaseItem(scores.groups[$0.group], $0.launch) }
    items += changes.uncovered.compactMap(uncoveredItem)
    items += changes.newFingerprints.map(newFingerprintItem)
    for problem in provenance.importerProblems {
      items.append(
        Digest.Item(
          event: problem.failed ? .importerFailed : .stale, importer: problem.importer,
          text: problem.sentence, link: pageURL("index.html")))
    }
    // Late data a re-read counted since the last run (method §2.2 step 10).
    for importer in provenance.importers where importer.hasLate {
      guard let reread = importer.lastReread, reread > previous?.generatedAt ?? .max else {
        continue
      }
      items.append(
        Digest.Item(
          event: .lateData, importer: importer.name,
          text: "Importer \(importer.name): \(importer.late.description).",
          link: pageURL("index.html")))
    }
    for importer in changes.recoveredImporters {
      items.append(
        Digest.Item(
          event: .recovered, importer: importer,
          text: "Importer \(importer) is importing again: its data is current.",
          link: pageURL("index.html")))
    }
    let sentences = gaps.sentences(quote: "`")
    for index in changes.newGaps {
      items.append(
        Digest.Item(
          event: .stale, group: gaps.groups[index].group.id, text: "Gap: " + sentences[index],
          link: pageURL("index.html")))
    }
    // In the order of `DigestEvent`, each event's items as they were found.
    items = DigestEvent.allCases.flatMap { event in items.filter { $0.event == event } }
    let versions = Set(
      scores.groups.flatMap { group in
        group.by.filter { $0.attribute.name == pageAttribute }.flatMap {
          $0.values.filter { $0.metric > 0 }.map(\.value)
        }
      })
    var digest = Digest(
      project: scores.project, generatedAt: scores.generatedAt, window: scores.window,
      siteURL: pageURL("index.html"), firstRun: previous == nil, watching: versions.count,
      items: items, previousRun: previous?.generatedAt)
    digest.partialData = partialDataWarnings
    return (digest, changes.snapshot)
  }

  /// A regression or status change of one of `group`'s values, in words.
  private func valueChange(
    _ change: ValueChange, in group: GroupScores, groupIndex: Int, firstRun: Bool
  ) -> Digest.Item {
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
          FigureText.stability($0, basis: row.impactedBasis, impacted: row.impacted) + " stable"
            + (row.stabilityLow.map { low in
              " (\(FigureText.stabilityInterval(low, row.stabilityHigh)))"
            } ?? "")
        } ?? ""
      let target =
        (group.group.target.map { ", target \(DisplayFormat.plain($0))%" } ?? "")
        + (group.group.critical.map { ", critical below \(DisplayFormat.plain($0))%" } ?? "")
      return item(
        event,
        // Critical → below target: better, but still below target.
        (status == .belowTarget && before == .critical
          ? "\(name) is still \(status.words)" : "\(name) is now \(status.words)")
          + (before.map { " (was \($0.words))" } ?? (firstRun ? "" : " (not in the last run)"))
          + ": \(stability)\(target).")
    }
  }

  /// A version released since the last run: its first hours' figures and
  /// what the gate on the group's target would say today (method §6).
  private func newReleaseItem(_ group: GroupScores, _ index: Int) -> Digest.Item {
    let launch = group.launches[index]
    let attribute = group.group.attributes.first(where: \.ordered)?.name ?? "version"
    let name = "\(attribute) \(FigureText.short(launch.value.string, limit: 80))"
    var figures =
      "\(FigureText.metric(launch.metric)) \(group.group.name), "
      + "\(FigureText.count(launch.errors)) \(Plural.noun(launch.errors, "error"))"
    if let stability = launch.stability {
      figures +=
        ", "
        + FigureText.stability(
          stability.stability, basis: launch.impactedBasis, impacted: launch.impacted) + " stable "
        + "(\(FigureText.stabilityInterval(stability.low, stability.high)))"
    } else if let rate = launch.rate.rate {
      figures +=
        ", \(DisplayFormat.rate(rate, group: group.group)) "
        + "(\(FigureText.interval(launch.rate.low, launch.rate.high, group: group.group)))"
    }
    return Digest.Item(
      event: .newRelease, group: group.group.id, attribute: attribute,
      value: launch.value.string,
      text: "\(group.group.name): new release \(name), released "
        + "\(UTCTime.iso8601(launch.released)); its first \(Plural.of(launch.hours, "hour")) "
        + "(through \(UTCTime.iso8601(launch.released + launch.hours * UTCTime.hour))): "
        + "\(figures).\(gateToday(launch, group.group))",
      link: attribute == pageAttribute && valueSlugs.slugs[launch.value] != nil
        ? pageURL("versions/\(valueSlugs[launch.value]).html") : pageURL("index.html"))
  }

  /// " The gate on its target 99.5% would pass today." — or fail, or not
  /// enough evidence yet with the metric that would decide; "" without a target.
  private func gateToday(_ launch: Launch, _ group: MetricGroup) -> String {
    guard let decision = launch.decision, let target = group.target else { return "" }
    let bar = "The gate on those hours and its target \(DisplayFormat.plain(target))%"
    switch decision {
    case .pass: return " \(bar) would pass today."
    case .fail: return " \(bar) would fail today."
    case .belowAsLowerBound:
      return " \(bar): undecidable from a lower bound (below it as counted from the error rows, "
        + "where a unit hit twice counts twice; `impacted` from the metric would decide)."
    case .hold(let more):
      if launch.metric < group.minVolume {
        return " \(bar): not enough evidence yet (below min_volume "
          + "\(DisplayFormat.plain(group.minVolume)))."
      }
      let leansPass = 100 * (launch.stability?.stability ?? 0) >= target
      return " \(bar): not enough evidence yet"
        + (more.map {
          " (at this rate about \(FigureText.roughly($0)) more \(group.name) would make it "
            + "\(leansPass ? "pass" : "fail"))."
        } ?? ".")
    }
  }

  /// Newly uncovered values of a group (errors with no metric, not in its rate), in words.
  private func uncoveredItem(_ uncovered: DigestChanges.Uncovered) -> Digest.Item? {
    let group = scores.groups[uncovered.group]
    guard let primary = group.group.attributes.first(where: \.ordered) else { return nil }
    let new = uncovered.values
    let errors = new.reduce(Int64(0)) { $0 + $1.errors }
    let values = new.prefix(5).map { FigureText.short($0.value.string, limit: 80) }
    return Digest.Item(
      event: .uncovered, group: group.group.id, attribute: primary.name,
      text: "\(group.group.name): \(FigureText.count(errors)) error\(errors == 1 ? "" : "s") at "
        + "\(primary.name) \(values.joined(separator: ", "))"
        + (new.count > 5 ? " and \(new.count - 5) more" : "")
        + " \(errors == 1 ? "has" : "have") no \(group.group.name) in this window and "
        + "\(errors == 1 ? "is" : "are") not in its rate; import \(group.group.name) for "
        + (new.count == 1 ? "that \(primary.name)." : "those \(primary.name)s."),
      link: pageURL("index.html"))
  }

  /// A new fingerprint that carries at least 1% of a value's errors, in words.
  private func newFingerprintItem(_ found: DigestChanges.NewFingerprint) -> Digest.Item {
    let group = scores.groups[found.group]
    let attribute = group.by[found.table].attribute.name
    let row = group.by[found.table].values[found.row]
    let fingerprint = found.fingerprint
    let share = FigureText.share(Double(found.errors) / Double(row.errors))
    let link =
      pagedFingerprints.contains(fingerprint)
      ? pageURL("fingerprints/\(fingerprintSlugs[fingerprint]).html")
      : attribute == pageAttribute
        ? pageURL("versions/\(valueSlugs[row.value]).html") : pageURL("index.html")
    return Digest.Item(
      event: .newFingerprint, group: group.group.id, attribute: attribute,
      value: row.value.string, fingerprint: fingerprint.string,
      text: "New fingerprint \(FigureText.short(fingerprint.string, limit: 120)) at "
        + "\(attribute) \(FigureText.short(row.value.string, limit: 80)): "
        + "\(FigureText.count(found.errors)) \(Plural.noun(found.errors, "error")) "
        + "(\(share) of the \(attribute)'s \(FigureText.count(row.errors))) in "
        + "\(group.group.name)'s window.",
      link: link)
  }

  /// `path` under `report.base_url`, or nil when it is not set.
  func pageURL(_ path: String) -> String? {
    config.report.baseURL.map { "\($0)/\(path)" }
  }
}
