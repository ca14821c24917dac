import StabilityCore
import StabilityStore

/// Everything a digest reports since the previous run (method §6), as values
/// found from typed scores, the importers with problems, the window's gaps
/// and the previous snapshot — no words and no site, so it is testable
/// alone; `SiteBuilder+Digest` words it. Also the snapshot the next run
/// compares against.
struct DigestChanges {
  /// Newly uncovered values of a group: errors with no metric, not in its rate.
  struct Uncovered {
    let group: Int
    let values: [(value: ByteString, errors: Int64)]
  }

  /// A fingerprint first seen at a value (`new_in`) that carries at least 1%
  /// of that value's errors; positions in `scores.groups[group].by[table]`.
  struct NewFingerprint {
    let group: Int
    let table: Int
    let row: Int
    let fingerprint: ByteString
    /// Its errors at that value.
    let errors: Int64
  }

  /// Regressions and status changes, per group index.
  let values: [(group: Int, change: ValueChange)]
  /// Versions released since the last run: indices into the group's `launches`.
  let newReleases: [(group: Int, launch: Int)]
  let uncovered: [Uncovered]
  let newFingerprints: [NewFingerprint]
  /// Importers that had a problem last run and have none now, in config order.
  let recoveredImporters: [String]
  /// Indices into `gaps.groups` of groups with a gap day the last run did not have.
  let newGaps: [Int]
  let snapshot: DigestSnapshot

  /// The changes of `scores` since `previous` (nil: a first run, which
  /// reports only what needs attention now: regressions, critical values and
  /// gaps). `importers` are the configured names in order, `failing` those
  /// with a problem now.
  init(
    scores: Scores, previous: DigestSnapshot?, importers: [String], failing: [String],
    gaps: GapReport
  ) {
    let gapDays = Self.gapDays(gaps)
    let notable = Self.notableFingerprints(scores)
    var values: [(group: Int, change: ValueChange)] = []
    var uncovered: [Uncovered] = []
    var newFingerprints: [NewFingerprint] = []
    var newReleases: [(group: Int, launch: Int)] = []
    if let previous {
      for (index, group) in scores.groups.enumerated() {
        values += ValueChange.find(group, previous: previous).map { (index, $0) }
        let before = Set(previous.groups.first { $0.id == group.group.id }?.uncovered ?? [])
        let new = group.uncovered.filter { !before.contains($0.value.string) }
        if !new.isEmpty, group.group.attributes.contains(where: \.ordered) {
          uncovered.append(Uncovered(group: index, values: new))
        }
      }
      for (index, group) in scores.groups.enumerated() {
        // A snapshot from before launches were kept knows none: call none new.
        guard let before = previous.groups.first(where: { $0.id == group.group.id })?.launched
        else { continue }
        let known = Set(before)
        newReleases += group.launches.indices.filter {
          !known.contains(group.launches[$0].value.string)
        }.map { (index, $0) }
      }
      let known = Set(previous.notableFingerprints)
      newFingerprints = notable.filter { !known.contains($0.fingerprint.string) }
    } else {
      let empty = DigestSnapshot(generatedAt: 0, groups: [], notableFingerprints: [])
      for (index, group) in scores.groups.enumerated() {
        values += ValueChange.find(group, previous: empty).filter { $0.kind.needsAttention }
          .map { (index, $0) }
      }
    }
    self.values = values
    self.newReleases = newReleases
    self.uncovered = uncovered
    self.newFingerprints = newFingerprints
    let failedBefore = Set(previous?.failingImporters ?? [])
    recoveredImporters = importers.filter { failedBefore.contains($0) && !failing.contains($0) }
    newGaps = gaps.groups.indices.filter { index in
      let id = gaps.groups[index].group.id
      let before = Set(previous?.groups.first { $0.id == id }?.gapDays ?? [])
      return (gapDays[id] ?? []).contains { !before.contains($0) }
    }
    let present = Set(scores.groups.flatMap { $0.fingerprints.map(\.fingerprint.string) })
    snapshot = DigestSnapshot(
      generatedAt: scores.generatedAt,
      groups: scores.groups.map { group in
        DigestSnapshot.Group(
          id: group.group.id,
          values: group.by.flatMap { table in
            table.values.map {
              DigestSnapshot.Value(
                attribute: table.attribute.name, value: $0.value.string, status: $0.status,
                verdict: $0.comparison?.verdict, ageVerdict: $0.ageMatched?.verdict)
            }
          },
          uncovered: group.uncovered.map(\.value.string), gapDays: gapDays[group.group.id] ?? [],
          launched: group.launches.map(\.value.string))
      },
      notableFingerprints: Set(
        (previous?.notableFingerprints ?? []) + notable.map(\.fingerprint.string)
      )
      .filter(present.contains).sorted(),
      failingImporters: Array(Set(failing)).sorted())
  }

  /// The start of each whole gap day, by group id.
  private static func gapDays(_ gaps: GapReport) -> [String: [Int64]] {
    var days: [String: [Int64]] = [:]
    for gap in gaps.groups {
      for span in gap.spans {
        for day in stride(from: span.start, to: span.end, by: Int(UTCTime.day)) {
          days[gap.group.id, default: []].append(day)
        }
      }
    }
    return days
  }

  /// Fingerprints first seen at a value of the first ordered attribute that
  /// carry at least 1% of that value's errors, once each (the first group
  /// and value that has it).
  private static func notableFingerprints(_ scores: Scores) -> [NewFingerprint] {
    var seen: Set<ByteString> = []
    var result: [NewFingerprint] = []
    for (groupIndex, group) in scores.groups.enumerated() {
      guard let tableIndex = group.by.firstIndex(where: { $0.attribute.ordered }) else {
        continue
      }
      let table = group.by[tableIndex]
      let fingerprints = Dictionary(
        group.fingerprints.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
      for (rowIndex, row) in table.values.enumerated() where row.errors > 0 {
        for fingerprint in row.newIn ?? [] where !seen.contains(fingerprint) {
          let here =
            fingerprints[fingerprint]?.by.first { $0.attribute == table.attribute.name }?.values
            .first { $0.value == row.value }?.errors ?? 0
          guard here * 100 >= row.errors else { continue }
          seen.insert(fingerprint)
          result.append(
            NewFingerprint(
              group: groupIndex, table: tableIndex, row: rowIndex, fingerprint: fingerprint,
              errors: here))
        }
      }
    }
    return result
  }
}

extension ValueChange.Kind {
  /// Whether a first run reports it: a regression or a value now critical.
  var needsAttention: Bool {
    switch self {
    case .regressed: true
    case .status(_, _, let event): event == .critical
    case .noLongerRegressed: false
    }
  }
}
