import Foundation
import StabilityCore
import StabilityStore
import StabilityTestSupport
import Testing

/// Reports during imports, stale locks, and servers that never answer.
@Suite struct ConcurrencyAndFaultTests {
  @Test func aReportDuringAnImportSeesTheStoreBeforeOrAfterNeverHalf() throws {
    let workspace = try CrashSafetyTests().demoWorkspace()
    let pinned = ["SOURCE_DATE_EPOCH": "1795737600"]
    func scores(_ out: String) throws -> String {
      let result = try CommandRunner.run(
        [
          "report", "--config", "demo/stability.yaml", "--store", "fresh.db", "--format", "json",
          "--out", out,
        ],
        in: workspace.directory,
        environment: pinned)
      // 4 while the snapshot holds no metric yet (the files are written all the same).
      try #require(result.status == 0 || result.status == 4, "\(result.stderr)")
      return try String(contentsOfFile: workspace.path("\(out)/scores.json"), encoding: .utf8)
    }
    _ = try Store(path: workspace.path("fresh.db"))  // an empty store: reports never create one
    let before = try scores("before")
    let importer = Process()
    importer.executableURL = CommandRunner.binary
    // One importer: its whole run is one transaction, so every snapshot is before or after it.
    importer.arguments = [
      "import", "sessions-by-version", "--config", "demo/stability.yaml", "--store", "fresh.db",
    ]
    importer.currentDirectoryURL = URL(fileURLWithPath: workspace.directory)
    importer.standardOutput = FileHandle.nullDevice
    try importer.run()
    var seen: [String] = []
    var round = 0
    while importer.isRunning || seen.isEmpty {
      seen.append(try scores("during\(round)"))
      round += 1
    }
    importer.waitUntilExit()
    let after = try scores("after")
    #expect(before != after)
    for (index, snapshot) in seen.enumerated() {
      #expect(snapshot == before || snapshot == after, "report \(index) saw half an import")
    }
  }

