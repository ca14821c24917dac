import StabilityCore

/// The words a reader sees for the typed domain: the one place verdicts and
/// statuses become text (their raw codes are what files keep).
extension Verdict {
  /// `regressed`, `improved`, `unchanged`, `not enough evidence yet`,
  /// `insufficient data`.
  var words: String {
    switch self {
    case .regressed: "regressed"
    case .improved: "improved"
    case .unchanged: "unchanged"
    case .inconclusive: "not enough evidence yet"
    case .insufficientData: "insufficient data"
    }
  }
}

extension ValueStatus {
  /// `no data`, `insufficient data`, `critical`, `below target`, `ok`.
  var words: String {
    switch self {
    case .noData: "no data"
    case .insufficientData: "insufficient data"
    case .critical: "critical"
    case .belowTarget: "below target"
    case .ok: "ok"
    }
  }
}

extension DigestEvent {
  /// How an event is named in the digest's text, for `count` items.
  func label(count: Int = 1) -> String {
    let plural = count != 1
    switch self {
    case .regressed: return "regressed"
    case .critical: return "critical"
    case .belowTarget: return "below target"
    case .newRelease: return plural ? "new releases" : "new release"
    case .recovered: return "recovered"
    case .newFingerprint: return plural ? "new fingerprints" : "new fingerprint"
    case .importerFailed: return plural ? "importers failed" : "importer failed"
    case .stale: return "stale"
    case .lateData: return "late data"
    case .uncovered: return "uncovered"
    }
  }
}
