/// The error side of one group-by attribute over the window: E(v), E(f, v)
/// and first_seen(f). It does not depend on the metric group, so
/// `WindowErrors` builds it once per report.
struct AttributeErrors {
  /// E(v), I(v), approximate(v).
  let errors: [ByteString: ErrorTally]
  /// E(f, v).
  let fingerprintErrors: [ByteString: [ByteString: Int64]]
  /// first_seen(f) for ordered attributes.
  let firstSeen: [ByteString: ByteString]

  /// From the window's cells (ordered by fingerprint) and, for ordered
  /// attributes, every value each fingerprint was ever seen at.
  init(
    attribute: LinkedAttribute, cells: [ErrorCell],
    everSeen: [(fingerprint: ByteString, value: ByteString)]
  ) {
    var errors: [ByteString: ErrorTally] = [:]
    var byFingerprint: [ByteString: [ByteString: Int64]] = [:]
    // Cells come ordered by fingerprint: one inner table per run of cells.
    var start = 0
    while start < cells.count {
      var end = start
      var counts: [ByteString: Int64] = [:]
      while end < cells.count, cells[end].fingerprintID == cells[start].fingerprintID {
        let cell = cells[end]
        errors[cell.value, default: ErrorTally()].add(
          ErrorTally(count: cell.count, impacted: cell.impacted, approximate: cell.approximate))
        counts[cell.value, default: 0] += cell.count
        end += 1
      }
      byFingerprint[cells[start].fingerprint, default: [:]].merge(counts, uniquingKeysWith: +)
      start = end
    }
    self.errors = errors
    fingerprintErrors = byFingerprint
    let defaultValue = ByteString(attribute.defaultValue)
    // Version order of each distinct value, computed once (comparing
    // versions splits them; there are few values and many pairs).
    let rank = Dictionary(
      uniqueKeysWithValues: Set(everSeen.map(\.value)).sorted(by: VersionOrder.less).enumerated()
        .map { ($1, $0) })
    var firstSeen: [ByteString: ByteString] = [:]
    for (fingerprint, value) in everSeen {
      guard let current = firstSeen[fingerprint] else {
        firstSeen[fingerprint] = value
        continue
      }
      if current == defaultValue
        || (value != defaultValue && rank[value, default: 0] < rank[current, default: 0])
      {
        firstSeen[fingerprint] = value
      }
    }
    self.firstSeen = firstSeen
  }
}
