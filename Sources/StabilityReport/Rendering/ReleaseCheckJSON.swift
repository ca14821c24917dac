import StabilityCore
import StabilityStore

extension ReleaseCheck {
  /// `check --format json`: one object a pipeline can post — what was
  /// checked and why, its figures, the thresholds, the verdict, the
  /// freshness problems, the line and the exit code.
  package func json(
    for outcome: Outcome, choice: LatestChoice?, stale: [String], allowStale: Bool,
    window: ReportWindow
  ) -> JSONValue {
    let status = status(for: outcome, stale: stale, allowStale: allowStale)
    var pairs: [(String, JSONValue)] = [
      ("group", .string(group.id)), ("attribute", .string(attribute.name)),
    ]
    var verdict: String
    var decision = outcome.decision.rawValue
    switch outcome {
    case .noData(let subject):
      pairs.append(("value", .string(Self.words(subject))))
      verdict = "no data"
    case .insufficient(let value, let metric):
      pairs += [("value", .string(value)), ("metric", .number(metric))]
      verdict = "insufficient data"
    case .notComparable(let value, _):
      pairs.append(("value", .string(value)))
      verdict = "not comparable"
    case .checked(let row, _, _, _):
      pairs += [
        ("value", .string(row.value.string)), ("metric", .number(row.metric)),
        ("errors", .integer(row.errors)), ("impacted", .integer(row.impacted)),
        ("impacted_basis", .string(row.impactedBasis.rawValue)),
        ("rate", .number(row.rate)), ("rate_low", .number(row.rateLow)),
        ("rate_high", .number(row.rateHigh)), ("stability", .number(row.stability)),
        ("stability_low", .number(row.stabilityLow)),
        ("stability_high", .number(row.stabilityHigh)),
      ]
      verdict = outcome.decision.rawValue
      if case .checked(_, let stability, let rate, _) = outcome {
        pairs.append(
          (
            "evidence",
            .object(
              [("stability", stability), ("rate", rate)].compactMap { name, found in
                found.map { (name, Self.json($0)) }
              })
          ))
      }
    }
    if !stale.isEmpty, !allowStale {
      verdict = "not checked"
      decision = Decision.hold.rawValue
    }
    pairs += [
      ("chosen", .string(choice.map(words) ?? "named with --version")),
      (
        "window",
        .object([
          ("start", .string(UTCTime.iso8601(window.start))),
          ("end", .string(UTCTime.iso8601(window.end))),
        ])
      ),
      (
        "thresholds",
        .object([
          ("min_stability_percent", .number(minStability)),
          ("max_rate", .number(maxRate)),
        ])
      ),
      ("decision", .string(decision)),
      (
        "late_arrivals",
        .array(
          lateArrivals.map {
            .object([
              ("importer", .string($0.importer)), ("lateness_seconds", .integer($0.lateness)),
              ("since", .string(UTCTime.iso8601($0.since))),
            ])
          })
      ),
      ("data_through", dataThrough.map { .string(UTCTime.iso8601($0)) } ?? .null),
      ("verdict", .string(verdict)),
      ("stale", .array(stale.map(JSONValue.string))), ("allow_stale", .bool(allowStale)),
      (
        "line",
        .string(
          line(for: outcome, choice: choice, stale: stale, allowStale: allowStale, window: window))
      ),
      ("exit", .integer(Int64(status.rawValue))),
    ]
    return .object(pairs)
  }

  /// One threshold's decision for JSON: `{"decision": "hold", "more_metric": 626}`;
  /// a lower-bound stability below its threshold `{"decision": "hold", "lower_bound": true}`.
  private static func json(_ decision: ThresholdDecision) -> JSONValue {
    switch decision {
    case .pass: .object([("decision", .string("pass"))])
    case .fail: .object([("decision", .string("fail"))])
    case .hold(let more): .object([("decision", .string("hold")), ("more_metric", .number(more))])
    case .belowAsLowerBound: .object([("decision", .string("hold")), ("lower_bound", .bool(true))])
    }
  }
}
