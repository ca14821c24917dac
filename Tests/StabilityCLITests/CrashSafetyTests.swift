import Foundation
import StabilityCore
import StabilityTestSupport
import Testing

/// SIGKILL at random moments never loses or doubles data, and never leaves
/// half a site.
@Suite struct CrashSafetyTests {
  /// A small demo (about 40,000 sessions) whose import takes a moment.
  func demoWorkspace() throws -> TestWorkspace {
    let workspace = try TestWorkspace()
    let demo = try CommandRunner.run(
      ["demo", "--dir", "demo", "--out", "first-site", "--scale", "0.25", "--quiet"],
      in: workspace.directory)
    try #require(demo.status == 0, "\(demo.stderr)")
    return workspace
  }

  static let pinned = ["SOURCE_DATE_EPOCH": "1795737600"]

  func scores(_ workspace: TestWorkspace, store: String) throws -> String {
    let result = try CommandRunner.run(
      [
        "report", "--config", "demo/stability.yaml", "--store", store, "--format", "json", "--out",
        "out-\(store)",
        "--end", "today",
      ], in: workspace.directory, environment: Self.pinned)
    try #require(result.status == 0, "\(result.stderr)")
    return try String(contentsOfFile: workspace.path("out-\(store)/scores.json"), encoding: .utf8)
  }

  /// Starts `stability arguments…` and kills it with SIGKILL after `delay`
  /// seconds; true when the kill hit the running process (false when it had
  /// already exited, so nothing was interrupted).
  @discardableResult
  func killed(
    _ arguments: [String], in workspace: TestWorkspace, after delay: Double,
    environment: [String: String] = [:]
  ) throws -> Bool {
    let process = Process()
    process.executableURL = CommandRunner.binary
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: workspace.directory)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    Thread.sleep(forTimeInterval: delay)
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL
  }

  @Test func importKilledAtRandomMomentsEndsWithTheSameScores() throws {
    let workspace = try demoWorkspace()
    let started = Date()
    let reference = try CommandRunner.run(
      ["import", "--config", "demo/stability.yaml", "--store", "reference.db"],
      in: workspace.directory)
    try #require(reference.status == 0)
    let duration = Date().timeIntervalSince(started)
    let expected = try scores(workspace, store: "reference.db")
    var random = SeededRandom(seed: 20_261_127)
    var interrupted = 0
    for trial in 0..<20 {
      let store = "trial\(trial).db"
      // Kill once or twice at random moments, then let it finish.
      for _ in 0..<(1 + trial % 2) {
        // Within the first 60% of a reference run, so the kill lands while
        // it imports even when parallel tests make that run slower than this one.
        let delay = 0.6 * duration * Double(random.next() % 1000) / 1000
        if try killed(
          ["import", "--config", "demo/stability.yaml", "--store", store], in: workspace,
          after: delay)
        {
          interrupted += 1
        }
      }
      let finish = try CommandRunner.run(
        ["import", "--config", "demo/stability.yaml", "--store", store], in: workspace.directory)
      #expect(finish.status == 0, "trial \(trial): \(finish.stderr)")
      #expect(try scores(workspace, store: store) == expected, "trial \(trial) differs")
    }
    // 30 kills are sent; at least half must have hit a running import.
    #expect(interrupted >= 15, "\(interrupted) of 30 kills hit a running import")
  }

  @Test func reportKilledMidWriteLeavesTheOldOrTheNewSite() throws {
    let workspace = try demoWorkspace()
    let imported = try CommandRunner.run(
      ["import", "--config", "demo/stability.yaml"], in: workspace.directory)
    try #require(imported.status == 0)
    func report(_ epoch: String, out: String) throws {
      let result = try CommandRunner.run(
        ["report", "--config", "demo/stability.yaml", "--out", out], in: workspace.directory,
        environment: ["SOURCE_DATE_EPOCH": epoch])
      try #require(result.status == 0)
    }
    try report("1795737600", out: "old")
    try report("1795824000", out: "new")
    let old = try workspace.files(under: "old")
    let new = try workspace.files(under: "new")
    try report("1795737600", out: "site")
    let started = Date()
    try report("1795824000", out: "timing")
    let duration = Date().timeIntervalSince(started)
    var random = SeededRandom(seed: 42)
    var sawNew = false
    for _ in 0..<20 {
      try killed(
        ["report", "--config", "demo/stability.yaml", "--out", "site"], in: workspace,
        // Up to 2× the measured time: most trials are cut short, some finish.
        after: 2 * duration * Double(random.next() % 1000) / 1000,
        environment: ["SOURCE_DATE_EPOCH": "1795824000"])
      let site = try workspace.files(under: "site")
      #expect(site == old || site == new, "site/ is neither the old nor the new site")
      sawNew = sawNew || site == new
      if site == new { try report("1795737600", out: "site") }
    }
    #expect(sawNew, "no trial let the report finish; the kill delays are off")
  }
}
