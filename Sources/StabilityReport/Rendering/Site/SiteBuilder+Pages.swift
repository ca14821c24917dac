import StabilityCore

extension SiteBuilder {
  func versionView(_ value: ByteString, charts: inout [String: String]) -> VersionView {
    let attribute = pageAttribute ?? "version"
    let valueSlug = valueSlugs[value]
    let groups = scores.groups.enumerated().map { groupIndex, group -> VersionGroupView in
      let table = group.by.first { $0.attribute.name == attribute }
      let row = table?.values.first { $0.value == value }
      let newIn = Set(row?.newIn ?? [])
      let cells = fingerprintsByValue[groupIndex][value] ?? []
      let top = cells.smallest(config.report.topFingerprints) {
        ($1.cell.errors, group.fingerprints[$0.position].fingerprint)
          < ($0.cell.errors, group.fingerprints[$1.position].fingerprint)
      }
      let fingerprints = top.map { position, cell in
        let fingerprint = group.fingerprints[position].fingerprint
        return VersionFingerprintView(
          fingerprint: fingerprintLink(fingerprint),
          errors: FigureText.count(cell.errors),
          rate: FigureText.rate(cell.rate, group: group.group),
          isNew: newIn.contains(fingerprint))
      }
      let attribution =
        row.map { self.attribution(group, groupIndex: groupIndex, row: $0) }
        ?? AttributionSummary()
      let totalChange = attribution.total
      let comparisons = row.map { comparisonRows(group, row: $0) } ?? []
      let sentence = row.map { verdictSentence(group, row: $0, attribution: attribution) } ?? ""
      // A ticket carries this page alone: it says itself what would make
      // a lower-bound stability exact.
      let lowerBound =
        group.group.kind == .count
        && row.map { $0.impactedBasis.isLowerBound(impacted: $0.impacted) } == true
      let impactedNote =
        lowerBound
        ? "This stability is a lower bound (≥, \"at least\"): it counts the error rows' "
          + "impacted, so a unit hit by two errors, or in two hours, counts twice. "
          + exactnessHint(group.group) : ""
      return VersionGroupView(
        anchor: fingerprintsAnchor(group), name: group.group.name, attribute: attribute,
        isCount: group.group.kind == .count,
        isOrdered: table?.attribute.ordered ?? false, rateHeading: rateHeading(group.group),
        hasRow: row != nil,
        // The page's own row links nowhere: a pasted ticket has no site around it.
        rows: row.map { [valueRow($0, group: group, attribute: attribute, linked: false)] } ?? [],
        chart: chart(
          { Charts.valueDaily(group, attribute: attribute, value: value, id: $0) },
          name: "\(slug(group.group.id))-\(slug(attribute))-\(valueSlug)-daily", root: "../",
          charts: &charts),
        daily: dailyRates(group, attribute: attribute, value: value),
        sentence: sentence, sentenceHTML: TextEscaping.breakableHTML(sentence),
        comparisons: comparisons, hasComparisons: !comparisons.isEmpty,
        hasAttribution: !attribution.isEmpty,
        baseline: row?.comparison?.previous ?? "",
        totalChange: points(totalChange, group.group),
        attribution: attributionRows(group, attribution),
        fingerprints: fingerprints, hasFingerprints: !fingerprints.isEmpty,
        emptyNote: Prose(
          (row?.metric ?? 0) > 0
            ? "No errors at this \(attribute) in the window."
            : "No data at this \(attribute) in the window: no \(group.group.name) was imported "
              + "for it."),
        impactedNote: Prose(impactedNote), hasImpactedNote: lowerBound)
    }
    let note = notes.text(for: value.string)
    return VersionView(
      root: "../", frame: frame(title: "\(scores.project) — \(attribute) \(value.string)"),
      attribute: attribute, value: value.string,
      heading: FigureText.short(value.string, limit: 300),
      groups: groups, hasNotes: note != nil,
      notesHTML: note.map(MarkdownRenderer.html) ?? "", notesMarkdown: note ?? "",
      hasSiteLink: config.report.baseURL != nil,
      siteLink: config.report.baseURL.map { "\($0)/versions/\(valueSlug).html" } ?? "")
  }

