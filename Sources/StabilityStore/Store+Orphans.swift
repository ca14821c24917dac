import StabilityCore

/// An importer whose data is in the store but whose name is no longer in
/// the config (renamed or removed): its buckets never count (issue 22),
/// `status` and the pages name it, and `stability prune` deletes it.
public struct OrphanImporter: Sendable, Equatable {
  /// Its id in the store's `importers` table.
  let id: Int64
  /// The importer's name in the store.
  public let name: String
  /// Its metric and error hour buckets.
  public let buckets: Int64

  /// What to tell a user about it; names between `quote`s.
  public func sentence(quote: String) -> String {
    "importer \(quote)\(name)\(quote) is no longer in the config: its \(buckets) hour buckets "
      + "are not counted. If it was renamed, the new name re-imports its span; "
      + "\(quote)stability prune\(quote) deletes the old data."
  }
}

extension Store {
  /// Makes every report read of this store leave out the data of importers
  /// not named in `configured`, and returns those importers. Without any,
  /// the reads are unchanged.
  @discardableResult
  public func countOnly(importers configured: [String]) throws -> [OrphanImporter] {
    let orphans = try orphanImporters(configured: configured)
    excludedImporterIDs = orphans.map(\.id)
    return orphans
  }

  /// Importers with data in the store but not in `configured`, by name.
  /// A config without importers reports on a store another config fills
  /// (a CI gate's, say): for it every importer counts and none is an orphan.
  public func orphanImporters(configured: [String]) throws -> [OrphanImporter] {
    guard !configured.isEmpty else { return [] }
    let known = Set(configured)
    return try guarded {
      // Only orphans' buckets are counted (a scan of their rows): the
      // configured importers cost one read of the small importers table.
      let names = try database.prepare("SELECT id, name FROM importers ORDER BY name")
      var orphans: [OrphanImporter] = []
      while try names.step() {
        guard !known.contains(names.text(1) ?? "") else { continue }
        let count = try database.prepare(
          """
          SELECT (SELECT count(*) FROM metric_buckets WHERE importer_id = ?1)
            + (SELECT count(*) FROM error_buckets WHERE importer_id = ?1)
          """)
        try count.bind(.integer(names.integer(0)), at: 1)
        _ = try count.step()
        orphans.append(
          OrphanImporter(id: names.integer(0), name: names.text(1) ?? "", buckets: count.integer(0))
        )
      }
      return orphans
    }
  }

  /// Deletes the buckets and state of importers not in `configured`, in one
  /// transaction; returns what was deleted.
  public func prune(configured: [String]) throws -> [OrphanImporter] {
    try guarded {
      try database.transaction {
        let orphans = try orphanImporters(configured: configured)
        for orphan in orphans {
          try deleteBuckets(importer: orphan.id, start: .min, end: .max)
          let delete = try database.prepare("DELETE FROM importers WHERE id = ?")
          try delete.bind(.integer(orphan.id))
          try delete.run()
        }
        if !orphans.isEmpty {
          try refreshHourlyValues(kind: "metric", start: .min, end: .max)
          try refreshHourlyValues(kind: "errors", start: .min, end: .max)
        }
        ids = StoreIDCache()
        return orphans
      }
    }
  }

  /// ` AND <alias>.importer_id NOT IN (…)` for the excluded importers, or
  /// nothing: ids are integers from the store, never text from outside.
  func countedImportersFilter(_ alias: String) -> String {
    excludedImporterIDs.isEmpty
      ? ""
      : " AND \(alias).importer_id NOT IN (\(excludedImporterIDs.map(String.init).joined(separator: ",")))"
  }
}
