import StabilityCore

extension Store {
  /// The snapshot the last `run` saved for its digest (JSON text), or nil
  /// before the first run.
  public func digestSnapshot() throws -> String? {
    try guarded {
      let statement = try database.prepare("SELECT snapshot FROM digest_snapshot WHERE id = 1")
      return try statement.step() ? statement.text(0) : nil
    }
  }

  /// Replaces the digest snapshot with `snapshot`, saved at `time`.
  public func saveDigestSnapshot(_ snapshot: String, at time: Int64) throws {
    try guarded {
      let statement = try database.prepare(
        "INSERT OR REPLACE INTO digest_snapshot(id, saved_at, snapshot) VALUES (1, ?, ?)")
      try statement.bind(.integer(time), .text(snapshot))
      try statement.run()
    }
  }
}
