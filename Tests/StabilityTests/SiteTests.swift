import Foundation
import StabilityTestSupport
import Testing

@testable import StabilityCore
@testable import StabilityReport

/// The rendered site: golden files, escaping of hostile data, safe paths.
@Suite struct SiteTests {
  static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden/site").path

  func site(
    _ fixture: ScoresFixture, annotations: [String: String] = [:], notes: [String: String] = [:]
  )
    throws -> [String: String]
  {
    var config = fixture.config
    for (fingerprint, text) in annotations { config.annotations[ByteString(fingerprint)] = text }
    let scores = try ScoreCalculator(config: config, store: fixture.store)
      .scores(window: ScoresFixture.window, generatedAt: TestTime.nov27)
    let provenance = Provenance(
      config: config, states: try fixture.store.states(of: fixture.config.importers),
      window: ScoresFixture.window,
      now: TestTime.nov27)
    let builder = SiteBuilder(
      scores: scores, provenance: provenance, config: config, notes: Notes(texts: notes),
      templates: try TemplateSet.load(overrides: nil))
    return try builder.build(formats: ReportFormat.allCases)
  }

  @Test func embeddedTemplatesMatchTheTemplatesFolder() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("templates")
    var onDisk: [String: String] = [:]
    let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
    for case let relative as String in enumerator where relative.hasSuffix(".mustache") {
      onDisk[String(relative.dropLast(9))] = try String(
        contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
    }
    let differing = Set(onDisk.keys).union(EmbeddedTemplates.files.keys)
      .filter { onDisk[$0] != EmbeddedTemplates.files[$0] }.sorted()
    #expect(
      differing.isEmpty,
      "templates/ and the compiled-in copies differ (\(differing)): run `make templates`")
  }

  @Test func wholeSiteMatchesTheGoldenFiles() throws {
    let files = try site(
      try ScoresFixture(),
      annotations: [
        "fp-a":
          "Known crash in the **shader cache**; fixed in 3.16.11 ([REL-123](https://tracker.example/REL-123))."
      ],
      notes: [
        "index": "Release train **3.17** is rolling out.",
        "3.16.10": "Hotfix for the *login* crash.",
      ])
    var mismatches: [String] = []
    for (path, text) in files.sorted(by: { $0.key < $1.key }) {
      if let mismatch = try Golden.mismatch(text, file: "\(Self.goldenDirectory)/\(path)") {
        mismatches.append(mismatch)
      }
    }
    let enumerator = FileManager.default.enumerator(atPath: Self.goldenDirectory)
    while let relative = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(
        atPath: "\(Self.goldenDirectory)/\(relative)", isDirectory: &isDirectory)
      if !isDirectory.boolValue, files[relative] == nil, !Golden.recording {
        mismatches.append("golden file \(relative) is no longer produced")
      }
    }
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
    #expect(files.keys.contains("index.html") && files.keys.contains("versions/3.16.10.md"))
    #expect(files.keys.contains("fingerprints/fp-a.html") && files.keys.contains("scores.json"))
  }

  static let hostileFingerprints = [
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "../etc/passwd", "a/b", "A",
    "a",
    "q\"\u{301} onmouseover=alert(1) x=\"", "نص‮evil", String(repeating: "Z", count: 10_000),
    "nul\u{0}byte",
  ]

  @Test func hostileValuesRenderAsTextAndStayInsideTheSite() throws {
    let day = ScoresFixture.day
    let versions = ["1.0", "<b>2.0</b>", "../../x", "A", "a", "2.0\u{0}"]
    let fixture = try ScoresFixture(
      metrics: versions.map {
        StoreSeeder.metric(
          "sessions", [("version", $0), ("platform", "\"><svg onload=1>")], at: day, 500)
      },
      errors: Self.hostileFingerprints.enumerated().map { index, fingerprint in
        StoreSeeder.errors(
          fingerprint, [("version", versions[index % versions.count])], at: day, count: 1,
          impacted: 1)
      })
    let files = try site(
      fixture, annotations: ["A": "<script>alert(2)</script> and [x](javascript:alert(3))"])
    #expect(files.keys.allSatisfy(SiteWriter.isContained))
    #expect(
      Set(files.keys.map { $0.lowercased() }).count == files.count, "paths collide ignoring case")
    #expect(
      files.keys.filter { $0.hasPrefix("fingerprints/") }.count == Self.hostileFingerprints.count)
    #expect(
      files.keys.filter { $0.hasPrefix("versions/") && $0.hasSuffix(".html") }.count
        == versions.count)
    for (path, text) in files where path.hasSuffix(".html") || path.hasSuffix(".svg") {
      #expect(!text.contains("<script"), "\(path) has a script tag")
      #expect(!text.contains("<img"), "\(path) has an img tag")
      #expect(!text.contains("<b>2.0"), "\(path) has raw markup from data")
      #expect(!text.contains("javascript:"), "\(path) has a javascript: link")
      let escapedQuote = "\"\u{301} onmouseover"
      #expect(!text.contains(escapedQuote), "\(path) lets a quote out of an attribute")
      #expect(!text.unicodeScalars.contains("\u{0}"), "\(path) has a NUL")
    }
    let index = try #require(files["index.html"])
    #expect(index.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(index.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    let markdown = try #require(files["index.md"])
    #expect(markdown.contains("\\<script\\>alert(1)\\</script\\>"))
    #expect(!markdown.contains("<b>2.0"))
  }

  @Test(arguments: [
    "../etc", "a/b", "A", "a", "..", ".", "", "3.16.2", "ü", String(repeating: "x", count: 300),
  ])
  func slugsAreSafeFileNames(value: String) {
    let slug = SlugRegistry.base(ByteString(value))
    #expect(!slug.isEmpty && !slug.hasPrefix(".") && !slug.contains("/"))
    #expect(slug.utf8.count <= 80)
    #expect(slug.utf8.allSatisfy { $0 < 0x80 && $0 != 0x2F && $0 > 0x20 })
  }

  @Test func slugsNeverCollide() {
    let values = ["A", "a", "a-3b1d4f5e", "../etc", "_etc", "..etc", "\u{E9}", "e\u{301}"].map(
      ByteString.init)
    let registry = SlugRegistry(values: values)
    #expect(Set(values.map { registry[$0].lowercased() }).count == values.count)
  }

  @Test func sameInputsGiveByteIdenticalSites() throws {
    let first = try site(try ScoresFixture())
    let second = try site(try ScoresFixture())
    #expect(first == second)
  }

  @Test func writerSwapsTheWholeSiteAndKeepsTheOldOneOnFailure() throws {
    let workspace = try TestWorkspace()
    let out = workspace.path("site")
    try SiteWriter.write(["index.html": "old", "versions/1.html": "old"], to: out)
    try SiteWriter.write(["index.html": "new"], to: out)
    #expect(try String(contentsOfFile: out + "/index.html", encoding: .utf8) == "new")
    #expect(!FileManager.default.fileExists(atPath: out + "/versions/1.html"))
    #expect(throws: SiteWriter.WriteError.self) {
      try SiteWriter.write(["../escape": "x"], to: out)
    }
    #expect(try String(contentsOfFile: out + "/index.html", encoding: .utf8) == "new")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.directory)
    // No staging folder stays; the lock writers take turns on does.
    #expect(leftovers.sorted() == [".site.lock", "site"])
  }
}
