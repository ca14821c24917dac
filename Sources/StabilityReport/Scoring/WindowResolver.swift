import Foundation
import StabilityCore

extension ReportWindow {
  /// The window of `length` ending at `end` (method §2 "report"): `today` is the
  /// start of the current day in `timezone`; whole-day lengths count calendar
  /// days there, so a window across a DST change still holds 7 whole days.
  package static func resolve(end: ReportEnd, length: TimeSpan, timezone: String, now: Int64)
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
    // The store keeps whole UTC hours: a window that starts or ends inside
    // an hour (a zone like Asia/Kolkata, UTC+05:30, or an explicit time) is
    // moved to the hour it falls in, so the span shown is the span counted.
    // An end of `now` stays: its hour holds what has been imported so far.
    return ReportWindow(
      start: UTCTime.floorToHour(startTime),
      end: end == .now ? endTime : UTCTime.floorToHour(endTime), timezone: timezone)
  }

  /// The calendar days the window touches, in its time zone, with the first
  /// hour bucket of each; an hour bucket belongs to the day it ends on (its
  /// last second), so in a zone whose midnight is not a whole UTC hour
  /// (Asia/Kolkata) a day is the hours from 23:30 to 23:30 local time.
  package func days() -> [(day: String, start: Int64)] {
    guard let zone = TimeZone(identifier: timezone) else { return [] }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    var result: [(String, Int64)] = []
    var cursor = calendar.startOfDay(
      for: Date(timeIntervalSince1970: TimeInterval(start + UTCTime.hour - 1)))
    while UTCTime.floorToHour(Int64(cursor.timeIntervalSince1970)) < end {
      result.append(
        (
          dayLabel(Int64(cursor.timeIntervalSince1970), zone: zone),
          UTCTime.floorToHour(Int64(cursor.timeIntervalSince1970))
        ))
      guard let next = calendar.date(byAdding: .day, value: 1, to: cursor) else { break }
      cursor = next
    }
    return result
  }

  /// The `YYYY-MM-DD` day, in this window's zone, of the hour bucket
  /// starting at `hour`: the day its last second falls on.
  package func day(ofHour hour: Int64) -> String {
    let last = hour + UTCTime.hour - 1
    guard let zone = TimeZone(identifier: timezone) else { return UTCTime.dayString(last) }
    return dayLabel(last, zone: zone)
  }

  /// When days in this zone do not start on a whole UTC hour, the sentence
  /// that says which hours a day here holds; nil otherwise.
  package var dayBoundaryNote: String? {
    guard let zone = TimeZone(identifier: timezone), let first = days().first else { return nil }
    let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(first.start)))
    guard offset % Int(UTCTime.hour) != 0 else { return nil }
    let local = UTCTime.iso8601(first.start + Int64(offset))
    let clock = local.dropFirst(11).prefix(5)
    return
      "the store keeps whole UTC hours and \(timezone) is not a whole number of hours from UTC, "
      + "so each day here runs \(clock)–\(clock) local time"
  }

  private func dayLabel(_ time: Int64, zone: TimeZone) -> String {
    let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time))))
    return UTCTime.dayString(time + offset)
  }
}
