/// The store's tables, as forward migrations; `PRAGMA user_version` records
/// how many have run. Append new migrations; never edit a released one.
///
/// Buckets are clustered by hour first (WITHOUT ROWID, primary key starting
/// with `hour`): a report reads one contiguous range for its window, an
/// importer's replace deletes one hour range, and imports append in order.
enum StoreSchema {
  static let migrations: [String] = [
    """
    CREATE TABLE importers(
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      watermark INTEGER,
      last_run INTEGER,
      last_success INTEGER,
      last_error TEXT,
      last_start INTEGER,
      last_end INTEGER,
      rows_imported INTEGER NOT NULL DEFAULT 0,
      rows_rejected INTEGER NOT NULL DEFAULT 0,
      rejected_reasons TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE attribute_sets(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
    CREATE TABLE attribute_values(
      set_id INTEGER NOT NULL REFERENCES attribute_sets(id),
      name TEXT NOT NULL,
      value TEXT NOT NULL,
      PRIMARY KEY(set_id, name)
    ) WITHOUT ROWID;
    CREATE TABLE metrics(
      id INTEGER PRIMARY KEY,
      group_id TEXT NOT NULL,
      name TEXT NOT NULL,
      attribute_set_id INTEGER NOT NULL REFERENCES attribute_sets(id),
      UNIQUE(group_id, name, attribute_set_id)
    );
    CREATE TABLE metric_buckets(
      hour INTEGER NOT NULL,
      metric_id INTEGER NOT NULL REFERENCES metrics(id),
      importer_id INTEGER NOT NULL REFERENCES importers(id),
      value REAL NOT NULL,
      PRIMARY KEY(hour, metric_id, importer_id)
    ) WITHOUT ROWID;
    CREATE TABLE fingerprints(id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL UNIQUE);
    CREATE TABLE error_buckets(
      hour INTEGER NOT NULL,
      fingerprint_id INTEGER NOT NULL REFERENCES fingerprints(id),
      attribute_set_id INTEGER NOT NULL REFERENCES attribute_sets(id),
      importer_id INTEGER NOT NULL REFERENCES importers(id),
      count INTEGER NOT NULL,
      impacted INTEGER NOT NULL,
      approximate INTEGER NOT NULL,
      PRIMARY KEY(hour, fingerprint_id, attribute_set_id, importer_id)
    ) WITHOUT ROWID;
    -- Every (fingerprint, attribute set) with errors anywhere in the store
    -- (buckets = how many of its buckets have count > 0), so first_seen
    -- never scans history.
    CREATE TABLE error_series(
      fingerprint_id INTEGER NOT NULL,
      attribute_set_id INTEGER NOT NULL,
      buckets INTEGER NOT NULL,
      PRIMARY KEY(fingerprint_id, attribute_set_id)
    ) WITHOUT ROWID;
    CREATE TRIGGER error_series_added AFTER INSERT ON error_buckets WHEN NEW.count > 0 BEGIN
      INSERT INTO error_series VALUES (NEW.fingerprint_id, NEW.attribute_set_id, 1)
        ON CONFLICT(fingerprint_id, attribute_set_id) DO UPDATE SET buckets = buckets + 1;
    END;
    CREATE TRIGGER error_series_removed AFTER DELETE ON error_buckets WHEN OLD.count > 0 BEGIN
      UPDATE error_series SET buckets = buckets - 1
        WHERE fingerprint_id = OLD.fingerprint_id AND attribute_set_id = OLD.attribute_set_id;
      DELETE FROM error_series
        WHERE fingerprint_id = OLD.fingerprint_id AND attribute_set_id = OLD.attribute_set_id
          AND buckets <= 0;
    END;
    CREATE TABLE run_log(
      id INTEGER PRIMARY KEY,
      command TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      finished_at INTEGER NOT NULL,
      exit_code INTEGER NOT NULL,
      summary TEXT NOT NULL
    );
    """,
    // `error_series` is kept by the importer in bulk (one upsert per series
    // per run, not a trigger per bucket); see `Store.replace`.
    """
    DROP TRIGGER error_series_added;
    DROP TRIGGER error_series_removed;
    """,
    // Hourly sums per attribute value (method §3 release hour, age-matched
    // comparison, release history), kept by every import for its span
    // (`Store.refreshHourlyValues`): a version's first hours are index seeks,
    // never a scan of the store's history.
    """
    CREATE TABLE group_hours(
      group_id TEXT NOT NULL, hour INTEGER NOT NULL, importer_id INTEGER NOT NULL,
      metric REAL NOT NULL,
      PRIMARY KEY(group_id, hour, importer_id)
    ) WITHOUT ROWID;
    CREATE TABLE value_hours(
      hour INTEGER NOT NULL, group_id TEXT NOT NULL, attribute TEXT NOT NULL,
      value TEXT NOT NULL, importer_id INTEGER NOT NULL, metric REAL NOT NULL,
      PRIMARY KEY(hour, group_id, attribute, value, importer_id)
    ) WITHOUT ROWID;
    CREATE INDEX value_hours_by_value ON value_hours(group_id, attribute, value, hour);
    CREATE TABLE error_value_hours(
      hour INTEGER NOT NULL, attribute TEXT NOT NULL, value TEXT NOT NULL,
      importer_id INTEGER NOT NULL, count INTEGER NOT NULL, impacted INTEGER NOT NULL,
      PRIMARY KEY(hour, attribute, value, importer_id)
    ) WITHOUT ROWID;
    CREATE INDEX error_value_hours_by_value ON error_value_hours(attribute, value, hour);
    INSERT INTO group_hours
      SELECT m.group_id, b.hour, b.importer_id, sum(b.value) FROM metric_buckets b
      JOIN metrics m ON m.id = b.metric_id GROUP BY 1, 2, 3;
    INSERT INTO value_hours
      SELECT b.hour, m.group_id, v.name, v.value, b.importer_id, sum(b.value) FROM metric_buckets b
      JOIN metrics m ON m.id = b.metric_id JOIN attribute_values v ON v.set_id = m.attribute_set_id
      GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO error_value_hours
      SELECT b.hour, v.name, v.value, b.importer_id, sum(b.count), sum(b.impacted)
      FROM error_buckets b JOIN attribute_values v ON v.set_id = b.attribute_set_id
      GROUP BY 1, 2, 3, 4;
    """,
    // What the last `run`'s digest compared against and reported (method §6):
    // one row, replaced by each run after it published its site.
    """
    CREATE TABLE digest_snapshot(
      id INTEGER PRIMARY KEY CHECK (id = 1),
      saved_at INTEGER NOT NULL,
      snapshot TEXT NOT NULL
    );
    """,
    // One snapshot per reader of the digest: the site's (name '') and each
    // `notify` entry's, advanced only when that entry's post got through,
    // so a failed post is reported again by the next run.
    """
    CREATE TABLE digest_snapshots(
      name TEXT PRIMARY KEY,
      saved_at INTEGER NOT NULL,
      snapshot TEXT NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO digest_snapshots SELECT '', saved_at, snapshot FROM digest_snapshot;
    DROP TABLE digest_snapshot;
    """,
    // An importer is its name, kind and target (`StoredImporter`): a row
    // whose importer changed kind or target is retired, not reused, so one
    // name may have retired rows beside its one active row. `target` is
    // NULL for rows made before it was kept (adopted at their next run).
    """
    CREATE TABLE importers_by_identity(
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      target TEXT,
      retired INTEGER NOT NULL DEFAULT 0,
      watermark INTEGER,
      last_run INTEGER,
      last_success INTEGER,
      last_error TEXT,
      last_start INTEGER,
      last_end INTEGER,
      rows_imported INTEGER NOT NULL DEFAULT 0,
      rows_rejected INTEGER NOT NULL DEFAULT 0,
      rejected_reasons TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO importers_by_identity(
      id, name, kind, watermark, last_run, last_success, last_error, last_start, last_end,
      rows_imported, rows_rejected, rejected_reasons)
    SELECT id, name, kind, watermark, last_run, last_success, last_error, last_start, last_end,
      rows_imported, rows_rejected, rejected_reasons FROM importers;
    DROP TABLE importers;
    ALTER TABLE importers_by_identity RENAME TO importers;
    CREATE UNIQUE INDEX importers_active_name ON importers(name) WHERE retired = 0;
    """,
    // A count group's metric rows may say how many of their units had an
    // error (method §2.1 `impacted`): kept per bucket, NULL where a row had
    // no figure. `value_hours` keeps the sum and how many buckets lack one,
    // so a version's exact I(v) over any hours is an index seek.
    """
    ALTER TABLE metric_buckets ADD COLUMN impacted INTEGER;
    ALTER TABLE value_hours ADD COLUMN impacted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE value_hours ADD COLUMN unmeasured INTEGER NOT NULL DEFAULT 0;
    DELETE FROM value_hours;
    INSERT INTO value_hours
      SELECT b.hour, m.group_id, v.name, v.value, b.importer_id, sum(b.value), 0, count(*)
      FROM metric_buckets b JOIN metrics m ON m.id = b.metric_id
      JOIN attribute_values v ON v.set_id = m.attribute_set_id
      GROUP BY 1, 2, 3, 4, 5;
    """,
    // Late data (method §2.2 step 10): when an importer last re-read its
    // `reread` span, what that re-read found later than the overlap, and
    // the oldest such data seen (seconds behind the watermark).
    """
    ALTER TABLE importers ADD COLUMN last_reread INTEGER;
    ALTER TABLE importers ADD COLUMN late_amount REAL NOT NULL DEFAULT 0;
    ALTER TABLE importers ADD COLUMN max_lateness INTEGER;
    """,
    // What a count group's importer's re-read found late in `impacted`:
    // crash reports for older sessions (method §2.2 step 10).
    """
    ALTER TABLE importers ADD COLUMN late_impacted REAL NOT NULL DEFAULT 0;
    """,
  ]
}
