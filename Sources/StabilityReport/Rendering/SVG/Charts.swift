import StabilityCore

/// The report's charts, built from scores (method §5).
enum Charts {
  /// Metric per day, stacked by the top four values, the rest as "other".
  static func dailyMetric(_ group: GroupScores, id: String) -> BarChart {
    let table = group.by.first
    let top = (table?.values ?? []).filter { !$0.isDefault && $0.metric > 0 }
      .sorted { ($1.metric, $0.value) < ($0.metric, $1.value) }.prefix(4).map(\.value)
    var series = top.enumerated().map {
      BarChart.Series(name: $1.string, color: BarChart.palette[$0])
    }
    let hasOther = (table?.values.count ?? 0) > top.count || table == nil
    if hasOther {
      series.append(
        .init(name: table == nil ? group.group.name : "other", color: BarChart.otherColor))
    }
    let bars = group.daily.map { day -> BarChart.Bar in
      let values = day.by.first?.values ?? []
      var segments = top.map { value in values.first { $0.value == value }?.metric ?? 0 }
      if hasOther { segments.append(day.metric - segments.reduce(0, +)) }
      return BarChart.Bar(label: String(day.day.dropFirst(5)), values: segments)
    }
    let attribute = table?.attribute.name ?? "value"
    return BarChart(
      id: id, title: "\(group.group.name) per day",
      description: "\(group.group.name) per day of the window, stacked by \(attribute): "
        + group.daily.map { "\($0.day) \(DisplayFormat.compact($0.metric))" }.joined(
          separator: ", "),
      axisLabel: group.group.name, series: series, bars: bars, format: DisplayFormat.compact)
  }

  /// Impacted share (count groups) or rate per `per` (amount groups) by value,
  /// oldest to newest, with 95% whiskers and the target line.
  static func rateByValue(_ group: GroupScores, table: AttributeScores, id: String) -> BarChart {
    let isCount = group.group.kind == .count
    let rows = table.values.filter { $0.metric > 0 && !$0.isDefault }
    let ordered = table.attribute.ordered ? Array(rows.reversed()) : rows
    let bars = ordered.map { row -> BarChart.Bar in
      if isCount {
        let low = 1 - (row.stabilityHigh ?? 1)
        let high = 1 - (row.stabilityLow ?? 1)
        return BarChart.Bar(
          label: row.value.string, values: [row.impactedFraction ?? 0], interval: (low, high))
      }
      let per = group.group.per
      return BarChart.Bar(
        label: row.value.string, values: [(row.rate ?? 0) * per],
        interval: ((row.rateLow ?? 0) * per, (row.rateHigh ?? 0) * per))
    }
    let unit = isCount ? "% impacted" : "errors per \(DisplayFormat.compact(group.group.per))"
    var chart = BarChart(
      id: id, title: "\(unit.prefix(1).uppercased() + unit.dropFirst()) by \(table.attribute.name)",
      description: "For each \(table.attribute.name), \(unit) with its 95% interval: "
        + bars.map { "\($0.label) \(format($0.values[0], isCount: isCount))" }.joined(
          separator: ", "),
      axisLabel: unit, series: [.init(name: unit, color: BarChart.palette[0])], bars: bars,
      format: { format($0, isCount: isCount) })
    if isCount, let target = group.group.target {
      chart.reference = targetLine(target)
    }
    return chart
  }

  /// Each release's rate over its first hours, oldest left, with the Garwood interval.
  static func releaseHistory(_ group: GroupScores, attribute: String, id: String) -> BarChart {
    let isCount = group.group.kind == .count
    let scale = isCount ? 1 : group.group.per
    let bars = group.releases.reversed().map { release in
      BarChart.Bar(
        label: release.value.string, values: [(release.rate ?? 0) * scale],
        interval: ((release.rateLow ?? 0) * scale, (release.rateHigh ?? 0) * scale))
    }
    let unit =
      isCount
      ? "errors per \(group.group.name.lowercased())"
      : "errors per \(DisplayFormat.compact(group.group.per))"
    return BarChart(
      id: id, title: "Rate over each release's first hours, by \(attribute)",
      description: "For each release, oldest first, \(unit) over its first hours with its 95% "
        + "interval: "
        + bars.map { "\($0.label) \(format($0.values[0], isCount: isCount))" }.joined(
          separator: ", "),
      axisLabel: unit, series: [.init(name: unit, color: BarChart.palette[0])], bars: bars,
      format: { format($0, isCount: isCount) })
  }

