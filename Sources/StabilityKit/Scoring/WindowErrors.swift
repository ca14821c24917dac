/// The window's error figures by attribute: they do not depend on the metric
/// group, so each is asked of the store once per report however many groups
/// normalize them.
final class WindowErrors {
  private let store: Store
  private let window: ReportWindow
  private var cells: [String: [ErrorCell]] = [:]
  private var seen: [String: [(fingerprint: ByteString, value: ByteString)]] = [:]
  private var hourly: [String: [(hour: Int64, value: ByteString, errors: Int64)]] = [:]

  init(store: Store, window: ReportWindow) {
    self.store = store
    self.window = window
  }

  /// E, I and approximate per (fingerprint, value) of `attribute` in the window.
  func cells(attribute: String, defaultValue: String) throws -> [ErrorCell] {
    try Self.memo(&cells, attribute, defaultValue) {
      try store.errorsByFingerprintAndValue(
        attribute: attribute, defaultValue: defaultValue, start: window.start, end: window.end)
    }
  }

  /// Every value each window fingerprint ever had errors at, anywhere in the store.
  func seen(attribute: String, defaultValue: String) throws
    -> [(fingerprint: ByteString, value: ByteString)]
  {
    try Self.memo(&seen, attribute, defaultValue) {
      try store.valuesEverSeen(
        attribute: attribute, defaultValue: defaultValue, forFingerprintsIn: window.start,
        window.end)
    }
  }

  /// E per (hour, value of `attribute`) in the window, for the daily series.
  func byHour(attribute: String, defaultValue: String) throws
    -> [(hour: Int64, value: ByteString, errors: Int64)]
  {
    try Self.memo(&hourly, attribute, defaultValue) {
      try store.errorsByHour(
        attribute: attribute, defaultValue: defaultValue, start: window.start, end: window.end)
    }
  }

  private static func memo<T>(
    _ cache: inout [String: T], _ attribute: String, _ defaultValue: String, load: () throws -> T
  ) throws -> T {
    let key = "\(attribute.utf8.count):\(attribute)\(defaultValue)"
    if let known = cache[key] { return known }
    let loaded = try load()
    cache[key] = loaded
    return loaded
  }
}
