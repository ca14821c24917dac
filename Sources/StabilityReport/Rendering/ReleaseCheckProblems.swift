import StabilityCore

extension ReleaseCheck.RequestProblem {
  /// The problem as a usage error (exit 2) saying what to type instead.
  package var usageError: UsageError {
    switch self {
    case .unknownGroup(let id, let known):
      UsageError(
        "no metric group named `\(id)`."
          + (closest(to: id, in: known).map { " Did you mean `\($0)`?" } ?? "")
          + " Groups: \(known.joined(separator: ", ")).")
    case .noAttribute(let group): UsageError("group `\(group)` links no attribute to check.")
    case .stabilityOfAmountGroup(let group, let per):
      UsageError(
        "--min-stability applies to count groups; `\(group)` is an amount group: use --max-rate "
          + "(errors per \(String(format: "%g", per))).")
    case .minStabilityOutOfRange(let value):
      UsageError(
        "--min-stability \(DisplayFormat.plain(value)) is not a stability percent in (50, 100], "
          + "e.g. 99.5."
          + (value > 0.5 && value <= 1
            ? " Did you mean \(DisplayFormat.plain((value * 1e8).rounded() / 1e6))? It is a percent."
            : ""))
    case .maxRateInvalid(let value):
      UsageError(
        "--max-rate \(DisplayFormat.plain(value)) is not a rate: give a finite number ≥ 0 in the "
          + "units the pages show (percent for count groups, errors per `per` for amounts).")
    case .noThreshold(let group):
      UsageError(
        "give a threshold: --min-stability P (percent) or --max-rate R, or set `target` on group "
          + "`\(group)`.")
    }
  }
}
