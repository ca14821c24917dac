import Foundation
import StabilityCore
import StabilityIngest

/// Whether a run's rows may be stored (method §2.2 steps 7–8). Rows whose time
/// lies outside `[$1, $2)` fail the run whatever `max_rejected` says: the
/// query's bounds did not compare like time, so rows are being lost. More
/// rejections than `max_rejected` allows fail it too, and so does a run in
/// which every row was rejected.
struct RunAcceptance {
  let importer: ImporterConfig
  let config: Config
  let start: Int64
  let end: Int64

  /// Why the rows read by `read` must not be stored; nil when they may be.
  func problem(_ read: RowInterpreter) -> String? {
    let rejections = read.batch.rejections
    if let outside = read.firstOutOfSpan {
      let count =
        rejections.sorted.first { $0.reason == RowInterpreter.outOfSpanReason }?.count ?? 0
      return outOfSpan(count: count, of: read.rowsRead, cell: outside.cell)
    }
    if read.batch.overflowed {
      return "the error counts of one hour sum past \(Int64.max), the largest count the store "
        + "keeps exactly — these are not counts of errors (check the query's `count` column). "
        + "Nothing was stored and the watermark is unchanged"
    }
    let rejected = rejections.total
    guard read.rowsRead > 0, rejected > 0 else { return nil }
    let share = 100 * Double(rejected) / Double(read.rowsRead)
    let lead: String
    if rejected == read.rowsRead {
      lead =
        read.rowsRead == 1 ? "its one row was rejected" : "all \(read.rowsRead) rows were rejected"
    } else if Double(rejected) * 100 > importer.maxRejectedPercent * Double(read.rowsRead) {
      lead =
        "\(rejected) of \(read.rowsRead) rows were rejected (\(Self.percent(share))), more than "
        + "max_rejected (\(Self.percent(importer.maxRejectedPercent))) allows"
    } else {
      return nil
    }
    let reasons = rejections.sorted.prefix(3).map {
      "\($0.reason): \($0.count) (e.g. \($0.example))"
    }
    return "\(lead) — \(reasons.joined(separator: "; ")). Nothing was stored and the watermark "
      + "is unchanged. Fix the query or the data, or raise `max_rejected` on importer "
      + "`\(importer.name)` (\(configLine)) if such rows are expected"
  }

  /// Throws the problem, if any, as the importer's failure.
  func check(_ read: RowInterpreter) throws {
    if let problem = problem(read) {
      throw ImportFailure(importer: importer.name, source: importer.source, cause: .rows(problem))
    }
  }

  private var configLine: String { "\(config.file) line \(importer.line)" }

  private func outOfSpan(count: Int, of rows: Int, cell: SourceValue) -> String {
    let format = importer.timeFormat
    let bound = format.format(start).displayText
    let seen = cell.displayText
    var message =
      "\(count) of \(Plural.of(rows, "row")) \(count == 1 ? "has" : "have") a time outside [$1, $2) = "
      + "[\(UTCTime.iso8601(start)), "
      + "\(UTCTime.iso8601(end))): the query's `>= $1 and < $2` did not compare like time. "
      + "$1 was bound as `\(bound)` (time_format: \(format.rawValue)); the rows' time looks like "
      + "`\(seen)`"
    let shape = TimeShape(cell)
    message += " — \(shape.description)"
    if config.source(named: importer.source)?.type == .clickhouse {
      // The tool reads ClickHouse times itself: rows out of span come from
      // hours started in the server's zone, or a filter on another column.
      message +=
        ". ClickHouse's toStartOfHour(t) starts hours in the server's time zone: write "
        + "`toStartOfHour(t, 'UTC')`, and filter the same column (`t >= $1 and t < $2`)"
    } else if let matching = shape.timeFormat, matching != format {
      message +=
        ". Add `time_format: \(matching.rawValue)` to importer `\(importer.name)` (\(configLine)), "
        + "then \(CommandSyntax.reset(importer.name)) re-reads its history (earlier runs "
        + "may have missed rows)"
    } else {
      message +=
        ". Make the query filter the same column it returns as `\(importer.timeColumn)`, in UTC "
        + "and in the shape time_format says (`\(importer.timeColumn) >= $1 and "
        + "\(importer.timeColumn) < $2`)"
    }
    return message + ". Nothing was stored and the watermark is unchanged"
  }

  static func percent(_ value: Double) -> String {
    value == value.rounded() ? String(format: "%.0f%%", value) : String(format: "%.3g%%", value)
  }
}

/// The shape of a time cell a source returned, named for messages, with the
/// `time_format` whose bound values compare like it.
struct TimeShape: CustomStringConvertible {
  let description: String
  let timeFormat: TimeFormat?

  init(_ cell: SourceValue) {
    switch cell {
    case .integer(let number):
      if number.magnitude >= 100_000_000_000 {
        (description, timeFormat) = ("an integer of epoch milliseconds", .unixMs)
      } else {
        (description, timeFormat) = ("an integer of epoch seconds", .unix)
      }
    case .real:
      (description, timeFormat) = ("a number of epoch seconds", .unix)
    case .null:
      (description, timeFormat) = ("NULL", nil)
    case .text(let text):
      let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
      func digits(_ range: Range<Int>) -> Bool {
        range.upperBound <= bytes.count && bytes[range].allSatisfy { (48...57).contains($0) }
      }
      let datePart =
        digits(0..<4) && bytes.count > 10 && bytes[4] == UInt8(ascii: "-")
        && digits(5..<7) && bytes[7] == UInt8(ascii: "-") && digits(8..<10)
      // A UTC offset after the time (`+00`, `+05:30`, `Z`): a database's own
      // rendering of a typed timestamp (PostgreSQL's timestamptz), which
      // compares with $1/$2 as time whatever time_format says.
      let tail =
        bytes.count > 19
        ? bytes[19...].drop { $0 == UInt8(ascii: ".") || (48...57).contains($0) } : []
      let hasOffset =
        tail.first == UInt8(ascii: "+") || tail.first == UInt8(ascii: "-")
        || tail.first == UInt8(ascii: "Z")
      if datePart && bytes[10] == UInt8(ascii: " ") && hasOffset {
        (description, timeFormat) = (
          "a timestamp with a UTC offset (PostgreSQL's text for `timestamp with time zone`), "
            + "which compares with $1/$2 as time whatever time_format says, so the rows outside "
            + "the span come from a filter on another column", nil
        )
      } else if datePart && bytes[10] == UInt8(ascii: " ") {
        (description, timeFormat) = (
          "`YYYY-MM-DD HH:MM:SS` text (SQLite's `datetime()` and `CURRENT_TIMESTAMP` write it), "
            + "which sorts before `YYYY-MM-DDTHH:MM:SSZ` text of the same day", .sql
        )
      } else if datePart && (bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t")) {
        (description, timeFormat) = ("ISO 8601 text (`YYYY-MM-DDTHH:MM:SSZ`)", .iso8601)
      } else if !bytes.isEmpty && digits(0..<bytes.count) {
        (description, timeFormat) = (
          "epoch seconds stored as text (compare `cast(time as integer)` with time_format unix)",
          nil
        )
      } else {
        (description, timeFormat) = ("text in a shape no time_format binds", nil)
      }
    }
  }
}
