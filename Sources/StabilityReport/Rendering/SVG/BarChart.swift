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
  private let left = 72.0
  private let right = 16.0
  private var top: Double { series.count > 1 || reference != nil ? 34 : 16 }
  private var bottom: Double { bars.count > 10 ? 70 : 44 }

  func svg() -> String {
    let maximum = max(
      bars.map { $0.values.reduce(0, +) }.max() ?? 0,
      bars.compactMap { $0.interval?.high }.max() ?? 0, reference?.value ?? 0)
    let scale = NiceScale(maximum: maximum)
    let plotHeight = height - top - bottom
    func y(_ value: Double) -> Double { top + plotHeight * (1 - value / scale.top) }
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" \
      role="img" aria-labelledby="\(id)-title \(id)-desc" class="chart">
      <title id="\(id)-title">\(TextEscaping.html(title))</title>
      <desc id="\(id)-desc">\(TextEscaping.html(description))</desc>
      <style>\(Self.style)</style>

      """
    for tick in scale.ticks {
      out +=
        "<line class=\"c-grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(tick)))\" y2=\"\(n(y(tick)))\"/>"
      out +=
        "<text class=\"c-tick\" x=\"\(n(left - 6))\" y=\"\(n(y(tick) + 4))\" text-anchor=\"end\">\(TextEscaping.html(format(tick)))</text>\n"
    }
    out +=
      "<text class=\"c-label\" transform=\"translate(14 \(n(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(TextEscaping.html(axisLabel))</text>\n"
    out += barsSVG(y: y, plotHeight: plotHeight)
    if let reference {
      out +=
        "<line class=\"c-ref\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(reference.value)))\" y2=\"\(n(y(reference.value)))\"/>"
      out +=
        "<text class=\"c-reftext\" x=\"\(n(width - right))\" y=\"\(n(y(reference.value) - 4))\" text-anchor=\"end\">\(TextEscaping.html(reference.label))</text>\n"
    }
    out +=
      "<line class=\"c-axis\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(0)))\" y2=\"\(n(y(0)))\"/>\n"
    out += legendSVG()
    return out + "</svg>\n"
  }

  private func barsSVG(y: (Double) -> Double, plotHeight: Double) -> String {
    guard !bars.isEmpty else {
      return
        "<text class=\"c-label\" x=\"\(n(width / 2))\" y=\"\(n(top + plotHeight / 2))\" text-anchor=\"middle\">no data</text>\n"
    }
    var out = ""
    let slot = (width - left - right) / Double(bars.count)
    let barWidth = min(48, slot * 0.7)
    for (index, bar) in bars.enumerated() {
      let center = left + slot * (Double(index) + 0.5)
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
      let label = TextEscaping.html(
        bar.label.count > 16 ? String(bar.label.prefix(15)) + "…" : bar.label)
      if bars.count > 10 {
        out +=
          "<text class=\"c-tick\" transform=\"translate(\(n(center + 4)) \(n(y(0) + 10))) rotate(-40)\" text-anchor=\"end\">\(label)</text>\n"
      } else {
        out +=
          "<text class=\"c-tick\" x=\"\(n(center))\" y=\"\(n(y(0) + 16))\" text-anchor=\"middle\">\(label)</text>\n"
      }
    }
    return out
  }

  private func legendSVG() -> String {
    guard series.count > 1 else { return "" }
    var out = ""
    var x = left
    for entry in series {
      let name = entry.name.count > 18 ? String(entry.name.prefix(17)) + "…" : entry.name
      out += "<rect x=\"\(n(x))\" y=\"8\" width=\"12\" height=\"12\" fill=\"\(entry.color)\"/>"
      out +=
        "<text class=\"c-tick\" x=\"\(n(x + 16))\" y=\"18\">\(TextEscaping.html(name))</text>\n"
      x += 24 + Double(name.count) * 7
    }
    return out
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
