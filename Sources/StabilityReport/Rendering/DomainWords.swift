/// The words a reader sees for the typed domain: the one place verdicts and
/// statuses become text (their raw codes are what files keep).
extension Verdict {
  /// `regressed`, `improved`, `unchanged`, `insufficient data`.
  var words: String {
    switch self {
    case .regressed: "regressed"
    case .improved: "improved"
    case .unchanged: "unchanged"
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
