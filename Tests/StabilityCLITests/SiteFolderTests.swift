import Foundation
import StabilityTestSupport
import Testing

/// Issue 31.1: the output folder is the tool's. Publishing replaces a folder
/// whole, so a folder that is not a site stability wrote is refused (exit 2)
/// and left byte-identical; a user's own files come from `static/`.
@Suite struct SiteFolderTests {
  static let report = ["report", "--end", "2026-11-27", "--window", "7d"]

  @Test(arguments: [".", "..", "notes", "game.db"])
  func reportRefusesAFolderThatIsNotASite(out: String) throws {
    let workspace = try ReportCommandsTests().importedWorkspace()
    try workspace.write("notes/index.md", "Release train notes.")
    let before = try workspace.files()
    let refused = try CommandRunner.run(Self.report + ["--out", out], in: workspace.directory)
    #expect(refused.status == 2, "\(refused.stderr)")
    #expect(refused.stderr.contains("refusing to publish the site into"))
    #expect(try workspace.files() == before)
    #expect(FileManager.default.fileExists(atPath: workspace.path("stability.yaml")))
  }

  @Test func runRefusesTheConfigFolderAsOutputBeforeImporting() throws {
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml", ReportCommandsTests.config + "\n  out: .\n")
    try workspace.sqlite("game.db", ReportCommandsTests.data)
    let before = try workspace.files()
    let refused = try CommandRunner.run(["run"], in: workspace.directory)
    #expect(refused.status == 2, "\(refused.stderr)")
    #expect(
      refused.stderr.contains(
        "refusing to publish the site into \(workspace.directory): it is the config's folder, "
          + "which publishing would replace"), "\(refused.stderr)")
    // Nothing imported, no store created, every file as it was.
    #expect(try workspace.files() == before)
  }

  @Test func aSiteWithAUserFileAddedIsRefusedAndStaticFilesArePublished() throws {
    let workspace = try ReportCommandsTests().importedWorkspace()
    #expect(try CommandRunner.run(Self.report, in: workspace.directory).status == 0)
    let marker = try String(contentsOfFile: workspace.path("site/.stability-site"), encoding: .utf8)
    #expect(marker.contains("\nindex.html\n") && marker.contains("\nscores.json\n"))

    // A CNAME dropped into the published site would be deleted by the next report.
    try workspace.write("site/CNAME", "stability.example.com\n")
    let before = try workspace.files()
    let refused = try CommandRunner.run(Self.report, in: workspace.directory)
    #expect(refused.status == 2)
    #expect(
      refused.stderr.contains(
        "`CNAME` was added after stability wrote it, and publishing replaces the whole folder. "
          + "Move it into static/ next to stability.yaml"), "\(refused.stderr)")
    #expect(try workspace.files() == before)

    // Kept in static/, it is part of every site.
    try FileManager.default.removeItem(atPath: workspace.path("site/CNAME"))
    try workspace.write("static/CNAME", "stability.example.com\n")
    try workspace.write("static/.well-known/security.txt", "Contact: ops@example.com\n")
    for _ in 1...2 {
      let published = try CommandRunner.run(Self.report, in: workspace.directory)
      #expect(published.status == 0, "\(published.stderr)")
      #expect(
        try String(contentsOfFile: workspace.path("site/CNAME"), encoding: .utf8)
          == "stability.example.com\n")
      #expect(
        FileManager.default.fileExists(atPath: workspace.path("site/.well-known/security.txt")))
    }

    // A static file may not replace a generated page or the digest a report keeps.
    for name in ["index.html", "digest.md"] {
      try workspace.write("static/\(name)", "<p>mine</p>")
      let clash = try CommandRunner.run(Self.report, in: workspace.directory)
      #expect(clash.status == 2, "\(clash.stderr)")
      #expect(clash.stderr.contains("static/\(name) has the path of a file the report writes"))
      try FileManager.default.removeItem(atPath: workspace.path("static/\(name)"))
    }
    // Nor may the site be published inside static/ (every site would copy the last one).
    let nested = try CommandRunner.run(
      Self.report + ["--out", "static/site"], in: workspace.directory)
    #expect(nested.status == 2)
    #expect(nested.stderr.contains("it is inside the static/ folder"), "\(nested.stderr)")
  }

  @Test func aSiteFromBeforeTheMarkerIsReplacedAndAnEmptyFolderIsUsed() throws {
    let workspace = try ReportCommandsTests().importedWorkspace()
    // What an earlier version wrote: site names only, no marker.
    try workspace.write("old/index.html", "old")
    try workspace.write("old/versions/3.16.2.html", "old")
    try workspace.write("old/scores.json", "{\n  \"schema\": 2\n}")
    try FileManager.default.createDirectory(
      atPath: workspace.path("empty"), withIntermediateDirectories: true)
    for out in ["old", "empty"] {
      let published = try CommandRunner.run(Self.report + ["--out", out], in: workspace.directory)
      #expect(published.status == 0, "\(published.stderr)")
      #expect(FileManager.default.fileExists(atPath: workspace.path("\(out)/.stability-site")))
    }
    #expect(try String(contentsOfFile: workspace.path("old/index.html"), encoding: .utf8) != "old")
  }

  @Test func demoRefusesAFolderHoldingAProject() throws {
    let workspace = try TestWorkspace()
    try workspace.write("stability.yaml", "version: 1\nproject: Mine\n")
    try workspace.write("data.db", "mine")
    let before = try workspace.files()
    let refused = try CommandRunner.run(
      ["demo", "--dir", ".", "--out", "site"], in: workspace.directory)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("refusing to write the demo into \(workspace.directory)"))
    #expect(try workspace.files() == before)
  }
}
