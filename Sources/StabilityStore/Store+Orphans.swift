import StabilityCore

/// An importer whose data is in the store but not counted: its name is no
/// longer in the config (renamed or removed, issue 22), or the importer of
/// that name now has another kind or target (its data from before is
/// retired). `status` and the pages name it; `stability prune` deletes it.
package struct OrphanImporter: Sendable, Equatable {
  /// Its id in the store's `importers` table.
  let id: Int64
  /// The importer's name in the store.
  public let name: String
  /// What the orphaned data fed, when an importer of that name still exists
  /// and feeds something else now.
  package let formerTarget: StoredTarget?
  /// Its metric and error hour buckets.
  package let buckets: Int64
}

extension Store {
  /// This store as a report reads it: only `configured` importers' data
  /// counts (method §2, "An importer is its name, kind and target").
  package func counting(_ configured: [StoredImporter]) throws -> CountedStore {
    CountedStore(store: self, orphans: try orphanImporters(configured: configured))
  }

  /// Importers with data in the store that are not `configured`: retired
  /// rows, and rows whose name, kind or target no configured importer has.
  /// A config without importers reports on a store another config fills
  /// (a CI gate's, say): for it every importer counts and none is an orphan.
  package func orphanImporters(configured: [StoredImporter]) throws -> [OrphanImporter] {
    guard !configured.isEmpty else { return [] }
    let byName = Dictionary(configured.map { ($0.name, $0) }) { first, _ in first }
    return try guarded {
      // Only orphans' buckets are counted (a scan of their rows): the
      // configured importers cost one read of the small importers table.
      let rows = try database.prepare(
        "SELECT id, name, kind, target, retired FROM importers ORDER BY name, id")
      var orphans: [OrphanImporter] = []
      while try rows.step() {
        let name = rows.text(1) ?? ""
        let kind = rows.text(2) ?? ""
        let target = rows.isNull(3) ? nil : rows.text(3)
        let current = byName[name]
        if rows.integer(4) == 0, current?.matches(kind: kind, target: target) == true { continue }
        orphans.append(
          OrphanImporter(
            id: rows.integer(0), name: name,
            formerTarget: current == nil ? nil : StoredTarget(code: target, kind: kind),
            buckets: try bucketCount(importer: rows.integer(0))))
      }
      return orphans
    }
  }

  /// Configured importers whose active row was stored with another kind or
  /// target: what `run` and `import` retire before reading (said by them
  /// and by `validate`). Reads only.
  package func importerChanges(configured: [StoredImporter]) throws -> [ImporterChange] {
    try guarded {
      let rows = try database.prepare(
        "SELECT id, kind, target FROM importers WHERE name = ? AND retired = 0")
      var changes: [ImporterChange] = []
      for importer in configured {
        rows.reset()
        try rows.bind(.text(importer.name))
        guard try rows.step() else { continue }
        let kind = rows.text(1) ?? ""
        let target = rows.isNull(2) ? nil : rows.text(2)
        guard !importer.matches(kind: kind, target: target) else { continue }
        let days = try database.prepare(
          """
          SELECT count(DISTINCT hour / 86400) FROM (
            SELECT hour FROM metric_buckets WHERE importer_id = ?1
            UNION ALL SELECT hour FROM error_buckets WHERE importer_id = ?1)
          """)
        try days.bind(.integer(rows.integer(0)), at: 1)
        _ = try days.step()
        changes.append(
          ImporterChange(
            name: importer.name, from: StoredTarget(code: target, kind: kind),
            to: StoredTarget(code: importer.target, kind: importer.kind),
            days: days.integer(0)))
      }
      return changes
    }
  }

  private func bucketCount(importer id: Int64) throws -> Int64 {
    let count = try database.prepare(
      """
      SELECT (SELECT count(*) FROM metric_buckets WHERE importer_id = ?1)
        + (SELECT count(*) FROM error_buckets WHERE importer_id = ?1)
      """)
    try count.bind(.integer(id), at: 1)
    _ = try count.step()
    return count.integer(0)
  }

  /// Deletes the buckets and state of importers not in `configured`, in one
  /// transaction; returns what was deleted.
  package func prune(configured: [StoredImporter]) throws -> [OrphanImporter] {
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
}

/// The store as a report reads it: every read that must leave out the data
/// of importers that are not configured (renamed, removed, retired) is a
/// method of this type, so no reader can forget to — the filter is part of
/// the value, not state a caller had to set first.
package struct CountedStore {
  /// The store.
  package let store: Store
  /// The importers whose data is left out.
  package let orphans: [OrphanImporter]

  /// ` AND <alias>.importer_id NOT IN (…)` for the orphans, or nothing: ids
  /// are integers from the store, never text from outside.
  func filter(_ alias: String) -> String {
    orphans.isEmpty
      ? ""
      : " AND \(alias).importer_id NOT IN (\(orphans.map { String($0.id) }.joined(separator: ",")))"
  }
}