  /// The value's metric, errors and rate per day of the window, from its
  /// first day with data: a version out since this morning has one row, not
  /// six empty days before it (a day without data later on stays).
  func dailyRates(_ group: GroupScores, attribute: String, value: ByteString) -> [DailyRateView] {
    let days = group.daily.map { day in
      let cell = day.by.first { $0.attribute == attribute }?.values.first { $0.value == value }
      return (day: day.day, metric: cell?.metric ?? 0, errors: cell?.errors ?? 0)
    }
    return days.drop { $0.metric == 0 && $0.errors == 0 }.map { day in
      DailyRateView(
        day: day.day, metric: FigureText.metric(day.metric), errors: FigureText.count(day.errors),
        rate: FigureText.rate(ratio(Double(day.errors), day.metric), group: group.group))
    }
  }

  func fingerprintView(_ fingerprint: ByteString, charts: inout [String: String]) -> FingerprintView
  {
    let fingerprintSlug = fingerprintSlugs[fingerprint]
    var firstSeen = ""
    let groups = scores.groups.enumerated().compactMap {
      groupIndex, group -> FingerprintGroupView? in
      guard let position = pagedPositions[groupIndex][fingerprint] else { return nil }
      let scores = group.fingerprints[position]
      firstSeen = scores.firstSeen.map { "\($0.attribute) \(FigureText.short($0.value.string))" }
        .joined(separator: ", ")
      let attribute = scores.by.first?.attribute ?? ""
      let groupSlug = slug(group.group.id)
      return FingerprintGroupView(
        name: group.group.name, errors: FigureText.count(scores.errors),
        impact: group.group.kind == .count
          ? scores.impactedFraction.map(DisplayFormat.percent) ?? "n/a"
          : FigureText.rate(scores.rate, group: group.group),
        impactHeading: impactHeading(group.group), attribute: attribute,
        byValue: (scores.by.first?.values ?? []).map { cell in
          let metric =
            group.by.first { $0.attribute.name == attribute }?.values.first {
              $0.value == cell.value
            }?.metric ?? 0
          let estimate = RateEstimate(errors: cell.errors, metric: metric)
          return FingerprintValueView(
            value: valueLink(cell.value, attribute: attribute),
            errors: FigureText.count(cell.errors),
            rate: FigureText.rate(cell.rate, group: group.group),
            rateInterval: FigureText.interval(estimate.low, estimate.high, group: group.group),
            hasRateInterval: estimate.rate != nil)
        },
        byChart: chart(
          { Charts.fingerprintByValue(group, fingerprint: scores, attribute: attribute, id: $0) },
          name: "fp-\(fingerprintSlug)-\(groupSlug)-by", root: "../", charts: &charts),
        dailyChart: chart(
          { Charts.fingerprintDaily(group, fingerprint: scores, id: $0) },
          name: "fp-\(fingerprintSlug)-\(groupSlug)-daily", root: "../", charts: &charts))
    }
    let annotation = config.annotations[fingerprint]
    return FingerprintView(
      root: "../", frame: frame(title: "\(scores.project) — \(fingerprint.string)"),
      fingerprint: fingerprint.string, heading: FigureText.short(fingerprint.string, limit: 300),
      isShortened: fingerprint.string.count > 300, firstSeen: firstSeen,
      hasAnnotation: annotation != nil,
      annotationHTML: annotation.map(MarkdownRenderer.html) ?? "", groups: groups)
  }
}

extension Array {
  /// The first `count` elements in `less` order, without sorting them all
  /// (a value page lists 50 of up to every fingerprint).
  func smallest(_ count: Int, by less: (Element, Element) -> Bool) -> [Element] {
    var top: [Element] = []
    top.reserveCapacity(Swift.min(count, self.count) + 1)
    for element in self {
      if top.count == count, let last = top.last, !less(element, last) { continue }
      var (low, high) = (0, top.count)
      while low < high {
        let middle = (low + high) / 2
        if less(element, top[middle]) { high = middle } else { low = middle + 1 }
      }
      top.insert(element, at: low)
      if top.count > count { top.removeLast() }
    }
    return top
  }
}
