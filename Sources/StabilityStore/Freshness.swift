import StabilityCore

/// Whether an importer's data is current, shared by `status` and the pages.
public enum Freshness {
  /// Behind: never succeeded, or no success for more than twice its period.
  public static func isBehind(_ importer: ImporterConfig, state: ImporterState?, now: Int64) -> Bool
  {
    guard let lastSuccess = state?.lastSuccess else { return true }
    return now - lastSuccess > 2 * importer.period.seconds
  }
}