  /// Issue 22: a cron `run` and a manual `report` into one `site/` must
  /// never publish a half-written site — each writer's cleanup used to
  /// delete the other's staging folder, which then got swapped in short.
  /// Each round starts a full report (800 fingerprint pages) and, a few
  /// milliseconds later, a quick JSON-only one into the same folder: the
  /// site left is always one of the two, complete.
  @Test func concurrentReportsAlwaysLeaveOneCompleteSite() throws {
    let (workspace, _, store) = try TestWorkspace.sessionsStore(
      report: ["end: 2026-11-27", "top_fingerprints: 800"])
    let hour = TestTime.nov20 + 3600
    try StoreSeeder.seed(
      store, importer: "seed",
      metrics: [StoreSeeder.metric("sessions", [("version", "1.0")], at: hour, 1e6)],
      errors: (0..<800).map {
        StoreSeeder.errors("fp-\($0)", [("version", "1.0")], at: hour, count: 1, impacted: 1)
      })
    let pinned = ["SOURCE_DATE_EPOCH": "1795737600"]
    let full = ["report", "--quiet"]
    let quick = ["report", "--quiet", "--format", "json"]
    var complete: [[String: Int]] = []
    var seconds: [Double] = []
    for (name, arguments) in [("full", full), ("quick", quick)] {
      let clock = Date()
      let reference = try CommandRunner.run(
        arguments + ["--out", name], in: workspace.directory, environment: pinned)
      seconds.append(Date().timeIntervalSince(clock))
      try #require(reference.status == 0, "\(reference.stderr)")
      complete.append(try siteFiles(workspace.path(name)))
    }
    // The quick writer reaches its cleanup while the full one writes files
    // when it starts about (full − quick) seconds later: aim around there.
    let lead = max(0, seconds[0] - seconds[1])
    // scores.json, fingerprints.jsonl and the marker
    #expect(complete[0].count > 800 && complete[1].count == 3)

    var random = SeededRandom(seed: 22)
    for round in 0..<3 {
      let writers = try [full, quick].map { arguments in
        let writer = Process()
        writer.executableURL = CommandRunner.binary
        writer.arguments = arguments + ["--out", "site"]
        writer.currentDirectoryURL = URL(fileURLWithPath: workspace.directory)
        writer.environment = ProcessInfo.processInfo.environment.merging(pinned) { $1 }
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        usleep(UInt32(lead * Double.random(in: 0.5..<1.1, using: &random) * 1e6))
        return writer
      }
      for writer in writers {
        writer.waitUntilExit()
        #expect(writer.terminationStatus == 0, "round \(round)")
      }
      let published = try siteFiles(workspace.path("site"))
      let isComplete = complete.contains(published)
      #expect(
        isComplete,
        "round \(round): a site of \(published.count) files, neither complete one")
    }
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.directory)
      .filter { $0.hasPrefix(".site.new-") }
    #expect(leftovers.isEmpty)
  }

  /// Every file under `directory`, relative path → size.
  func siteFiles(_ directory: String) throws -> [String: Int] {
    var files: [String: Int] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let relative = enumerator?.nextObject() as? String {
      let attributes = try FileManager.default.attributesOfItem(
        atPath: (directory as NSString).appendingPathComponent(relative))
      if attributes[.type] as? FileAttributeType == .typeRegular {
        files[relative] = (attributes[.size] as? NSNumber)?.intValue ?? -1
      }
    }
    return files
  }

  @Test func aLockLeftByAKilledRunIsTakenOver() throws {
    let workspace = try CrashSafetyTests().demoWorkspace()
    let hit = try CrashSafetyTests().killed(
      ["run", "--config", "demo/stability.yaml"], in: workspace, after: 0.3)
    try #require(hit, "the run ended before it could be killed: nothing was tested")
    // The killed run never released the lock file's note (a clean exit empties it).
    let note = try String(
      contentsOfFile: workspace.path("demo/.stability/store.db.lock"), encoding: .utf8)
    #expect(note.contains("command run"), "\(note)")
    let next = try CommandRunner.run(
      ["run", "--config", "demo/stability.yaml"], in: workspace.directory)
    #expect(next.status == 0, "\(next.stderr)")
  }

  /// A loopback listener that never accepts: connections wait unanswered.
  final class SilentServer {
    let port: UInt16
    private let socket: Int32

    init() throws {
      let (socket, port) = try LoopbackReceiver.listen()
      self.socket = socket
      self.port = UInt16(port)
    }

    deinit { close(socket) }
  }

  @Test(arguments: [
    (
      "postgres", "url: \"postgresql://u@127.0.0.1:PORT/db\", connect_timeout: 2s",
      "select 1 as value, now() as time where $1::text <> $2::text"
    ),
    (
      "influxdb",
      "url: \"http://127.0.0.1:PORT\", database: d, connect_timeout: 2s, statement_timeout: 3s",
      "SELECT sum(v) FROM m WHERE time >= $1 AND time < $2"
    ),
  ])
  func aServerThatNeverAnswersTimesOutAndTheOthersComplete(
    type: String, source: String, query: String
  ) throws {
    let server = try SilentServer()
    let workspace = try TestWorkspace()
    try workspace.sqlite(
      "local.db",
      "CREATE TABLE s(t TEXT); INSERT INTO s VALUES (strftime('%Y-%m-%dT%H:00:00Z', 'now', '-2 hours'));"
    )
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      sources:
        - {name: local, type: sqlite, path: local.db}
        - {name: silent, type: \(type), \(source.replacingOccurrences(of: "PORT", with: String(server.port)))}
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version}]}
      importers:
        - {name: silent, source: silent, group: sessions, query: "\(query)"}
        - {name: local, source: local, group: sessions, query: "select count(*) as value, t as time from s where t >= $1 and t < $2 group by 2"}
      """)
    let started = Date()
    let result = try CommandRunner.run(["import"], in: workspace.directory)
    let elapsed = Date().timeIntervalSince(started)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("importer `silent` (source `silent`)"))
    #expect(result.stdout.contains("local: imported"))
    #expect(elapsed < 30, "the timeout did not fire: \(elapsed) s")
    #expect(
      try Store(path: workspace.path(".stability/store.db")).state(of: "silent")?.watermark == nil)
    withExtendedLifetime(server) {}
  }
}
