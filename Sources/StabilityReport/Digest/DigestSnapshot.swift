import Foundation
import StabilityCore

/// What a digest compares the next run against (method §6): per group, each
/// value's status and verdicts, the values with uncovered errors and the gap
/// days; and the fingerprints already reported as notable. `run` keeps it in
/// the store (`Store.saveDigestSnapshot`) — the parts of `scores.json` the
/// digest compares, not the whole file, which grows with every fingerprint.
package struct DigestSnapshot: Codable, Sendable, Equatable {
  /// The snapshot format; a newer format than this program reads counts as no snapshot.
  package var schema = 1
  /// The run that saved it.
  package var generatedAt: Int64
  /// One entry per group, in config order.
  package var groups: [Group]
  /// Fingerprints that carried at least 1% of a version's errors, while they
  /// keep errors in the window (reported once, not every night).
  package var notableFingerprints: [String]
  /// Importers that had failed or fallen behind (a recovery is news too).
  package var failingImporters: [String]? = nil

  /// One group's state.
  package struct Group: Codable, Sendable, Equatable {
    package var id: String
    package var values: [Value]
    /// Primary-attribute values with errors but no metric.
    package var uncovered: [String]
    /// Start times of whole UTC days without metric inside the window.
    package var gapDays: [Int64]
    /// Versions with a release hour in the last 30 days (nil in snapshots
    /// from before new releases were reported: then none is called new).
    package var launched: [String]? = nil
  }

  /// One attribute value's state.
  package struct Value: Codable, Sendable, Equatable {
    package var attribute: String
    package var value: String
    package var status: ValueStatus?
    package var verdict: Verdict?
    package var ageVerdict: Verdict?
  }

  /// The snapshot saved as `text`, or nil when there is none or it is of a
  /// format this program does not read (the next digest is then a first run's).
  package static func decode(_ text: String?) -> DigestSnapshot? {
    guard let text,
      let snapshot = try? JSONDecoder().decode(DigestSnapshot.self, from: Data(text.utf8)),
      snapshot.schema == 1
    else { return nil }
    return snapshot
  }

  /// The snapshot as the store keeps it.
  package func encoded() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
  }
}
