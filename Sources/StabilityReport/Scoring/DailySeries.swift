import StabilityCore
import StabilityStore

/// Per day of the window in the report time zone: M_d, E_d and, per group-by
/// attribute, the values with data that day (method §3 "Daily series").
struct DailySeries {
  let store: CountedStore
  let group: MetricGroup
  let window: ReportWindow
  let tables: [AttributeTable]
  let errors: WindowErrors

  func days() throws -> [DayScores] {
    let days = window.days()
    var dayOfHour: [Int64: String] = [:]
    func day(_ hour: Int64) -> String {
      if let known = dayOfHour[hour] { return known }
      let label = window.day(ofHour: hour)
      dayOfHour[hour] = label
      return label
    }
    var totals: [String: (metric: Double, errors: Int64)] = [:]
    for row in try store.metricByHour(
      group: group.id, attribute: "", defaultValue: "", start: window.start, end: window.end)
    {
      totals[day(row.hour), default: (0, 0)].metric += row.metric
    }
    for row in try errors.byHour(attribute: "", defaultValue: "") {
      totals[day(row.hour), default: (0, 0)].errors += row.errors
    }
    var perAttribute: [[String: [ByteString: (metric: Double, errors: Int64)]]] = []
    for table in tables {
      let name = table.attribute.name
      let fallback = table.attribute.defaultValue
      var byDay: [String: [ByteString: (metric: Double, errors: Int64)]] = [:]
      for row in try store.metricByHour(
        group: group.id, attribute: name, defaultValue: fallback, start: window.start,
        end: window.end)
      {
        byDay[day(row.hour), default: [:]][row.value, default: (0, 0)].metric += row.metric
      }
      for row in try errors.byHour(attribute: name, defaultValue: fallback) {
        byDay[day(row.hour), default: [:]][row.value, default: (0, 0)].errors += row.errors
      }
      perAttribute.append(byDay)
    }
    return days.map { entry in
      let figures = totals[entry.day] ?? (0, 0)
      let by = zip(tables, perAttribute).map { table, byDay in
        let values = byDay[entry.day] ?? [:]
        return (
          attribute: table.attribute.name,
          values: table.order.compactMap { value -> (ByteString, Double, Int64)? in
            guard let figures = values[value], figures.metric > 0 || figures.errors > 0 else {
              return nil
            }
            return (value, figures.metric, figures.errors)
          }
        )
      }
      return DayScores(day: entry.day, metric: figures.metric, errors: figures.errors, by: by)
    }
  }
}
