import Foundation
import StabilityTestSupport
import Testing

@testable import StabilityCore
@testable import StabilityReport

/// A store with many fingerprints keeps `scores.json` small: it lists the
/// first `report.json_fingerprints` of each group and counts them all, while
/// `fingerprints.jsonl` holds every one (method §4).
@Suite struct FingerprintListTests {
  func site(listing: Int?) throws -> [String: String] {
    let fixture = try ScoresFixture()
    var config = fixture.config
    if let listing { config.report.jsonFingerprints = listing }
    config.report.topFingerprints = 3
    let scores = try ScoreCalculator(config: config, store: fixture.store)
      .scores(window: ScoresFixture.window, generatedAt: TestTime.nov27)
    let provenance = Provenance(
      config: config, states: try fixture.store.states(of: config.importers),
      window: ScoresFixture.window, now: TestTime.nov27)
    return try SiteBuilder(
      scores: scores, provenance: provenance, config: config, notes: Notes(texts: [:]),
      templates: try TemplateSet.load(overrides: nil)
    ).build(formats: ReportFormat.allCases)
  }

  func json(_ text: String?) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(try #require(text).utf8))
  }

  @Test func scoresListsTheFirstFingerprintsAndTheLinesListEveryOne() throws {
    let full = try site(listing: nil)
    let cut = try site(listing: 2)
    let fullGroups = try #require(
      (try json(full["scores.json"]) as? [String: Any])?["groups"] as? [[String: Any]])
    let cutGroups = try #require(
      (try json(cut["scores.json"]) as? [String: Any])?["groups"] as? [[String: Any]])
    #expect(fullGroups.count == 2)
    var expectedLines: [NSDictionary] = []
    for (whole, listed) in zip(fullGroups, cutGroups) {
      let all = try #require(whole["fingerprints"] as? [[String: Any]])
      // The fixture has 5 fingerprints per group, fewer than the default
      // 10,000: scores.json lists them all, as before the cut existed.
      #expect(all.count == 5)
      #expect(whole["fingerprints_total"] as? Int == 5)
      let first = try #require(listed["fingerprints"] as? [[String: Any]])
      #expect(first.count == 2)
      #expect(listed["fingerprints_total"] as? Int == 5)
      #expect(NSArray(array: first) == NSArray(array: Array(all.prefix(2))))
      // Everything but the list is the same.
      var rest = whole
      var cutRest = listed
      rest["fingerprints"] = nil
      cutRest["fingerprints"] = nil
      #expect(NSDictionary(dictionary: rest) == NSDictionary(dictionary: cutRest))
      let id = try #require(whole["id"] as? String)
      expectedLines += all.map { fingerprint in
        var line = fingerprint
        line["group"] = id
        return NSDictionary(dictionary: line)
      }
    }
    for site in [full, cut] {
      let text = try #require(site["fingerprints.jsonl"])
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.last == "", "ends with a line break")
      let objects = try lines.dropLast().map {
        try #require(try json(String($0)) as? [String: Any])
      }
      #expect(objects.map(NSDictionary.init(dictionary:)) == expectedLines)
      #expect(lines.dropLast().allSatisfy { $0.hasPrefix("{\"group\":") })
    }
    // The overview links the complete list.
    #expect(
      cut["index.html"]?.contains(
        "Top 3 of 5 fingerprints; every one is in <a href=\"fingerprints.jsonl\">"
          + "fingerprints.jsonl</a>") == true)
  }
}
