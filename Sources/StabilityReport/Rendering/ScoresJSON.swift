import Foundation
import StabilityCore

/// `scores.json`, schema 3 (method §4): keys in the documented order, fields that
/// do not apply omitted, `null` where method §3 says so; each group lists its
/// first `listing` fingerprints (`report.json_fingerprints`), and
/// `fingerprints.jsonl` every one.
package enum ScoresJSON {
  /// The rendered file text.
  package static func render(_ scores: Scores, listing: Int) -> String {
    // Each fingerprint and each of its values takes about 100–300 bytes; room
    // reserved but never written costs no memory.
    let cells = scores.groups.reduce(0) { total, group in
      total
        + group.fingerprints.prefix(listing).reduce(0) {
          $0 + 1 + $1.by.reduce(0) { $0 + $1.values.count }
        }
    }
    var writer = JSONWriter(capacity: (1 << 16) + 256 * cells)
    write(scores, listing: listing, into: &writer)
    return writer.finish()
  }

  /// Streams the file into `path` chunk by chunk, never held whole.
  static func write(_ scores: Scores, listing: Int, toFile path: String) throws {
    try stream(toFile: path, compact: false) { write(scores, listing: listing, into: &$0) }
  }

  /// `fingerprints.jsonl`: every fingerprint of every group, one object per
  /// line — the objects of `scores.json` with `"group"` first, groups in
  /// order (method §4).
  package static func writeLines(_ scores: Scores, into writer: inout JSONWriter) {
    for group in scores.groups {
      let isCount = group.group.kind == .count
      for row in group.fingerprints {
        write(row, isCount: isCount, group: group.group.id, into: &writer)
        writer.endLine()
      }
    }
  }

  /// Streams `fingerprints.jsonl` into `path`.
  static func writeLines(_ scores: Scores, toFile path: String) throws {
    try stream(toFile: path, compact: true) { writeLines(scores, into: &$0) }
  }

  private static func stream(
    toFile path: String, compact: Bool, _ body: (inout JSONWriter) -> Void
  ) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let handle = FileHandle(forWritingAtPath: path)
    else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
    defer { try? handle.close() }
    var failure: Error?
    var writer = JSONWriter(compact: compact) { chunk in
      guard failure == nil else { return }
      do { try handle.write(contentsOf: chunk) } catch { failure = error }
    }
    body(&writer)
    _ = writer.finish()
    if let failure { throw failure }
  }

  static func write(_ scores: Scores, listing: Int, into writer: inout JSONWriter) {
    writer.object { writer in
      writer.key("schema")
      writer.integer(3)
      writer.key("project")
      writer.string(scores.project)
      writer.key("generated_at")
      writer.string(UTCTime.iso8601(scores.generatedAt))
      writer.key("window")
      writer.object { writer in
        writer.key("start")
        writer.string(UTCTime.iso8601(scores.window.start))
        writer.key("end")
        writer.string(UTCTime.iso8601(scores.window.end))
      }
      writer.key("groups")
      writer.array { writer in
        for group in scores.groups { write(group, listing: listing, into: &writer) }
      }
    }
  }

  static func write(_ group: GroupScores, listing: Int, into writer: inout JSONWriter) {
    let isCount = group.group.kind == .count
    let head: [(String, JSONValue)] = [
      ("id", .string(group.group.id)),
      ("name", .string(group.group.name)),
      ("kind", .string(group.group.kind.rawValue)),
      ("per", perNumber(group.group.per)),
      ("min_change", .number(group.group.minChange)),
      ("fingerprints_total", .integer(Int64(group.fingerprints.count))),
      ("metric", .number(group.metric)),
      ("errors", .integer(group.errors)),
      ("covered_errors", .integer(group.coveredErrors)),
      ("rate", .number(group.rate)),
      (
        "uncovered",
        .array(
          group.uncovered.map {
            .object([("value", .string($0.value.string)), ("errors", .integer($0.errors))])
          })
      ),
      ("releases", .array(group.releases.map { release($0, isCount: isCount) })),
      (
        "by",
        .array(
          group.by.map { table in
            .object([
              ("attribute", .string(table.attribute.name)),
              ("values", .array(table.values.map { value($0, isCount: isCount) })),
            ])
          })
      ),
    ]
    writer.object { writer in
      for (key, value) in head {
        writer.key(key)
        value.write(into: &writer)
      }
      writer.key("fingerprints")
      writer.array { writer in
        for row in group.fingerprints.prefix(listing) {
          write(row, isCount: isCount, into: &writer)
        }
      }
      writer.key("daily")
      JSONValue.array(group.daily.map(day)).write(into: &writer)
    }
  }

  static func perNumber(_ per: Double) -> JSONValue {
    per == per.rounded() && abs(per) < 1e15 ? .integer(Int64(per)) : .number(per)
  }

  static func value(_ row: ValueScores, isCount: Bool) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("value", .string(row.value.string)),
      ("metric", .number(row.metric)),
      ("errors", .integer(row.errors)),
      ("impacted", .integer(row.impacted)),
      ("impacted_basis", .string(row.impactedBasis.rawValue)),
      ("approximate", .bool(row.approximate)),
      ("rate", .number(row.rate)),
      ("rate_low", .number(row.rateLow)),
      ("rate_high", .number(row.rateHigh)),
    ]
    if isCount {
      pairs += [
        ("impacted_fraction", .number(row.impactedFraction)),
        ("stability", .number(row.stability)),
        ("stability_low", .number(row.stabilityLow)),
        ("stability_high", .number(row.stabilityHigh)),
      ]
    }
    pairs.append(("adoption", .number(row.adoption)))
    if let comparison = row.comparison {
      pairs += [
        ("previous", comparison.previous.map(JSONValue.string) ?? .null),
        ("delta", .number(comparison.delta)),
        ("z", .number(comparison.z)),
        ("ratio", .number(comparison.ratio.ratio)),
        ("ratio_low", .number(comparison.ratio.low)),
        ("ratio_high", .number(comparison.ratio.high)),
        ("verdict", comparison.verdict.map { .string($0.rawValue) } ?? .null),
      ]
    }
    if let status = row.status { pairs.append(("status", .string(status.rawValue))) }
    if row.comparison != nil {
      // null: live before the history began, nothing can be called new in it.
      pairs.append(("new_in", row.newIn.map { .array($0.map { .string($0.string) }) } ?? .null))
    }
    if row.comparison != nil {
      pairs.append(("released", row.released.map { .string(UTCTime.iso8601($0)) } ?? .null))
      pairs.append(("age_matched", row.ageMatched.map(ageMatched) ?? .null))
    }
    return .object(pairs)
  }

  static func ageMatched(_ age: AgeMatched) -> JSONValue {
    .object([
      ("hours", .integer(age.hours)), ("released", .string(UTCTime.iso8601(age.released))),
      ("previous_released", .string(UTCTime.iso8601(age.previousReleased))),
      ("metric", .number(age.metric)), ("errors", .integer(age.errors)),
      ("rate", .number(age.rate)), ("previous_metric", .number(age.previousMetric)),
      ("previous_errors", .integer(age.previousErrors)),
      ("previous_rate", .number(age.previousRate)), ("delta", .number(age.delta)),
      ("z", .number(age.z)), ("ratio", .number(age.ratio.ratio)),
      ("ratio_low", .number(age.ratio.low)), ("ratio_high", .number(age.ratio.high)),
      ("verdict", .string(age.verdict.rawValue)),
    ])
  }

  static func release(_ release: ReleaseScores, isCount: Bool) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("value", .string(release.value.string)),
      ("released", .string(UTCTime.iso8601(release.released))), ("hours", .integer(release.hours)),
      ("metric", .number(release.metric)), ("errors", .integer(release.errors)),
      ("rate", .number(release.rate)), ("rate_low", .number(release.rateLow)),
      ("rate_high", .number(release.rateHigh)),
    ]
    if isCount {
      pairs += [
        ("stability", .number(release.stability)),
        ("stability_low", .number(release.stabilityLow)),
        ("stability_high", .number(release.stabilityHigh)),
      ]
    }
    return .object(pairs)
  }

  static func write(
    _ row: FingerprintScores, isCount: Bool, group: String? = nil, into writer: inout JSONWriter
  ) {
    writer.object { writer in
      if let group {
        writer.key("group")
        writer.string(group)
      }
      writer.key("fingerprint")
      writer.string(row.fingerprint.string)
      writer.key("errors")
      writer.integer(row.errors)
      writer.key("covered_errors")
      writer.integer(row.coveredErrors)
      writer.key("impacted")
      writer.integer(row.impacted)
      writer.key("rate")
      writer.number(row.rate)
      if isCount {
        writer.key("impacted_fraction")
        writer.number(row.impactedFraction)
      }
      writer.key("first_seen")
      writer.object { writer in
        for (attribute, value) in row.firstSeen {
          writer.key(attribute)
          writer.string(value.string)
        }
      }
      writer.key("by")
      writer.object { writer in
        for (attribute, values) in row.by {
          writer.key(attribute)
          writer.object { writer in
            for cell in values {
              writer.key(cell.value.string)
              writer.object { writer in
                writer.key("errors")
                writer.integer(cell.errors)
                writer.key("rate")
                writer.number(cell.rate)
              }
            }
          }
        }
      }
    }
  }

  static func day(_ day: DayScores) -> JSONValue {
    .object([
      ("day", .string(day.day)),
      ("metric", .number(day.metric)),
      ("errors", .integer(day.errors)),
      (
        "by",
        .object(
          day.by.map { attribute, values in
            (
              attribute,
              .object(
                values.map {
                  (
                    $0.value.string,
                    .object([("metric", .number($0.metric)), ("errors", .integer($0.errors))])
                  )
                })
            )
          })
      ),
    ])
  }
}
