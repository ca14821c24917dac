import StabilityCore

/// An importer as the store knows it (README, "How importers run"): its
/// name, kind and target. A change of kind or target is a new importer — the
/// old one's buckets stop counting (an orphan until `stability prune`) and the
/// new one reads its history from scratch — so a moved or reused name never
/// counts twice or inherits another importer's watermark.
package struct StoredImporter: Sendable, Hashable {
  /// The configured name.
  public let name: String
  /// `metric` or `errors` (`seed` for data tests write directly).
  package let kind: String
  /// What it feeds: `group sessions`, `metric minutesPlayed-version3.16.2`, `errors`.
  package let target: String

  /// The identity of a configured importer.
  public init(_ importer: ImporterConfig) {
    name = importer.name
    switch importer.target {
    case .group(let id): (kind, target) = ("metric", "group \(id)")
    case .metric(let metric): (kind, target) = ("metric", "metric \(metric)")
    case .errors: (kind, target) = ("errors", "errors")
    }
  }

  /// An identity as given (test data written without a config).
  public init(name: String, kind: String, target: String) {
    self.name = name
    self.kind = kind
    self.target = target
  }

  /// Whether a stored row (`kind`, `target`; nil from before targets were
  /// kept, taken as this importer's) is this importer.
  func matches(kind storedKind: String, target storedTarget: String?) -> Bool {
    storedKind == kind && (storedTarget ?? target) == target
  }
}

/// What an importer's stored data fed, read back from the code the store
/// keeps (`group sessions`, `metric m`, `errors`): the one place that code
/// is parsed, so readers switch on a value instead of matching text.
package enum StoredTarget: Sendable, Equatable {
  /// A metric group.
  case group(String)
  /// A declared metric.
  case metric(String)
  /// Error counts.
  case errors
  /// A row from before targets were kept (only its kind is known), or data
  /// written without a config (tests).
  case unknown(kind: String)

  /// The target of a stored row: its code, or its kind when it has none.
  init(code: String?, kind: String) {
    guard let code else { self = kind == "errors" ? .errors : .unknown(kind: kind); return }
    if code == "errors" {
      self = .errors
    } else if code.hasPrefix("group ") {
      self = .group(String(code.dropFirst(6)))
    } else if code.hasPrefix("metric ") {
      self = .metric(String(code.dropFirst(7)))
    } else {
      self = .unknown(kind: kind)
    }
  }
}

/// A configured importer whose stored data was made with another kind or
/// target (method §2 importer identity): that data no longer counts and the
/// importer re-reads its history.
package struct ImporterChange: Sendable, Equatable {
  /// The importer's name.
  public let name: String
  /// What its stored data feeds, and what it feeds now.
  package let from: StoredTarget, to: StoredTarget
  /// Distinct UTC days with stored buckets under the old identity.
  package let days: Int64
}
