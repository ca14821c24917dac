/// What a digest line is about (method §6 digest), in the order a digest lists
/// them; `notify` entries filter on these names with `on:`.
package enum DigestEvent: String, CaseIterable, Sendable, Codable {
  /// A version newly regressed against its baseline (calendar or age-matched).
  case regressed
  /// A count group's version whose status became critical.
  case critical
  /// A count group's version whose status fell from ok to below target.
  case belowTarget = "below_target"
  /// A version that has a release hour now and had none at the last run,
  /// with its first hours' figures and what the gate would say today.
  case newRelease = "new_release"
  /// A fingerprint newly carrying at least 1% of a version's errors.
  case newFingerprint = "new_fingerprint"
  /// An importer whose last run failed or that never imported.
  case importerFailed = "importer_failed"
  /// An importer more than twice its period behind, or a new gap in the window.
  case stale
  /// Data later than an importer's overlap, counted by its day's re-read.
  case lateData = "late_data"
  /// Errors newly at versions without metric (not in the group's rate).
  case uncovered
  /// A version that got better: its status rose, or it is no longer regressed.
  case recovered
}

/// Where a digest goes: the kind of receiver.
package enum NotifyType: String, CaseIterable, Sendable {
  /// A Slack incoming webhook: `{"text": …}` in mrkdwn.
  case slack
  /// Any HTTP endpoint: the digest JSON (`digest.json`'s content).
  case webhook
}

/// One `notify` entry (method §2.0): the digest posted after each `run`.
package struct NotifyConfig: Sendable {
  /// The entry's name (`stability notify --test NAME`).
  public var name: String
  /// Slack or a generic webhook.
  package var type: NotifyType
  /// The environment variable holding the URL: the URL is a secret.
  package var urlVariable: String
  /// The events posted; every event when the config lists none.
  public var events: Set<DigestEvent>
  /// Post nothing on a day with nothing to act on.
  package var quiet: Bool
  /// How long one try may take (connecting included).
  package var timeout: TimeSpan
  /// The entry's line in the config file.
  package var line: Int
}
