import StabilityCore
import StabilityReport
import StabilityTestSupport
import Testing

@Suite struct ConfigTests {
  /// method §2.0's example, verbatim apart from the comments.
  static let specExample = """
    version: 1
    project: Demo Game
    store: .stability/store.db
    sources:
      - name: game-db
        type: sqlite
        path: data/game.db
    metric_groups:
      - id: sessions
        name: Sessions Started
        kind: count
        per: 1
        min_volume: 100
        target: 99.5
        critical: 99.0
        attributes:
          - {name: version, default: unknown}
          - {name: platform, default: unknown}
      - id: minutesPlayed
        name: Minutes Played
        kind: amount
        attributes:
          - {name: version, default: unknown}
    metrics:
      - name: minutesPlayed-version3.16.2
        group: minutesPlayed
        attributes: {version: "3.16.2"}
    importers:
      - name: MinsPlayedVersion3.16.2
        source: game-db
        metric: minutesPlayed-version3.16.2
        query: select mins_played, time from metric_table where version = '3.16.2' and time >= $1 and time < $2
        history: 7d
        period: 60s
      - name: sessions-by-version
        source: game-db
        group: sessions
        query: |
          select count(*) as value, strftime('%Y-%m-%dT%H:00:00Z', started_at) as time, version, platform
          from sessions where started_at >= $1 and started_at < $2 group by 2, 3, 4
        history: 30d
        period: 1h
        overlap: 2h
        time_format: iso8601
        time_column: time
    error_importers:
      - name: crashes
        source: game-db
        query: |
          select strftime('%Y-%m-%dT%H:00:00Z', time) as time, fingerprint, version, platform,
                 count(*) as count, count(distinct session_id) as impacted
          from crashes where time >= $1 and time < $2 group by 1, 2, 3, 4
        history: 30d
        period: 1h
    report:
      window: 7d
      end: today
      timezone: UTC
      normalize_by: [sessions, minutesPlayed]
      group_by: {sessions: [version, platform]}
      top_fingerprints: 50
      out: site
      formats: [html, md, json]
      notes: notes
      json_fingerprints: 500
    notify:
      - name: release-channel
        type: slack
        url_env: SLACK_WEBHOOK_URL
        on: [regressed, critical, new_fingerprint, importer_failed, stale]
        quiet: false
    annotations:
      "fp-1a2b": "Known crash in the shader cache; fixed in 3.16.6 ([REL-123](https://tracker.example/REL-123))."
    """

