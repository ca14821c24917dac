import StabilityCore

extension Store {
  /// The snapshot saved for `reader` (JSON text): `""` for the site's
  /// digest, `notify:<name>` for a `notify` entry; nil before the first.
  package func digestSnapshot(for reader: String) throws -> String? {
    try guarded {
      let statement = try database.prepare(
        "SELECT snapshot FROM digest_snapshots WHERE name = ?")
      try statement.bind(.text(reader))
      return try statement.step() ? statement.text(0) : nil
    }
  }

  /// Replaces `reader`'s digest snapshot with `snapshot`, saved at `time`.
  package func saveDigestSnapshot(_ snapshot: String, for reader: String, at time: Int64) throws {
    try guarded {
      let statement = try database.prepare(
        "INSERT OR REPLACE INTO digest_snapshots(name, saved_at, snapshot) VALUES (?, ?, ?)")
      try statement.bind(.text(reader), .integer(time), .text(snapshot))
      try statement.run()
    }
  }
}
