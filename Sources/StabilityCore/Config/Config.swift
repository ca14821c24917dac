/// A validated `stability.yaml` with every default filled in (method §2.0).
package struct Config: Sendable {
  /// The config file's path as given.
  package var file: String
  /// The directory relative paths in the config are resolved against.
  public internal(set) var directory: String
  /// The project's display name.
  package var project: String
  /// Absolute path of the embedded store (default `.stability/store.db`).
  package var storePath: String
  /// Metric sources, in config order.
  package var sources: [SourceConfig]
  /// Metric groups, in config order (also the order of `groups` in scores.json).
  package var groups: [MetricGroup]
  /// Explicitly declared metrics.
  package var metrics: [MetricDefinition]
  /// Metric and error importers, in config order.
  package var importers: [ImporterConfig]
  /// Report defaults.
  package var report: ReportSettings
  /// Markdown annotations per fingerprint.
  package var annotations: [ByteString: String]
  /// Where `run` posts its digest, in config order.
  package var notify: [NotifyConfig] = []

  /// Whether `importer` stores metric of group `group` (a group importer of
  /// it, or one filling a metric of it); error importers feed no group.
  package func feeds(_ importer: ImporterConfig, metricOf group: String) -> Bool {
    switch importer.target {
    case .group(let id): id == group
    case .metric(let name): metric(named: name)?.group == group
    case .errors: false
    }
  }

  /// Paths a published site must never replace (README, "The site"): the
  /// config's folder (which may hold the site), the `static/` folder copied
  /// into every site and the notes (which may not), the store and every
  /// sqlite source's database.
  package var pathsToProtect: [ProtectedPath] {
    [
      ProtectedPath(path: directory, what: "the config's folder", mayHoldSite: true),
      ProtectedPath(path: directory + "/static", what: "the static/ folder", mayHoldSite: false),
      ProtectedPath(path: storePath, what: "the store", mayHoldSite: false),
    ]
      + (report.notes.map { [ProtectedPath(path: $0, what: "the notes", mayHoldSite: false)] } ?? [])
      + sources.compactMap { source in
        source.type == .sqlite
          ? source.path.map {
            ProtectedPath(path: $0, what: "source `\(source.name)`'s database", mayHoldSite: false)
          } : nil
      }
  }

  /// The source named `name`.
  package func source(named name: String) -> SourceConfig? { sources.first { $0.name == name } }
  /// The group with id `id`.
  package func group(id: String) -> MetricGroup? { groups.first { $0.id == id } }
  /// The declared metric named `name`.
  package func metric(named name: String) -> MetricDefinition? { metrics.first { $0.name == name } }
  /// The importer named `name`.
  package func importer(named name: String) -> ImporterConfig? {
    importers.first { $0.name == name }
  }
}

/// A path the output folder must leave alone, and what it is for messages.
package struct ProtectedPath: Sendable {
  /// Absolute path.
  package let path: String
  /// `the store`, `the config's folder` ….
  package let what: String
  /// Whether the site may be published inside it (`site/` in the project folder).
  package let mayHoldSite: Bool

  /// `path`, described as `what`.
  public init(path: String, what: String, mayHoldSite: Bool) {
    self.path = path
    self.what = what
    self.mayHoldSite = mayHoldSite
  }
}

/// The kinds of metric source (method §2).
/// How `$1`/`$2` are passed and a text or number `time` is read.
package enum TimeFormat: String, CaseIterable, Sendable {
  /// `YYYY-MM-DDTHH:MM:SSZ` text.
  case iso8601
  /// `YYYY-MM-DD HH:MM:SS` text, UTC.
  case sql
  /// Integer seconds since the epoch.
  case unix
  /// Integer milliseconds since the epoch.
  case unixMs = "unix_ms"
  /// A ClickHouse `DateTime` (the default of clickhouse sources): `$1`/`$2`
  /// reach the server as `toDateTime(<epoch seconds>)`, whatever its time zone.
  case datetime

  /// The bound value for `time` in this format.
  package func format(_ time: Int64) -> SourceValue {
    switch self {
    case .iso8601: return .text(UTCTime.iso8601(time))
    case .sql: return .text(UTCTime.sql(time))
    case .unix, .datetime: return .integer(time)
    case .unixMs: return .integer(time * 1000)
    }
  }
}

/// A configured connection to where a team's data lives.
package struct SourceConfig: Sendable {
  /// Unique name importers refer to.
  public var name: String
  /// What kind of system it is.
  package var type: SourceType
  /// Absolute path (sqlite) or glob (file).
  package var path: String?
  /// Connection URL (postgres, redshift, influxdb, graphite), possibly with `${NAME}`.
  package var url: String?
  /// InfluxDB database.
  package var database: String?
  /// Environment variable names holding credentials, by role (`password`, `username`, `token`).
  package var credentialVariables: [String: String]
  /// Default time format for this source's importers.
  package var timeFormat: TimeFormat
  /// Longest a query may run (postgres, redshift; default 5 minutes).
  package var statementTimeout: TimeSpan
  /// Longest connecting may take (default 10 seconds).
  package var connectTimeout: TimeSpan
  /// InfluxDB retention policy (`rp`), if not the default.
  package var retentionPolicy: String?
  /// Graphite: a regular expression with named groups that reads attribute
  /// values from untagged series names.
  package var attributesFrom: String?
  /// Graphite: the character that stands for `.` in values taken from series names.
  package var dotReplacement: String?
  /// Line of the source in the config, for messages.
  package var line: Int
}

