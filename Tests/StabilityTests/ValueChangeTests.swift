import StabilityCore
import Testing

@testable import StabilityReport

/// The digest's change detection works on typed scores and a snapshot, with
/// no site: method §6's example, 42 errors in 2,000 sessions at 3.16.10
/// against 10 in 1,000 at 3.16.2 (z = 2.157, regressed), 32 impacted
/// (1 − 32/2,000 = 98.4%: critical below 99%).
@Suite struct ValueChangeTests {
  func versionChanges(previous: DigestSnapshot) throws -> [ValueChange] {
    let group = try #require(try ScoresFixture().scores().groups.first)
    let table = try #require(group.by.firstIndex { $0.attribute.name == "version" })
    let row = try #require(group.by[table].values.firstIndex { $0.value == ByteString("3.16.10") })
    return ValueChange.find(group, previous: previous).filter {
      $0.table == table && $0.row == row
    }.map { ValueChange(table: 0, row: 0, kind: $0.kind) }
  }

  static func snapshot(status: ValueStatus, verdict: Verdict) -> DigestSnapshot {
    DigestSnapshot(
      generatedAt: 0,
      groups: [
        DigestSnapshot.Group(
          id: "sessions",
          values: [
            DigestSnapshot.Value(
              attribute: "version", value: "3.16.10", status: status, verdict: verdict,
              ageVerdict: nil)
          ], uncovered: [], gapDays: [])
      ], notableFingerprints: [])
  }

  @Test func aNewRegressionAndAStatusThatFellAreFound() throws {
    let changes = try versionChanges(previous: Self.snapshot(status: .ok, verdict: .unchanged))
    #expect(
      changes.map(\.kind) == [
        .regressed, .status(from: .ok, to: .critical, event: .critical),
      ])
  }

  @Test func nothingIsFoundWhenNothingChanged() throws {
    #expect(
      try versionChanges(previous: Self.snapshot(status: .critical, verdict: .regressed)).isEmpty)
  }
}
