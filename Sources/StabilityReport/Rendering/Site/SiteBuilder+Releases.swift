import StabilityCore

extension SiteBuilder {
  /// The release history page: per group with an ordered attribute, its
  /// releases' first-days rates as a chart (oldest left) and a table (newest first).
  func releasesView(charts: inout [String: String]) -> ReleasesView {
    let groups = scores.groups.compactMap { group -> ReleaseGroupView? in
      guard let attribute = group.group.attributes.first(where: \.ordered) else { return nil }
      let isCount = group.group.kind == .count
      let groupSlug = slug(group.group.id)
      return ReleaseGroupView(
        id: groupSlug, name: group.group.name, attribute: attribute.name, isCount: isCount,
        hasReleases: !group.releases.isEmpty,
        chart: group.releases.isEmpty
          ? ChartView(svg: "", file: "", title: "")
          : chart(
            { Charts.releaseHistory(group, attribute: attribute.name, id: $0) },
            name: "\(groupSlug)-releases", root: "", charts: &charts),
        releases: group.releases.map { release in
          ReleaseRowView(
            value: valueLink(release.value, attribute: attribute.name),
            released: UTCTime.iso8601(release.released), hours: "\(release.hours) h",
            metric: FigureText.metric(release.metric), errors: FigureText.count(release.errors),
            rate: FigureText.rate(release.rate, group: group.group),
            rateInterval: FigureText.interval(
              release.rateLow, release.rateHigh, group: group.group),
            stability: release.stability.map {
              FigureText.stability(
                $0, basis: release.impactedBasis, impacted: release.impacted, short: true)
            } ?? "n/a",
            stabilityInterval: FigureText.stabilityInterval(
              release.stabilityLow, release.stabilityHigh))
        },
        emptyNote: Prose(
          "No release of this group has a known release hour before the window's end yet: a "
            + "\(attribute.name) gets one in the first hour it has 1% of \(group.group.name)."))
    }
    return ReleasesView(
      root: "", frame: frame(title: "\(scores.project) — release history"),
      ageWindow: Self.span(config.report.ageWindow.seconds),
      windowEnd: UTCTime.iso8601(scores.window.end),
      groups: groups)
  }
}
