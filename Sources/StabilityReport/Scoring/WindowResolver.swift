import Foundation
import StabilityCore

extension ReportWindow {
  /// The window of `length` ending at `end` (SPEC §2 "report"): `today` is the
  /// start of the current day in `timezone`; whole-day lengths count calendar
  /// days there, so a window across a DST change still holds 7 whole days.
  public static func resolve(end: ReportEnd, length: TimeSpan, timezone: String, now: Int64)
    throws -> ReportWindow
  {
    guard let zone = TimeZone(identifier: timezone) else {
      throw UsageError("`\(timezone)` is not an IANA time zone name (e.g. UTC, Europe/Berlin).")
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let endTime: Int64
    switch end {
    case .now: endTime = now
    case .time(let time): endTime = time
    case .today:
      let start = calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(now)))
      endTime = Int64(start.timeIntervalSince1970)
    }
    let startTime: Int64
    if length.seconds % UTCTime.day == 0, end != .now,
      let date = calendar.date(
        byAdding: .day, value: -Int(length.seconds / UTCTime.day),
        to: Date(timeIntervalSince1970: TimeInterval(endTime)))
    {
      startTime = Int64(date.timeIntervalSince1970)
    } else {
      startTime = endTime - length.seconds
    }
    return ReportWindow(start: startTime, end: endTime, timezone: timezone)
  }

  /// The calendar days the window touches, in its time zone, with each day's
  /// start; an hour bucket belongs to the day its start falls in.
  public func days() -> [(day: String, start: Int64)] {
    guard let zone = TimeZone(identifier: timezone) else { return [] }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    var result: [(String, Int64)] = []
    var cursor = calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(start)))
    while Int64(cursor.timeIntervalSince1970) < end {
      result.append(
        (
          dayLabel(Int64(cursor.timeIntervalSince1970), zone: zone),
          Int64(cursor.timeIntervalSince1970)
        ))
      guard let next = calendar.date(byAdding: .day, value: 1, to: cursor) else { break }
      cursor = next
    }
    return result
  }

  /// The `YYYY-MM-DD` day of `time` in this window's zone.
  public func day(of time: Int64) -> String {
    guard let zone = TimeZone(identifier: timezone) else { return UTCTime.dayString(time) }
    return dayLabel(time, zone: zone)
  }

  private func dayLabel(_ time: Int64, zone: TimeZone) -> String {
    let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time))))
    return UTCTime.dayString(time + offset)
  }
}