  @Test func readsTheSpecExampleWithDefaultsResolved() throws {
    let config = try ConfigLoader.parse(
      Self.specExample, file: "stability.yaml", directory: "/srv/app")
    #expect(config.project == "Demo Game")
    #expect(config.storePath == "/srv/app/.stability/store.db")
    #expect(config.sources.first?.path == "/srv/app/data/game.db")
    #expect(config.groups.map(\.id) == ["sessions", "minutesPlayed"])
    let sessions = try #require(config.group(id: "sessions"))
    #expect(sessions.target == 99.5 && sessions.critical == 99.0 && sessions.per == 1)
    #expect(sessions.attributes.map(\.ordered) == [true, false])
    let minutes = try #require(config.group(id: "minutesPlayed"))
    #expect(minutes.per == 1000 && minutes.minVolume == 100)
    #expect(
      config.metric(named: "minutesPlayed-version3.16.2")?.attributes == ["version": "3.16.2"])
    #expect(
      config.importers.map(\.name) == ["MinsPlayedVersion3.16.2", "sessions-by-version", "crashes"])
    let seed = try #require(config.importer(named: "MinsPlayedVersion3.16.2"))
    #expect(seed.target == .metric("minutesPlayed-version3.16.2"))
    #expect(
      seed.period.seconds == 60 && seed.history.seconds == 604_800 && seed.overlap.seconds == 0)
    #expect(config.importer(named: "sessions-by-version")?.overlap.seconds == 7200)
    #expect(config.importer(named: "crashes")?.target == .errors)
    #expect(config.report.groupBy["sessions"] == ["version", "platform"])
    #expect(config.report.groupBy["minutesPlayed"] == ["version"])
    #expect(config.report.out == "/srv/app/site")
    #expect(config.report.jsonFingerprints == 500)
    #expect(config.annotations[ByteString("fp-1a2b")]?.hasPrefix("Known crash") == true)
    let notify = try #require(config.notify.first)
    #expect(notify.name == "release-channel" && notify.type == .slack && !notify.quiet)
    #expect(notify.urlVariable == "SLACK_WEBHOOK_URL" && notify.timeout.seconds == 30)
    #expect(notify.events == [.regressed, .critical, .newFingerprint, .importerFailed, .stale])
  }

  /// Issue 20: a webhook URL is a secret, so the file may not hold one; events are checked.
  @Test func notifyEntriesRefuseAnInlineURLAndUnknownEvents() throws {
    let text = """
      version: 1
      notify:
        - name: chat
          type: slack
          url: https://hooks.slack.com/services/T0/B0/secret
        - {name: hook, type: webhook, url_env: HOOK_URL, on: [regresed]}
        - {name: pager, type: pagerduty, url_env: PD_URL}
        - {name: leak, type: webhook, url_env: "https://hooks.example/T9/very-secret-path"}
      """
    let lines = try diagnostics(text)
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:5:") && $0.contains("a webhook URL is a secret")
          && $0.contains("url_env")
      })
    #expect(!lines.joined().contains("hooks.slack.com/services/T0/B0/secret"))
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:6:") && $0.contains("unknown event `regresed`")
          && $0.contains("Did you mean `regressed`?")
      })
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:7:") && $0.contains("must be one of slack | webhook")
      })
    // A URL where the variable's name belongs is refused without being repeated.
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:8:") && $0.contains("must name an environment variable")
      })
    #expect(!lines.joined().contains("very-secret-path"))
  }

  /// Issue 19: without `report.group_by` every linked attribute gets its table.
  @Test func groupByDefaultsToEveryLinkedAttribute() throws {
    let config = try ConfigLoader.parse(
      """
      version: 1
      metric_groups:
        - id: sessions
          kind: count
          attributes: [{name: version}, {name: platform}, {name: country}]
        - {id: minutes, kind: amount, attributes: [{name: version}]}
      report:
        group_by: {minutes: [version]}
      """, file: "stability.yaml", directory: "/tmp")
    #expect(config.report.groupBy["sessions"] == ["version", "platform", "country"])
    #expect(config.report.groupBy["minutes"] == ["version"])
  }

  /// Every diagnostic `text` gets, as `file:line:column: error: …` lines.
  func diagnostics(_ text: String) throws -> [String] {
    let error = try #require(throws: ConfigError.self) {
      try ConfigLoader.parse(text, file: "stability.yaml", directory: "/tmp")
    }
    guard case .invalid(let diagnostics) = error else {
      Issue.record("expected diagnostics, got \(error)")
      return []
    }
    return diagnostics.map(\.description)
  }

  @Test func reportsEveryProblemAtOnceWithLineAndColumn() throws {
    let text = """
      version: 1
      projet: Typo
      sources:
        - {name: db, type: sqlite, path: a.db}
        - {name: db, type: sqlite, path: b.db}
      metric_groups:
        - id: sessions
          kind: count
          attributes: [{name: version}]
      metrics:
        - name: m1
          group: sessions
          attributes: {platform: ios}
      importers:
        - name: a
          source: dbb
          group: sessions
          query: select 1 as value, t as time from x
          history: 7days
        - name: b
          source: db
          group: sesions
          query: select 1 where t >= $1 and t < $2
      """
    let lines = try diagnostics(text)
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:2:1:") && $0.contains("unknown key `projet`")
          && $0.contains("Did you mean `project`?")
      })
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:5:") && $0.contains("duplicate source name `db`")
      })
    #expect(
      lines.contains { $0.hasPrefix("stability.yaml:13:") && $0.contains("unknown key `platform`") }
    )
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:16:") && $0.contains("no source named `dbb`")
          && $0.contains("Did you mean `db`?")
      })
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:18:") && $0.contains("does not use $1 and $2")
          && $0.contains("time >= $1 and time < $2")
      })
    #expect(lines.contains { $0.hasPrefix("stability.yaml:19:") && $0.contains("7days") })
    #expect(
      lines.contains {
        $0.hasPrefix("stability.yaml:22:") && $0.contains("no metric group named `sesions`")
      })
    #expect(lines.count == 7)
  }

  @Test func pointsAtMalformedYAML() throws {
    let error = try #require(throws: ConfigError.self) {
      try ConfigLoader.parse(
        "version: 1\nsources:\n  - name: [unclosed\n", file: "s.yaml", directory: "/tmp")
    }
    #expect(error.description.hasPrefix("s.yaml:"))
    #expect(error.description.contains("malformed YAML"))
    #expect(error.exitStatus == .usage)
  }

  @Test(arguments: [
    (
      "metric_groups:\n  - {id: m, kind: amount, target: 99, attributes: [{name: v}]}",
      "applies only to count groups"
    ),
    (
      "metric_groups:\n  - {id: s, kind: count, target: 99, critical: 99.5, attributes: [{name: v}]}",
      "critical is the lower bar"
    ),
    (
      "metric_groups:\n  - {id: s, kind: ratio, attributes: [{name: v}]}",
      "must be one of count | amount"
    ),
    ("sources:\n  - {name: p, type: postgres}", "needs `url`"),
    ("report:\n  json_fingerprints: -1", "report.json_fingerprints"),
    (
      "sources:\n  - {name: s, type: sqlite, path: a.db, database: x}",
      "does not apply to sqlite sources"
    ),
    ("report:\n  timezone: Mars/Olympus", "not an IANA time zone"),
    ("report:\n  end: yesterday", "`report.end` must be today, now or an ISO 8601 time"),
    ("version: 2", "must be 1"),
    (
      "sources:\n  - {name: c, type: clickhouse, url: \"http://c\"}\nerror_importers:\n"
        + "  - {name: e, source: c, query: 'SELECT t AS time, f AS fingerprint FROM x "
        + "WHERE t >= $1 AND t < $2 FORMAT JSON'}",
      "ends with a FORMAT clause; remove it"
    ),
    (
      "sources:\n  - {name: p, type: prometheus, url: \"http://p\"}\nerror_importers:\n"
        + "  - {name: e, source: p, query: 'sum by (fingerprint) (increase(c[1h] offset $1))'}",
      "is PromQL, which takes no $1/$2"
    ),
    (
      "sources:\n  - {name: s, type: sqlite, path: a.db, time_format: datetime}",
      "time_format: datetime` is for clickhouse sources"
    ),
    // Issue 31.10: spans past ten years are mistakes (a report spun for minutes on them).
    (
      "report:\n  window: 1000000000d",
      "`report.window` is 1000000000d; durations are at most 3660d"
    ),
    (
      "sources:\n  - {name: s, type: sqlite, path: a.db}\nerror_importers:\n"
        + "  - {name: e, source: s, history: 3661d, query: 'select $1, $2'}",
      "`error_importers[0].history` is 3661d; durations are at most 3660d (about ten years)"
    ),
  ])
  func explainsEachKindOfMistake(snippet: String, message: String) throws {
    let text = snippet.hasPrefix("version") ? snippet : "version: 1\n" + snippet
    let error = try #require(throws: ConfigError.self) {
      try ConfigLoader.parse(text, file: "c.yaml", directory: "/tmp")
    }
    #expect(error.description.contains(message), "\(error.description)")
  }

  @Test func rejectsAQueryFileSourcesCannotUse() throws {
    let text = """
      version: 1
      sources: [{name: events, type: file, path: "events/*.jsonl"}]
      error_importers:
        - {name: e, source: events, query: "select 1"}
      """
    let error = try #require(throws: ConfigError.self) {
      try ConfigLoader.parse(text, file: "c.yaml", directory: "/tmp")
    }
    #expect(
      error.description.contains("c.yaml:4:")
        && error.description.contains("does not apply to file sources"))
  }

  @Test func namesAMissingConfigFile() throws {
    let workspace = try TestWorkspace()
    let error = try #require(throws: ConfigError.self) { try workspace.config("nope.yaml") }
    #expect(error.description.contains("nope.yaml") && error.description.contains("no such file"))
  }
}
