import StabilityCore

extension SiteBuilder {
  /// The overview; `linkingFingerprintList` when the site has
  /// `fingerprints.jsonl` (the json format) for the tables to point to.
  func indexView(charts: inout [String: String], linkingFingerprintList: Bool) -> IndexView {
    let groups = scores.groups.map { group in
      let groupSlug = slug(group.group.id)
      let tables = group.by.map { table in
        AttributeTableView(
          attribute: table.attribute.name, isCount: group.group.kind == .count,
          isOrdered: table.attribute.ordered,
          rows: table.values.map { valueRow($0, group: group, attribute: table.attribute.name) },
          chart: chart(
            { Charts.rateByValue(group, table: table, id: $0) },
            name: "\(groupSlug)-\(slug(table.attribute.name))-rate", root: "", charts: &charts))
      }
      let top = group.fingerprints.prefix(config.report.topFingerprints)
      let needs = attention(group)
      let lowerBound = impactedNote(group)
      return GroupSectionView(
        id: groupSlug, name: group.group.name, isCount: group.group.kind == .count,
        impactHeading: impactHeading(group.group), rateHeading: rateHeading(group.group),
        metric: FigureText.metric(group.metric), errors: FigureText.count(group.errors),
        rate: FigureText.rate(group.rate, group: group.group),
        attention: needs, hasAttention: !needs.isEmpty,
        hasUncovered: !group.uncovered.isEmpty, uncoveredNote: uncoveredNote(group),
        impactedNote: Prose(lowerBound ?? ""), hasImpactedNote: lowerBound != nil,
        dailyChart: chart(
          { Charts.dailyMetric(group, id: $0) }, name: "\(groupSlug)-daily", root: "",
          charts: &charts),
        tables: tables, fingerprints: top.map { fingerprintRow($0, group: group) },
        hasFingerprints: !top.isEmpty,
        fingerprintsNote: group.fingerprints.count > top.count
          ? "Top \(top.count) of \(FigureText.count(Int64(group.fingerprints.count))) fingerprints"
            + (linkingFingerprintList ? "; every one is in" : ".")
          : Plural.of(group.fingerprints.count, "fingerprint") + ".",
        linksFingerprintList: linkingFingerprintList && group.fingerprints.count > top.count,
        emptyNote: Prose(
          group.metric > 0
            ? "No errors in the window."
            : "No data in this window: no \(group.group.name) was imported for it, so there is "
              + "nothing to score. Run `stability import`, or look at another window."))
    }
    let index = notes.text(for: "index")
    return IndexView(
      root: "", frame: frame(title: "\(scores.project) — stability report"), groups: groups,
      hasNotes: index != nil, notesHTML: index.map(MarkdownRenderer.html) ?? "",
      notesMarkdown: index ?? "")
  }

  /// "3.16.10 regressed vs 3.16.2 (+110.0%); critical: 98.40% stable" for
  /// each version (ordered attribute) that regressed (a confident verdict),
  /// by the calendar or at the same age, or is critical or below target;
  /// newest first.
  func attention(_ group: GroupScores) -> [String] {
    guard let table = group.by.first(where: { $0.attribute.ordered }) else { return [] }
    return table.values.compactMap { row in
      var parts: [String] = []
      if let comparison = row.comparison, comparison.verdict == .regressed,
        let previous = comparison.previous
      {
        parts.append(
          "regressed vs \(previous) (\(FigureText.delta(comparison.delta, ratio: comparison.ratio)))"
        )
      }
      if let age = row.ageMatched, age.verdict == .regressed {
        parts.append(
          "regressed at the same age (first \(Self.span(age.hours * UTCTime.hour)), "
            + "\(FigureText.delta(age.delta, ratio: age.ratio)))")
      }
      if let status = row.status, status == .critical || status == .belowTarget,
        let stability = row.stability
      {
        parts.append(
          "\(status.words): "
            + FigureText.stability(stability, basis: row.impactedBasis, impacted: row.impacted)
            + " stable")
      }
      guard !parts.isEmpty else { return nil }
      return "\(table.attribute.name) \(FigureText.short(row.value.string, limit: 80))"
        + (row.isDefault ? " (default)" : "") + ": " + parts.joined(separator: "; ")
    }
  }

  /// "5 errors at 3.18.0-rc.1 have no Sessions Started in this window and
  /// are not in its rate …" (method §3 coverage); empty when every error is covered.
  /// For a count group whose stability is a lower bound at some version
  /// (I(v) from the error rows): why, and the importer column that would
  /// make it exact (method §3 `impacted_basis`).
  func impactedNote(_ group: GroupScores) -> String? {
    guard group.group.kind == .count,
      let table = group.by.first(where: { $0.attribute.ordered }) ?? group.by.first
    else { return nil }
    let bounded = table.values.filter {
      $0.metric > 0 && $0.impactedBasis.isLowerBound(impacted: $0.impacted)
    }
    guard !bounded.isEmpty else { return nil }
    let values =
      bounded.prefix(5).map { FigureText.short($0.value.string) }
      .joined(separator: ", ") + (bounded.count > 5 ? " and \(bounded.count - 5) more" : "")
    return "Stability at \(table.attribute.name) \(values) is a lower bound (≥, \"at least\"): "
      + "it counts the error rows' impacted, so a unit hit by two errors, or in two hours, "
      + "counts twice. " + exactnessHint(group.group)
  }

