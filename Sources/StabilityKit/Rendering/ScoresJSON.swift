/// `scores.json`, schema 1 (SPEC §4): keys in the documented order, fields that
/// do not apply omitted, `null` where §3 says so.
public enum ScoresJSON {
  /// The document for `scores`.
  public static func document(_ scores: Scores) -> JSONValue {
    .object([
      ("schema", .integer(1)),
      ("project", .string(scores.project)),
      ("generated_at", .string(UTCTime.iso8601(scores.generatedAt))),
      (
        "window",
        .object([
          ("start", .string(UTCTime.iso8601(scores.window.start))),
          ("end", .string(UTCTime.iso8601(scores.window.end))),
        ])
      ),
      ("groups", .array(scores.groups.map(group))),
    ])
  }

  /// The rendered file text.
  public static func render(_ scores: Scores) -> String { document(scores).rendered() }

  static func group(_ group: GroupScores) -> JSONValue {
    let isCount = group.group.kind == .count
    return .object([
      ("id", .string(group.group.id)),
      ("name", .string(group.group.name)),
      ("kind", .string(group.group.kind.rawValue)),
      ("per", perNumber(group.group.per)),
      ("metric", .number(group.metric)),
      ("errors", .integer(group.errors)),
      ("rate", .number(group.rate)),
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
      ("fingerprints", .array(group.fingerprints.map { fingerprint($0, isCount: isCount) })),
      ("daily", .array(group.daily.map(day))),
    ])
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
        ("verdict", comparison.verdict.map(JSONValue.string) ?? .null),
      ]
    }
    if let status = row.status { pairs.append(("status", .string(status))) }
    if let newIn = row.newIn { pairs.append(("new_in", .array(newIn.map { .string($0.string) }))) }
    return .object(pairs)
  }

  static func fingerprint(_ row: FingerprintScores, isCount: Bool) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("fingerprint", .string(row.fingerprint.string)),
      ("errors", .integer(row.errors)),
      ("impacted", .integer(row.impacted)),
      ("rate", .number(row.rate)),
    ]
    if isCount { pairs.append(("impacted_fraction", .number(row.impactedFraction))) }
    pairs.append(
      ("first_seen", .object(row.firstSeen.map { ($0.attribute, .string($0.value.string)) })))
    pairs.append(
      (
        "by",
        .object(
          row.by.map { attribute, values in
            (
              attribute,
              .object(
                values.map {
                  (
                    $0.value.string,
                    .object([("errors", .integer($0.errors)), ("rate", .number($0.rate))])
                  )
                })
            )
          })
      ))
    return .object(pairs)
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
