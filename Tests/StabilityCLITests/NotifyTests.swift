import Foundation
import StabilityCore
import StabilityTestSupport
import Testing

/// `run`'s digest and its posts to Slack and webhooks, received by a real
/// HTTP server on 127.0.0.1 over a sequence of runs on changing data.
@Suite struct NotifyTests {
  /// A secret webhook URL path: it must never appear in output or files.
  static let secretPath = "/services/T0SECRET/B0SECRET/xoxb-do-not-print"

  /// A project whose crashes table `crashes(t, version, fingerprint)` the
  /// test changes between runs; sessions: 500 per hour and version for the
  /// last nine days up to now (84,000 per version in the default 7-day
  /// window); crashes on the day three days before today.
  func project(notify: String) throws -> (TestWorkspace, day: String) {
    let workspace = try TestWorkspace()
    let today = Int64(Date().timeIntervalSince1970) / 86_400 * 86_400
    let day = String(
      ISO8601DateFormatter().string(
        from: Date(timeIntervalSince1970: TimeInterval(today - 3 * 86_400))
      )
      .prefix(10))
    try workspace.sqlite(
      "app.db",
      """
      CREATE TABLE sessions(t TEXT, version TEXT, n INTEGER);
      CREATE TABLE crashes(t TEXT, version TEXT, fingerprint TEXT);
      WITH RECURSIVE h(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM h
        WHERE datetime('\(day)', '-6 days', '+' || (i + 1) || ' hours') < datetime('now', '-1 hour'))
      INSERT INTO sessions SELECT datetime('\(day)', '-6 days', '+' || i || ' hours', '+10 minutes'),
        v, 500 FROM h, (SELECT '1.0' AS v UNION ALL SELECT '1.1');
      -- 1.0 alone in the store's first hour (before the window): it was live
      -- before the history began; 1.1 is released in the store, so its
      -- fingerprints can be new (method §3 new_in).
      INSERT INTO sessions VALUES (datetime('\(day)', '-6 days', '-1 hours', '+10 minutes'), '1.0', 500);
      """)
    try crashes(workspace, day: day, version: "1.0", fingerprint: "fp-old", count: 168)
    try crashes(workspace, day: day, version: "1.1", fingerprint: "fp-old", count: 168)
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      project: Notify Test
      sources: [{name: app, type: sqlite, path: app.db, time_format: sql}]
      metric_groups:
        - {id: sessions, name: Sessions, kind: count, min_volume: 1000, target: 99.5, critical: 99,
           attributes: [{name: version, ordered: true}]}
      importers:
        - name: sessions
          source: app
          group: sessions
          history: 10d
          query: >-
            select total(n) as value, strftime('%Y-%m-%d %H:00:00', t) as time, version
            from sessions where t >= $1 and t < $2 group by 2, 3
      error_importers:
        - name: crashes
          source: app
          history: 10d
          query: select t as time, fingerprint, version, 1 as impacted from crashes where t >= $1 and t < $2
      report: {base_url: "https://stability.example/app"}
      \(notify)
      """)
    return (workspace, day)
  }

  func crashes(
    _ workspace: TestWorkspace, day: String, version: String, fingerprint: String, count: Int
  ) throws {
    try workspace.sqlite(
      "app.db",
      """
      WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < \(count - 1))
      INSERT INTO crashes SELECT datetime('\(day)', '+' || (i % 24) || ' hours', '+20 minutes'),
        '\(version)', '\(fingerprint)' FROM c;
      """)
  }

  /// Re-reads the changed source, then runs the nightly job.
  func rerun(_ workspace: TestWorkspace, day: String, environment: [String: String]) throws
    -> CommandResult
  {
    let imported = try CommandRunner.run(
      ["import", "--since", day, "--until", "\(day)T23:59:59Z"], in: workspace.directory)
    #expect(imported.status == 0, "\(imported.stderr)")
    return try CommandRunner.run(["run"], in: workspace.directory, environment: environment)
  }

  func events(_ request: LoopbackReceiver.Request?) -> [String] {
    (request?.json?["items"] as? [[String: Any]] ?? []).compactMap { $0["event"] as? String }
  }

  func slackLines(_ request: LoopbackReceiver.Request?) -> [String] {
    (request?.json?["text"] as? String ?? "").components(separatedBy: "\n")
  }

  @Test func aSequenceOfRunsPostsWhatChangedAndNothingOnAQuietDay() throws {
    let receiver = try LoopbackReceiver()
    let (workspace, day) = try project(
      notify: """
        notify:
          - {name: everything, type: webhook, url_env: HOOK_URL}
          - {name: release-channel, type: slack, url_env: SLACK_URL, quiet: true,
             on: [regressed, critical, recovered]}
        """)
    let environment = [
      "HOOK_URL": receiver.url("/hook"), "SLACK_URL": receiver.url(Self.secretPath),
    ]
    var outputs: [CommandResult] = []
    func posts(_ path: String) -> [LoopbackReceiver.Request] {
      receiver.requests.filter { $0.path == path }
    }

    // 1. First run: "now watching 2 versions", to both (a quiet entry too).
    let first = try CommandRunner.run(["run"], in: workspace.directory, environment: environment)
    outputs.append(first)
    #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
    #expect(receiver.requests.count == 2)
    let hook1 = posts("/hook").last
    #expect(hook1?.method == "POST")
    #expect(hook1?.headers["content-type"] == "application/json")
    #expect(hook1?.json?["schema"] as? Int == 1)
    #expect(hook1?.json?["first_run"] as? Bool == true)
    #expect(hook1?.json?["watching"] as? Int == 2)
    #expect(hook1?.json?["summary"] as? String == "Now watching 2 versions of Notify Test.")
    #expect(events(hook1) == [])
    #expect(hook1?.json?["site"] as? String == "https://stability.example/app/index.html")
    #expect(
      slackLines(posts(Self.secretPath).last).prefix(2) == [
        "*Notify Test — stability digest*", "Now watching 2 versions of Notify Test.",
      ])
    let digestFile = try String(
      contentsOfFile: workspace.path("site/digest.json"), encoding: .utf8)
    #expect(digestFile.data(using: .utf8) == hook1?.body)

    // 2. A new crash at 1.1: 1,512 more crashes (1,680 of 84,000 sessions, 98.0%
    //    stable, below the critical 99%): regressed, critical, and the new
    //    fingerprint with 1,512 / 1,680 = 90.0% of 1.1's errors.
    try crashes(workspace, day: day, version: "1.1", fingerprint: "fp-new", count: 1512)
    let second = try rerun(workspace, day: day, environment: environment)
    outputs.append(second)
    #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
    let hook2 = posts("/hook").last
    #expect(events(hook2) == ["regressed", "critical", "new_fingerprint"])
    let items2 = hook2?.json?["items"] as? [[String: Any]] ?? []
    #expect(items2.first?["value"] as? String == "1.1")
    #expect(
      items2.first?["link"] as? String == "https://stability.example/app/versions/1.1.html")
    // 1 − 1,680 / 84,000 = 98.00%; Wilson 95% for 1,680 of 84,000: 1.906%–2.096%.
    #expect(
      items2.dropFirst().first?["text"] as? String
        == "Sessions: version 1.1 is now critical (was ok): at least 98.00% stable (97.90%–98.10%), "
        + "target 99.5%, critical below 99%."
    )
    #expect(
      items2.last?["text"] as? String
        == "New fingerprint fp-new at version 1.1: 1,512 errors (90.0% of the version's 1,680) "
        + "in Sessions's window."
    )
    #expect(hook2?.json?["summary"] as? String == "1 regressed, 1 critical, 1 new fingerprint.")
    let slack2 = slackLines(posts(Self.secretPath).last)
    #expect(slack2[1] == "1 regressed, 1 critical.")
    #expect(
      slack2.dropFirst(2).first?.hasPrefix("• *regressed* Sessions: version 1.1 regressed:") == true
    )
    #expect(slack2.contains { $0.contains("fp-new at version") } == false)

    // 3. The new crash mostly gone (12 left: 180 of 84,000, 99.79% stable; 180
    //    vs 168 is 1.07×, 95% interval about 0.87–1.32: not enough evidence
    //    of a change yet): recovered twice, and fp-new is not new again.
    try workspace.sqlite(
      "app.db",
      "DELETE FROM crashes WHERE fingerprint = 'fp-new' AND rowid NOT IN "
        + "(SELECT rowid FROM crashes WHERE fingerprint = 'fp-new' LIMIT 12)")
    let third = try rerun(workspace, day: day, environment: environment)
    outputs.append(third)
    let hook3 = posts("/hook").last
    #expect(events(hook3) == ["recovered", "recovered"])
    #expect(
      (hook3?.json?["items"] as? [[String: Any]])?.map { $0["text"] as? String ?? "" } == [
        "Sessions: version 1.1 is no longer regressed against 1.0 (now not enough evidence yet).",
        // 1 − 180 / 84,000 = 99.786%; Wilson 95% for 180 of 84,000: 0.185%–0.248%.
        "Sessions: version 1.1 is now ok (was critical): at least 99.786% stable (99.752%–99.815%), "
          + "target 99.5%, critical below 99%.",
      ])
    #expect(slackLines(posts(Self.secretPath).last).count == 5)

    // 4. Nothing changed: one "Nothing to act on" to the webhook, nothing to the quiet channel.
    let slackBefore = posts(Self.secretPath).count
    let fourth = try rerun(workspace, day: day, environment: environment)
    outputs.append(fourth)
    #expect(fourth.status == 0)
    let hook4 = posts("/hook").last
    #expect(hook4?.json?["nothing_to_act_on"] as? Bool == true)
    #expect((hook4?.json?["summary"] as? String)?.hasPrefix("Nothing to act on") == true)
    #expect(posts(Self.secretPath).count == slackBefore)
    #expect(
      fourth.stdout.contains(
        "notify `release-channel`: nothing to act on among its events; quiet, nothing posted"))
    #expect(posts("/hook").count == 4)

    // 5. A version ships today: 1.2's first sessions (100 an hour beside
    //    1.0's and 1.1's 500: 9%, a release hour) in the two hours before the
    //    last complete one — after the window, which ends at today's start,
    //    unless the clock is just past midnight. The digest names it with
    //    its first hours and what the gate on the target says today: 200
    //    sessions, none crashed, is 100% (Wilson 98.12%–100%): not enough
    //    evidence for 99.5% yet.
    try workspace.sqlite(
      "app.db",
      """
      INSERT INTO sessions SELECT strftime('%Y-%m-%d %H:10:00', 'now', '-' || i || ' hours'),
        '1.2', 100 FROM (SELECT 2 AS i UNION ALL SELECT 3);
      """)
    let sixHoursAgo = UTCTime.iso8601(Int64(Date().timeIntervalSince1970) - 6 * 3600)
    #expect(
      try CommandRunner.run(["import", "--since", sixHoursAgo], in: workspace.directory).status
        == 0)
    let fifth = try CommandRunner.run(["run"], in: workspace.directory, environment: environment)
    outputs.append(fifth)
    #expect(fifth.status == 0, "\(fifth.stdout)\(fifth.stderr)")
    let hook5 = posts("/hook").last
    #expect(events(hook5) == ["new_release"], "\(String(describing: hook5?.json))")
    let release = (hook5?.json?["items"] as? [[String: Any]])?.first?["text"] as? String ?? ""
    #expect(release.hasPrefix("Sessions: new release version 1.2, released "), "\(release)")
    #expect(
      release.contains(
        "200 Sessions, 0 errors, 100% stable (98.11%–100%). The gate on those hours and its "
          + "target 99.5%: not enough evidence yet (below min_volume 1000)."), "\(release)")

    try expectNoSecret(Self.secretPath, in: workspace, outputs: outputs)
  }

  @Test func failedPostsAreReportedAfterTheSiteIsPublishedAndNeverNameTheURL() throws {
    let flaky = try LoopbackReceiver { index, _ in
      index == 0 ? .status(500, "try later") : .status(200, "ok")
    }
    let refusing = try LoopbackReceiver { _, _ in .status(400, "invalid_payload") }
    let silent = try LoopbackReceiver { _, _ in .never }
    let (workspace, _) = try project(
      notify: """
        notify:
          - {name: flaky, type: slack, url_env: FLAKY_URL}
          - {name: refusing, type: slack, url_env: REFUSING_URL}
          - {name: silent, type: webhook, url_env: SILENT_URL, timeout: 1s}
          - {name: unset, type: webhook, url_env: NOT_SET_URL}
        """)
    let result = try CommandRunner.run(
      ["run"], in: workspace.directory,
      environment: [
        "FLAKY_URL": flaky.url(Self.secretPath), "REFUSING_URL": refusing.url(Self.secretPath),
        "SILENT_URL": silent.url(Self.secretPath),
      ])
    #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
    // 500 then 200: retried once, posted.
    #expect(flaky.requests.count == 2)
    #expect(result.stdout.contains("notify `flaky`: posted"))
    // 400: not retried; the server's reply is shown.
    #expect(refusing.requests.count == 1)
    #expect(
      result.stderr.contains(
        "error: notify `refusing` (slack): the server refused the post with HTTP 400: invalid_payload"
      ))
    // No answer: three tries of 1 s each, then reported.
    #expect(silent.requests.count == 3)
    #expect(
      result.stderr.contains(
        "error: notify `silent` (webhook): no post after 3 tries: no answer within 1 s"))
    // Unset variable: named, with what to do.
    #expect(
      result.stderr.contains(
        "error: notify `unset` (webhook): environment variable NOT_SET_URL is not set"))
    // The site and the store are unaffected: published, and the next run is not a first run.
    #expect(FileManager.default.fileExists(atPath: workspace.path("site/index.html")))
    let digest = try String(contentsOfFile: workspace.path("site/digest.md"), encoding: .utf8)
    #expect(digest.contains("Now watching 2 versions"))
    let again = try CommandRunner.run(
      ["run"], in: workspace.directory, environment: ["FLAKY_URL": flaky.url(Self.secretPath)])
    #expect(again.stdout.contains("digest: Nothing to act on"), "\(again.stdout)")
    try expectNoSecret(Self.secretPath, in: workspace, outputs: [result, again])
  }

  /// A post that failed is made again by the next run (each entry's digest
  /// covers everything since its own last delivered post); `--no-notify`
  /// posts nothing and loses nothing; a manual `report` keeps the digest.
  @Test func undeliveredChangesArePostedByTheNextRun() throws {
    let refusing = try LoopbackReceiver { _, _ in .status(500, "down") }
    let receiver = try LoopbackReceiver()
    let (workspace, day) = try project(
      notify: "notify: [{name: hook, type: webhook, url_env: HOOK_URL, quiet: true}]")
    let first = try CommandRunner.run(
      ["run"], in: workspace.directory, environment: ["HOOK_URL": receiver.url("/hook")])
    #expect(first.status == 0, "\(first.stderr)")
    try crashes(workspace, day: day, version: "1.1", fingerprint: "fp-new", count: 1512)
    let failed = try rerun(workspace, day: day, environment: ["HOOK_URL": refusing.url("/hook")])
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("the next run posts these changes again"), "\(failed.stderr)")
    #expect(refusing.requests.count == 3)
    // The site's digest moved on; the entry's did not.
    let quietRun = try CommandRunner.run(
      ["run", "--no-notify"], in: workspace.directory,
      environment: ["HOOK_URL": receiver.url("/hook")])
    #expect(quietRun.stdout.contains("digest: Nothing to act on"), "\(quietRun.stdout)")
    #expect(receiver.requests.count == 1)
    let report = try CommandRunner.run(["report"], in: workspace.directory)
    #expect(report.status == 0)
    #expect(FileManager.default.fileExists(atPath: workspace.path("site/digest.md")))
    let delivered = try CommandRunner.run(
      ["run"], in: workspace.directory, environment: ["HOOK_URL": receiver.url("/hook")])
    #expect(delivered.status == 0, "\(delivered.stderr)")
    #expect(events(receiver.requests.last) == ["regressed", "critical", "new_fingerprint"])
  }

  /// A first run whose importers all fail: one item per importer, not two.
  @Test func aFailedFirstRunNamesEachImporterOnce() throws {
    let (workspace, _) = try project(notify: "")
    try FileManager.default.removeItem(atPath: workspace.path("app.db"))
    let failed = try CommandRunner.run(["run"], in: workspace.directory)
    #expect(failed.status == 3)
    let digest = try String(contentsOfFile: workspace.path("site/digest.json"), encoding: .utf8)
    let json = try JSONSerialization.jsonObject(with: Data(digest.utf8)) as? [String: Any]
    #expect(
      (json?["items"] as? [[String: Any]])?.compactMap { $0["importer"] as? String }
        == ["sessions", "crashes"])
    #expect(failed.stdout.contains("Needs attention now: 2 importers failed."), "\(failed.stdout)")
  }

  /// Importers failing and recovering; a quiet entry still fails on an unset variable.
  @Test func importerFailuresAndRecoveriesAreReported() throws {
    let receiver = try LoopbackReceiver()
    let (workspace, _) = try project(
      notify: """
        notify:
          - {name: hook, type: webhook, url_env: HOOK_URL}
          - {name: quiet-unset, type: slack, url_env: UNSET_URL, quiet: true}
        """)
    let environment = ["HOOK_URL": receiver.url("/hook")]
    _ = try CommandRunner.run(["run"], in: workspace.directory, environment: environment)
    try FileManager.default.moveItem(
      atPath: workspace.path("app.db"), toPath: workspace.path("moved.db"))
    let broken = try CommandRunner.run(
      ["import", "--force"], in: workspace.directory, environment: environment)
    #expect(broken.status == 3)
    let failing = try CommandRunner.run(["run"], in: workspace.directory, environment: environment)
    #expect(failing.status == 3)
    #expect(events(receiver.requests.last) == ["importer_failed", "importer_failed"])
    #expect(failing.stderr.contains("environment variable UNSET_URL is not set"))
    try FileManager.default.moveItem(
      atPath: workspace.path("moved.db"), toPath: workspace.path("app.db"))
    let fixed = try CommandRunner.run(["run"], in: workspace.directory, environment: environment)
    #expect(fixed.status == 1, "the quiet entry's variable is still unset: \(fixed.stderr)")
    let items = receiver.requests.last?.json?["items"] as? [[String: Any]] ?? []
    #expect(
      items.map { $0["text"] as? String ?? "" } == [
        "Importer sessions is importing again: its data is current.",
        "Importer crashes is importing again: its data is current.",
      ])
  }

  @Test func notifyTestPostsOneMessageAndNamesAnUnknownEntry() throws {
    let receiver = try LoopbackReceiver()
    let (workspace, _) = try project(
      notify: "notify: [{name: release-channel, type: slack, url_env: SLACK_URL, on: [regressed]}]")
    let posted = try CommandRunner.run(
      ["notify", "--test", "release-channel"], in: workspace.directory,
      environment: ["SLACK_URL": receiver.url(Self.secretPath)])
    #expect(posted.status == 0, "\(posted.stderr)")
    #expect(
      receiver.requests.first?.json?["text"] as? String
        == "Test message from `stability notify --test release-channel` for Notify Test: this "
        + "channel gets the digest after each run (regressed).")
    let unknown = try CommandRunner.run(
      ["notify", "--test", "release"], in: workspace.directory)
    #expect(unknown.status == 2)
    #expect(
      unknown.stderr.contains(
        "no `notify` entry named `release`; did you mean `release-channel`? The config has `release-channel`."
      )
    )
    let refused = try CommandRunner.run(
      ["notify", "--test", "release-channel"], in: workspace.directory,
      environment: ["SLACK_URL": "http://127.0.0.1:9\(Self.secretPath)"])
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("error: notify `release-channel` (slack): no post after 3 tries"))
    try expectNoSecret(Self.secretPath, in: workspace, outputs: [posted, unknown, refused])
  }

  /// `secret` is in no output and no file of the workspace (site, store, logs).
  func expectNoSecret(_ secret: String, in workspace: TestWorkspace, outputs: [CommandResult])
    throws
  {
    for output in outputs {
      #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret))
    }
    let files = FileManager.default.enumerator(atPath: workspace.directory)
    while let file = files?.nextObject() as? String {
      let data = (try? Data(contentsOf: URL(fileURLWithPath: workspace.path(file)))) ?? Data()
      #expect(data.range(of: Data(secret.utf8)) == nil, "\(file) holds the webhook URL")
    }
  }
}