  /// "Return an `impacted` column from importer `sessions` (how many of each
  /// row's Sessions had an error) to make it exact."
  func exactnessHint(_ group: MetricGroup) -> String {
    let importers = config.importers.filter { config.feeds($0, metricOf: group.id) }
      .map { "`\($0.name)`" }
    let from =
      importers.isEmpty
      ? "from its importers" : "from importer \(Plural.list(importers))"
    return "Return an `impacted` column \(from) (how many of each row's \(group.name) had an "
      + "error) to make it exact."
  }

  func uncoveredNote(_ group: GroupScores) -> String {
    guard !group.uncovered.isEmpty,
      let primary = group.group.attributes.first(where: \.ordered)
    else { return "" }
    let errors = group.uncovered.reduce(Int64(0)) { $0 + $1.errors }
    let values = group.uncovered.prefix(5).map { FigureText.short($0.value.string) }
    let more = group.uncovered.count > 5 ? " and \(group.uncovered.count - 5) more" : ""
    let one = group.uncovered.count == 1
    return
      "\(FigureText.count(errors)) error\(errors == 1 ? "" : "s") at \(primary.name) "
      + values.joined(separator: ", ") + more
      + " \(errors == 1 ? "has" : "have") no \(group.group.name) in this window and "
      + "\(errors == 1 ? "is" : "are") not in the group's rate, which divides only the errors at "
      + "\(primary.name)s with \(group.group.name) by it. To count \(errors == 1 ? "it" : "them"), import "
      + "\(group.group.name) for \(one ? "that \(primary.name)" : "those \(primary.name)s")."
  }

  func impactHeading(_ group: MetricGroup) -> String {
    group.kind == .count
      ? "% of \(group.name.lowercased()) impacted"
      : "errors per \(DisplayFormat.compact(group.per))"
  }

  func rateHeading(_ group: MetricGroup) -> String {
    group.kind == .count
      ? "errors ÷ \(group.name.lowercased())" : "errors per \(DisplayFormat.compact(group.per))"
  }

  func valueRow(_ row: ValueScores, group: GroupScores, attribute: String, linked: Bool = true)
    -> ValueRowView
  {
    let comparison = row.comparison
    let newIn = row.newIn ?? []
    // Live before the store's history began: which fingerprints are new is unknown.
    let liveBefore = comparison != nil && row.newIn == nil
    let anchor = "#\(fingerprintsAnchor(group))"
    let newHref =
      liveBefore
      ? ""
      : !linked
        ? anchor
        : attribute == pageAttribute ? "versions/\(valueSlugs[row.value]).html\(anchor)" : ""
    let small = row.metric > 0 && row.metric < group.group.minVolume
    return ValueRowView(
      value: valueLink(row.value, attribute: linked ? attribute : ""), isDefault: row.isDefault,
      metric: FigureText.metric(row.metric) + (small ? " (small sample)" : ""),
      adoption: FigureText.share(row.adoption), errors: FigureText.count(row.errors),
      rate: FigureText.rate(row.rate, group: group.group),
      rateInterval: FigureText.interval(row.rateLow, row.rateHigh, group: group.group),
      hasRateInterval: row.rateLow != nil,
      stability: row.stability.map {
        FigureText.stability($0, basis: row.impactedBasis, impacted: row.impacted, short: true)
      } ?? "n/a",
      stabilityInterval: FigureText.stabilityInterval(row.stabilityLow, row.stabilityHigh),
      hasStabilityInterval: row.stabilityLow != nil,
      status: row.status?.words ?? "", statusClass: FigureText.cssClass(row.status?.words ?? ""),
      hasComparison: comparison != nil, hasPrevious: comparison?.previous != nil,
      previous: comparison?.previous ?? "none",
      delta: comparison.map { FigureText.delta($0.delta, ratio: $0.ratio) } ?? "n/a",
      verdict: comparison?.verdict?.words ?? "no previous version",
      verdictClass: FigureText.cssClass(comparison?.verdict?.rawValue ?? "none"),
      newIn: newIn.count <= 2 ? newIn.map(fingerprintLink) : [],
      newCount: liveBefore ? "unknown (live before the history)" : "\(newIn.count) new",
      hasNewCount: liveBefore || newIn.count > 2,
      newHref: newHref, hasNewHref: !newHref.isEmpty)
  }

  /// The id of a version page's fingerprint table for `group`.
  func fingerprintsAnchor(_ group: GroupScores) -> String {
    "fingerprints-\(slug(group.group.id))"
  }

  func fingerprintRow(_ fingerprint: FingerprintScores, group: GroupScores) -> FingerprintRowView {
    let annotation = config.annotations[fingerprint.fingerprint]
    let impact =
      group.group.kind == .count
      ? fingerprint.impactedFraction.map(DisplayFormat.percent) ?? "n/a"
      : FigureText.rate(fingerprint.rate, group: group.group)
    return FingerprintRowView(
      fingerprint: fingerprintLink(fingerprint.fingerprint),
      errors: FigureText.count(fingerprint.errors),
      impact: impact,
      valuesHit: FigureText.short(
        (fingerprint.by.first?.values ?? []).map(\.value.string).joined(separator: ", "), limit: 200
      ),
      firstSeen: fingerprint.firstSeen.map {
        "\($0.attribute) \(FigureText.short($0.value.string))"
      }.joined(
        separator: ", "),
      hasAnnotation: annotation != nil, annotationHTML: annotation.map(MarkdownRenderer.html) ?? "",
      annotationMarkdown: (annotation ?? "").split(whereSeparator: \.isNewline).joined(
        separator: " "
      )
      .replacingOccurrences(of: "|", with: "\\|"))
  }
}
