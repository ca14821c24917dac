import StabilityCore

/// The error side of one group-by attribute over the window: E(v), E(f, v)
/// and first_seen(f). It does not depend on the metric group, so
/// `WindowErrors` builds it once per report.
struct AttributeErrors {
  /// E(v), I(v), approximate(v).
  let errors: [ByteString: ErrorTally]
  /// The window's (fingerprint, value) cells, ordered by fingerprint.
  let cells: [ErrorCell]
  /// Each fingerprint's cells: E(f, v) for its values.
  let fingerprintCells: [ByteString: Range<Int>]
  /// The value of each `ErrorCell.valueIndex`.
  let values: [ByteString]
  /// first_seen(f) for ordered attributes.
  let firstSeen: [ByteString: ByteString]

  /// From the window's cells (ordered by fingerprint) and, for ordered
  /// attributes, every value each fingerprint was ever seen at.
  init(
    attribute: LinkedAttribute, cells: [ErrorCell],
    everSeen: [(fingerprint: ByteString, value: ByteString)]
  ) {
    var byIndex: [ErrorTally?] = []
    var values: [ByteString] = []
    var fingerprintCells: [ByteString: Range<Int>] = [:]
    var start = 0
    for (offset, cell) in cells.enumerated() {
      let index = Int(cell.valueIndex)
      while values.count <= index {
        values.append(ByteString(""))
        byIndex.append(nil)
      }
      values[index] = cell.value
      var tally = byIndex[index] ?? ErrorTally()
      tally.add(cell.tally)
      byIndex[index] = tally
      if offset + 1 == cells.count || cells[offset + 1].fingerprintID != cell.fingerprintID {
        fingerprintCells[cell.fingerprint] = start..<(offset + 1)
        start = offset + 1
      }
    }
    var errors: [ByteString: ErrorTally] = [:]
    for (index, tally) in byIndex.enumerated() {
      if let tally { errors[values[index]] = tally }
    }
    self.errors = errors
    self.cells = cells
    self.fingerprintCells = fingerprintCells
    self.values = values
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