/// Whether a group counts impactable things (sessions) or an amount (minutes).
package enum GroupKind: String, CaseIterable, Sendable {
  case count, amount
}

/// An attribute linked to a metric group, with its default value.
package struct LinkedAttribute: Sendable, Equatable {
  /// Attribute name, e.g. `version`.
  public var name: String
  /// Used when imported data has no value for the attribute.
  package var defaultValue: String
  /// Whether values have a natural (version) order.
  package var ordered: Bool
}

/// A kind of metric, e.g. "Sessions Started" (method §2).
package struct MetricGroup: Sendable {
  /// Stable identifier, e.g. `sessions`.
  package var id: String
  /// Display name.
  public var name: String
  /// count or amount.
  package var kind: GroupKind
  /// Display unit for amount groups (errors per `per` units).
  package var per: Double
  /// Below this much metric a value is insufficient data.
  package var minVolume: Double
  /// The smallest relative change in rate a verdict calls a regression or
  /// an improvement (method §3), as a fraction: 0.1 for `10%`.
  package var minChange: Double
  /// Target stability in percent (count groups).
  package var target: Double?
  /// Critical stability in percent (count groups).
  package var critical: Double?
  /// Linked attributes, in config order.
  package var attributes: [LinkedAttribute]

  /// The linked attribute named `name`.
  package func attribute(named name: String) -> LinkedAttribute? {
    attributes.first { $0.name == name }
  }
}

/// One named series of a group with fixed attribute values.
package struct MetricDefinition: Sendable {
  /// e.g. `minutesPlayed-version3.16.2`.
  public var name: String
  /// The group's id.
  package var group: String
  /// Fixed attribute values.
  package var attributes: [String: String]
}

/// What an importer's rows become.
package enum ImporterTarget: Sendable, Equatable {
  /// Values of one declared metric (the seed's style).
  case metric(String)
  /// Values of a group; attribute columns say which metric.
  case group(String)
  /// Error counts.
  case errors
}

/// A query against a source plus its execution plan (method §2.2).
package struct ImporterConfig: Sendable {
  /// Unique name.
  public var name: String
  /// What the rows become.
  package var target: ImporterTarget
  /// The source's name.
  package var source: String
  /// Query text; nil for file sources, which read events.
  package var query: String?
  /// How far back the first run reaches.
  package var history: TimeSpan
  /// Minimum time between runs.
  package var period: TimeSpan
  /// Span re-read before the watermark to pick up late data.
  package var overlap: TimeSpan
  /// Span the first run of each UTC day re-reads, for data later than the
  /// overlap (method §2.2 step 10); 0: none.
  package var reread: TimeSpan
  /// How `$1`/`$2` are passed and `time` read.
  package var timeFormat: TimeFormat
  /// The result column holding the time.
  package var timeColumn: String
  /// The share of a run's rows, in percent, that may be rejected before
  /// the run fails (method §2.2 step 7; default 1).
  package var maxRejectedPercent: Double
  /// Line of the importer in the config, for messages.
  package var line: Int

  /// Whether it imports error counts.
  package var isErrorImporter: Bool { target == .errors }
}

/// When a report window ends.
package enum ReportEnd: Sendable, Equatable {
  /// The start of the current day in the report timezone.
  case today
  /// The current time.
  case now
  /// A fixed instant.
  case time(Int64)
}

/// Output formats of a report.
package enum ReportFormat: String, CaseIterable, Sendable {
  case html, md, json
}

/// The `report:` section with defaults applied.
package struct ReportSettings: Sendable {
  /// Window length (default 7d).
  package var window: TimeSpan
  /// Window end (default today).
  package var end: ReportEnd
  /// IANA time zone for days.
  package var timezone: String
  /// Groups to normalize by, in order.
  package var normalizeBy: [String]
  /// Group-by attributes per group.
  package var groupBy: [String: [String]]
  /// Fingerprints shown in HTML tables.
  package var topFingerprints: Int
  /// Output directory (absolute).
  package var out: String
  /// Formats to write.
  package var formats: [ReportFormat]
  /// Notes directory (absolute), if any.
  package var notes: String?
  /// How long after its release hour a version is measured for the
  /// age-matched comparison and the release history (method §3; default 7d).
  package var ageWindow: TimeSpan = TimeSpan(seconds: 7 * UTCTime.day)
  /// Releases in the release history (default 20).
  package var historyVersions: Int = 20
  /// Fingerprints per group listed in `scores.json` (default 10,000);
  /// `fingerprints.jsonl` lists every one (method §4).
  package var jsonFingerprints: Int = 10_000
  /// Where the site is served (`https://stability.internal/site`), for
  /// absolute links in Markdown pasted outside it; nil: no such links.
  package var baseURL: String?
}
