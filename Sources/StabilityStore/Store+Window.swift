import StabilityCore

/// One hour bucket of errors, by the store's integer ids.
package struct ErrorBucketRow: Sendable {
  /// Start of the UTC hour.
  package var hour: Int64
  /// `fingerprints.id`.
  package var fingerprintID: Int64
  /// `attribute_sets.id`.
  package var attributeSetID: Int64
  /// Σ count.
  public var count: Int64
  /// Σ impacted.
  package var impacted: Int64
  /// Whether any row lacked impacted.
  package var approximate: Bool
}

/// Raw reads for a report window by integer ids: one range scan of the
/// window's error buckets, then point lookups for the few texts it needs.
/// The report combines them in memory (`WindowErrors`), which is cheaper
/// than one `GROUP BY` with joins per attribute.
extension Store {
  /// The value of attribute `name` in every attribute set that has it.
  package func attributeValues(named name: String) throws -> [Int64: ByteString] {
    try guarded {
      let statement = try database.prepare(
        "SELECT set_id, value FROM attribute_values WHERE name = ?")
      try statement.bind(.text(name))
      var values: [Int64: ByteString] = [:]
      while try statement.step() {
        values[statement.integer(0)] = ByteString(statement.text(1) ?? "")
      }
      return values
    }
  }

  /// The text of each fingerprint id in `ids`.
  package func fingerprintTexts(_ ids: some Sequence<Int64>) throws -> [Int64: ByteString] {
    try guarded {
      let statement = try database.prepare("SELECT fingerprint FROM fingerprints WHERE id = ?")
      var texts: [Int64: ByteString] = [:]
      for id in ids {
        statement.reset()
        statement.bind(integer: id, at: 1)
        if try statement.step() { texts[id] = ByteString(statement.text(0) ?? "") }
      }
      return texts
    }
  }

  /// The attribute sets each fingerprint in `ids` has errors with anywhere
  /// in the store (`error_series`), for first_seen.
  package func attributeSetsEverSeen(_ ids: some Sequence<Int64>) throws -> [(
    fingerprintID: Int64, attributeSetID: Int64
  )] {
    try guarded {
      let statement = try database.prepare(
        "SELECT attribute_set_id FROM error_series WHERE fingerprint_id = ?")
      var pairs: [(Int64, Int64)] = []
      for id in ids {
        statement.reset()
        statement.bind(integer: id, at: 1)
        while try statement.step() { pairs.append((id, statement.integer(0))) }
      }
      return pairs
    }
  }
}

/// The window's error reads, from the counted importers only.
extension CountedStore {
  /// How many error buckets (of every importer) have an hour in
  /// `[start, end)`: a count over the primary key's range, to size tables.
  package func errorBucketCount(start: Int64, end: Int64) throws -> Int {
    try store.guarded {
      let statement = try store.database.prepare(
        "SELECT count(*) FROM error_buckets WHERE hour >= ? AND hour < ?")
      statement.bind(integer: start, at: 1)
      statement.bind(integer: end, at: 2)
      return try statement.step() ? Int(statement.integer(0)) : 0
    }
  }

  /// Calls `body` for every error bucket with an hour in `[start, end)`.
  package func forEachErrorBucket(
    start: Int64, end: Int64, _ body: (ErrorBucketRow) throws -> Void
  ) throws {
    try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT hour, fingerprint_id, attribute_set_id, count, impacted, approximate
        FROM error_buckets b WHERE hour >= ? AND hour < ?\(filter("b"))
        """)
      statement.bind(integer: start, at: 1)
      statement.bind(integer: end, at: 2)
      while try statement.step() {
        try body(
          ErrorBucketRow(
            hour: statement.integer(0), fingerprintID: statement.integer(1),
            attributeSetID: statement.integer(2), count: statement.integer(3),
            impacted: statement.integer(4), approximate: statement.integer(5) != 0))
      }
    }
  }

  /// E per hour with errors in `[start, end)` for each fingerprint in
  /// `fingerprints`, from the counted importers only: point lookups by (hour, fingerprint) on the primary
  /// key, so the cost follows hours × fingerprints, not the window's buckets.
  package func errorsPerHour(of fingerprints: [ByteString], start: Int64, end: Int64) throws
    -> [(fingerprint: ByteString, hour: Int64, errors: Int64)]
  {
    try store.guarded {
      let id = try store.database.prepare("SELECT id FROM fingerprints WHERE fingerprint = ?")
      let sum = try store.database.prepare(
        "SELECT coalesce(sum(count), 0) FROM error_buckets WHERE hour = ? AND fingerprint_id = ?"
          + filter("error_buckets"))
      let firstHour = UTCTime.floorToHour(start) + (UTCTime.floorToHour(start) < start ? 3600 : 0)
      var rows: [(ByteString, Int64, Int64)] = []
      for fingerprint in fingerprints {
        id.reset()
        try id.bind(.text(fingerprint.string))
        guard try id.step() else { continue }
        let fingerprintID = id.integer(0)
        for hour in stride(from: firstHour, to: end, by: 3600) {
          sum.reset()
          sum.bind(integer: hour, at: 1)
          sum.bind(integer: fingerprintID, at: 2)
          if try sum.step(), sum.integer(0) != 0 {
            rows.append((fingerprint, hour, sum.integer(0)))
          }
        }
      }
      return rows
    }
  }
}
