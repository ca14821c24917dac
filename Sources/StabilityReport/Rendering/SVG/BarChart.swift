import Foundation

/// An SVG bar chart: stacked segments per bar, optional interval whiskers and
/// a reference line; `role="img"` with `<title>` and `<desc>`, text labels,
/// a colour-blind-safe palette (Okabe–Ito), light and dark mode, `viewBox`.
struct BarChart {
  /// One stacked series (a legend entry).
  struct Series {
    let name: String
    let color: String
  }

  /// One bar: a value per series, and an optional interval.
  struct Bar {
    let label: String
    let values: [Double]
    var interval: (low: Double, high: Double)? = nil
  }

  static let palette = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
  ]
  static let otherColor = "#999999"

  let id: String
  let title: String
  let description: String
  let axisLabel: String
  let series: [Series]
  let bars: [Bar]
  var reference: (value: Double, label: String)? = nil
  let format: (Double) -> String

  private let width = 720.0
  private let height = 280.0
  private let right = 16.0
  /// Legend rows (series when there are several, then the reference line's key) and their height.
  private var legendRows: [[LegendEntry]] { LegendEntry.rows(entries, from: 72, to: width - right) }
  private var top: Double { 16 + Double(legendRows.count) * 18 }

  func svg() -> String {
    let maximum = max(
      bars.map { $0.values.reduce(0, +) }.max() ?? 0,
      bars.compactMap { $0.interval?.high }.max() ?? 0, reference?.value ?? 0)
    let scale = NiceScale(maximum: maximum)
    let tickLabels = scale.ticks.map(format)
    // The value axis' numbers end 6 px left of the plot and start clear of its rotated label.
    let left = max(44, 26 + (tickLabels.map(Self.textWidth).max() ?? 0) + 6)
    let labels = BarLabels(
      bars.map(\.label), slot: (width - left - right) / Double(max(1, bars.count)))
    let bottom = labels.height
    let plotHeight = height - top - bottom
    func y(_ value: Double) -> Double { top + plotHeight * (1 - value / scale.top) }
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" \
      role="img" aria-labelledby="\(id)-title \(id)-desc" class="chart">
      <title id="\(id)-title">\(TextEscaping.html(title))</title>
      <desc id="\(id)-desc">\(TextEscaping.html(description))</desc>
      <style>\(Self.style)</style>

      """
    for (tick, text) in zip(scale.ticks, tickLabels) {
      out +=
        "<line class=\"c-grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(tick)))\" y2=\"\(n(y(tick)))\"/>"
      out +=
        "<text class=\"c-tick\" x=\"\(n(left - 6))\" y=\"\(n(y(tick) + 4))\" text-anchor=\"end\">\(TextEscaping.html(text))</text>\n"
    }
    let axisText = Self.truncated(axisLabel, toWidth: plotHeight - 4)
    out +=
      "<text class=\"c-label\" transform=\"translate(14 \(n(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(TextEscaping.html(axisText))</text>\n"
    out += barsSVG(left: left, labels: labels, y: y, plotHeight: plotHeight)
    if let reference {
      out +=
        "<line class=\"c-ref\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(reference.value)))\" y2=\"\(n(y(reference.value)))\"><title>\(TextEscaping.html(reference.label))</title></line>"
    }
    out +=
      "<line class=\"c-axis\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(0)))\" y2=\"\(n(y(0)))\"/>\n"
    out += legendSVG()
    return out + "</svg>\n"
  }

  private func barsSVG(
    left: Double, labels: BarLabels, y: (Double) -> Double, plotHeight: Double
  ) -> String {
    guard !bars.isEmpty else {
      return
        "<text class=\"c-label\" x=\"\(n(width / 2))\" y=\"\(n(top + plotHeight / 2))\" text-anchor=\"middle\">no data</text>\n"
    }
    var out = ""
    let barWidth = min(48, labels.slot * 0.7)
    for (index, bar) in bars.enumerated() {
      let center = left + labels.slot * (Double(index) + 0.5)
      var base = 0.0
      for (seriesIndex, value) in bar.values.enumerated() where value > 0 {
        let name = series.count > 1 ? "\(series[seriesIndex].name): " : ""
        out +=
          "<rect class=\"c-bar\" x=\"\(n(center - barWidth / 2))\" y=\"\(n(y(base + value)))\" width=\"\(n(barWidth))\" height=\"\(n(y(base) - y(base + value)))\" fill=\"\(series[seriesIndex].color)\"><title>\(TextEscaping.html("\(bar.label) — \(name)\(format(value))"))</title></rect>"
        base += value
      }
      if let interval = bar.interval {
        out +=
          "<path class=\"c-whisker\" d=\"M\(n(center)) \(n(y(interval.low)))V\(n(y(interval.high)))M\(n(center - 6)) \(n(y(interval.low)))h12M\(n(center - 6)) \(n(y(interval.high)))h12\"><title>\(TextEscaping.html("\(bar.label) — 95% interval \(format(interval.low))–\(format(interval.high))"))</title></path>"
      }
      guard let label = labels.text(at: index) else { continue }
      if labels.vertical {
        out +=
          "<text class=\"c-tick\" transform=\"translate(\(n(center + 4)) \(n(y(0) + 8))) rotate(-90)\" text-anchor=\"end\">\(TextEscaping.html(label))</text>\n"
      } else {
        out +=
          "<text class=\"c-tick\" x=\"\(n(center))\" y=\"\(n(y(0) + 16))\" text-anchor=\"middle\">\(TextEscaping.html(label))</text>\n"
      }
    }
    return out
  }

  private var entries: [LegendEntry] {
    (series.count > 1 ? series.map { LegendEntry(name: $0.name, color: $0.color) } : [])
      + (reference.map { [LegendEntry(name: $0.label, color: nil)] } ?? [])
  }

  private func legendSVG() -> String {
    var out = ""
    for (row, entries) in legendRows.enumerated() {
      let y = 8 + Double(row) * 18
      for entry in entries {
        if let color = entry.color {
          out +=
            "<rect x=\"\(n(entry.x))\" y=\"\(n(y))\" width=\"12\" height=\"12\" fill=\"\(color)\"/>"
        } else {
          out +=
            "<line class=\"c-ref\" x1=\"\(n(entry.x))\" x2=\"\(n(entry.x + 12))\" y1=\"\(n(y + 6))\" y2=\"\(n(y + 6))\"/>"
        }
        out +=
          "<text class=\"\(entry.color == nil ? "c-reftext" : "c-tick")\" x=\"\(n(entry.x + 16))\" y=\"\(n(y + 10))\">\(TextEscaping.html(entry.text))</text>\n"
      }
    }
    return out
  }

  /// A legend entry: a colour swatch (or the reference line's dash) and its name.
  private struct LegendEntry {
    let text: String
    let color: String?
    var x = 0.0

    init(name: String, color: String?) {
      text = name.count > 32 ? String(name.prefix(31)) + "…" : name
      self.color = color
    }

    var width: Double { 16 + BarChart.textWidth(text) + 16 }

    /// Entries placed left to right, wrapping to a new row before `end`.
    static func rows(_ entries: [LegendEntry], from start: Double, to end: Double)
      -> [[LegendEntry]]
    {
      var rows: [[LegendEntry]] = []
      var x = start
      for var entry in entries {
        if rows.isEmpty || (x + entry.width > end && x > start) {
          rows.append([])
          x = start
        }
        entry.x = x
        x += entry.width
        rows[rows.count - 1].append(entry)
      }
      return rows
    }
  }

  /// The category labels under the bars: horizontal when every label fits
  /// its slot, otherwise turned upright (every k-th when slots are narrower
  /// than a line of text), so no two labels ever overlap.
  struct BarLabels {
    let slot: Double
    let vertical: Bool
    private let texts: [String]
    private let every: Int

    init(_ labels: [String], slot: Double) {
      self.slot = slot
      let horizontal = labels.map { $0.count > 16 ? String($0.prefix(15)) + "…" : $0 }
      if (horizontal.map(BarChart.textWidth).max() ?? 0) + 6 <= slot {
        vertical = false
        texts = horizontal
        every = 1
      } else {
        vertical = true
        texts = labels.map { $0.count > 12 ? String($0.prefix(11)) + "…" : $0 }
        every = max(1, Int((16 / slot).rounded(.up)))
      }
    }

    /// The label shown under bar `index`, if any.
    func text(at index: Int) -> String? { index % every == 0 ? texts[index] : nil }

    /// The space they take below the axis.
    var height: Double {
      vertical ? 16 + (texts.map(BarChart.textWidth).max() ?? 0) : 28
    }
  }

  /// A generous estimate of a label's width in 12 px system-ui text, so
  /// layout decisions err towards room (the site checks measure the result).
  static func textWidth(_ text: String) -> Double {
    text.unicodeScalars.reduce(0) { width, scalar in
      switch scalar {
      case "i", "l", "j", "f", "t", "I", ".", ",", ":", ";", "'", "|", "!", " ", "(", ")", "[", "]":
        return width + 4.5
      case "A"..."Z", "m", "w", "%", "@", "—", "…": return width + 10.5
      case _ where scalar.value >= 0x2E80: return width + 12.5
      case _ where scalar.properties.generalCategory == .nonspacingMark: return width
      default: return width + 7.8
      }
    }
  }

  /// `text` cut with "…" to at most `width`.
  static func truncated(_ text: String, toWidth width: Double) -> String {
    guard textWidth(text) > width else { return text }
    var kept = ""
    for character in text {
      guard textWidth(kept + String(character)) + 10.5 <= width else { break }
      kept.append(character)
    }
    return kept + "…"
  }

  private func n(_ value: Double) -> String { String(format: "%.1f", value) }

  static let style = """
    .c-grid{stroke:#8883;stroke-width:1}.c-axis{stroke:#888;stroke-width:1}\
    .c-tick,.c-label,.c-reftext{font:12px system-ui,sans-serif;fill:#333}\
    .c-ref{stroke:#D55E00;stroke-width:1.5;stroke-dasharray:5 4}.c-reftext{fill:#D55E00}\
    .c-whisker{stroke:#222;stroke-width:1.5;fill:none}\
    @media (prefers-color-scheme:dark){.c-tick,.c-label{fill:#ddd}.c-whisker{stroke:#eee}}
    """
}