  /// A fingerprint's rate by value (E(f,v) / M(v)).
  static func fingerprintByValue(
    _ group: GroupScores, fingerprint: FingerprintScores, attribute: String, id: String
  ) -> BarChart {
    let isCount = group.group.kind == .count
    let values = fingerprint.by.first { $0.attribute == attribute }?.values ?? []
    let ordered = group.by.first { $0.attribute.name == attribute }?.attribute.ordered == true
    let shown = ordered ? Array(values.reversed()) : values
    let scale = isCount ? 1 : group.group.per
    let unit =
      isCount
      ? "errors per \(group.group.name.lowercased())"
      : "errors per \(DisplayFormat.compact(group.group.per))"
    let metric = Dictionary(
      (group.by.first { $0.attribute.name == attribute }?.values ?? []).map {
        ($0.value, $0.metric)
      },
      uniquingKeysWith: +)
    let bars = shown.map { cell -> BarChart.Bar in
      bar(
        cell.value.string, RateEstimate(errors: cell.errors, metric: metric[cell.value] ?? 0),
        scale: scale)
    }
    return BarChart(
      id: id,
      title: "\(fingerprint.fingerprint.string) by \(attribute), normalized by \(group.group.name)",
      description: "Errors of this fingerprint per \(attribute), \(unit), with the 95% interval: "
        + bars.map { "\($0.label) \(format($0.values[0], isCount: isCount))" }.joined(
          separator: ", "),
      axisLabel: isCount ? "% of \(group.group.name.lowercased())" : unit,
      series: [.init(name: unit, color: BarChart.palette[1])], bars: bars,
      format: { format($0, isCount: isCount) })
  }

  /// One fingerprint's rate per day — its errors over the group's metric
  /// that day, with the Garwood interval — so a day with more sessions does
  /// not look like a worse day. A day without metric has no bar.
  static func fingerprintDaily(_ group: GroupScores, fingerprint: FingerprintScores, id: String)
    -> BarChart
  {
    let isCount = group.group.kind == .count
    let scale = isCount ? 1 : group.group.per
    let bars = zip(group.daily, fingerprint.daily).map { day, errors -> BarChart.Bar in
      bar(
        String(day.day.dropFirst(5)), RateEstimate(errors: errors, metric: day.metric), scale: scale
      )
    }
    let unit =
      isCount
      ? "errors ÷ \(group.group.name.lowercased())"
      : "errors per \(DisplayFormat.compact(group.group.per))"
    return BarChart(
      id: id,
      title: "\(fingerprint.fingerprint.string) rate per day, normalized by \(group.group.name)",
      description: "\(unit) per day, with the 95% interval: "
        + zip(bars, fingerprint.daily).map { bar, errors in
          "\(bar.label) \(bar.interval == nil ? "no data" : format(bar.values[0], isCount: isCount)) "
            + "(\(Plural.of(errors, "error")))"
        }.joined(separator: ", "),
      axisLabel: unit, series: [.init(name: unit, color: BarChart.palette[5])], bars: bars,
      format: { format($0, isCount: isCount) })
  }

  /// A value's rate per day with its Garwood interval (method §5: the chart a
  /// release manager looks at first), and for count groups the target line.
  /// A day without metric has no bar.
  static func valueDaily(_ group: GroupScores, attribute: String, value: ByteString, id: String)
    -> BarChart
  {
    let isCount = group.group.kind == .count
    let scale = isCount ? 1 : group.group.per
    let bars = group.daily.map { day -> BarChart.Bar in
      let cell = day.by.first { $0.attribute == attribute }?.values.first { $0.value == value }
      return bar(
        String(day.day.dropFirst(5)),
        RateEstimate(errors: cell?.errors ?? 0, metric: cell?.metric ?? 0), scale: scale)
    }
    let unit =
      isCount
      ? "errors ÷ \(group.group.name.lowercased())"
      : "errors per \(DisplayFormat.compact(group.group.per))"
    var chart = BarChart(
      id: id, title: "Rate per day, \(attribute) \(value.string)",
      description: "\(unit) per day for \(attribute) \(value.string), with its 95% interval: "
        + bars.map {
          "\($0.label) \($0.interval == nil ? "no data" : format($0.values[0], isCount: isCount))"
        }.joined(separator: ", "),
      axisLabel: unit, series: [.init(name: unit, color: BarChart.palette[0])], bars: bars,
      format: { format($0, isCount: isCount) })
    if isCount, let target = group.group.target {
      chart.reference = targetLine(target)
    }
    return chart
  }

  /// The bar of `estimate` in display units (`scale`); a bar of 0 without an
  /// interval when there is no metric.
  private static func bar(_ label: String, _ estimate: RateEstimate, scale: Double)
    -> BarChart.Bar
  {
    guard let rate = estimate.rate, let low = estimate.low, let high = estimate.high else {
      return BarChart.Bar(label: label, values: [0])
    }
    return BarChart.Bar(label: label, values: [rate * scale], interval: (low * scale, high * scale))
  }

  private static func format(_ value: Double, isCount: Bool) -> String {
    isCount ? DisplayFormat.percent(value) : DisplayFormat.significant(value)
  }

  /// The target drawn on an impacted-fraction axis, labelled in the axis'
  /// units first: `0.5% = target 99.5% stable`.
  static func targetLine(_ target: Double) -> (value: Double, label: String) {
    let written = DisplayFormat.plain(target)
    // As many decimals as the target has: 99.5 → 0.5%, 99.95 → 0.05%.
    let decimals = written.split(separator: ".").dropFirst().first?.count ?? 0
    let impacted = String(format: "%.\(decimals)f", 100 - target)
    return (1 - target / 100, "\(impacted)% = target \(written)% stable")
  }
}
