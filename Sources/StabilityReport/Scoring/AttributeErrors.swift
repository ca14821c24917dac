import StabilityCore

/// The error side of one group-by attribute over the window: E(v), E(f, v)
/// and first_seen(f), with fingerprints and values numbered (`WindowCells`).
/// It does not depend on the metric group, so `WindowErrors` builds it once
/// per report.
struct AttributeErrors: Sendable {
  /// E(v), I(v), approximate(v).
  let errors: [ByteString: ErrorTally]
  /// The window's (fingerprint, value) cells, ordered by fingerprint.
  let window: WindowCells
  /// Fingerprint f's cells are `cells[cellStarts[f] ..< cellStarts[f + 1]]`.
  let cellStarts: [Int32]
  /// first_seen(f) by fingerprint index, for ordered attributes (nil: none).
  let firstSeen: [ByteString?]

  /// The window's cells.
  var cells: [ErrorCell] { window.cells }
  /// The value of each `ErrorCell.valueIndex`.
  var values: [ByteString] { window.values }

  /// From the window's cells and, for ordered attributes, every value each
  /// fingerprint was ever seen at.
  init(
    attribute: LinkedAttribute, cells window: WindowCells,
    everSeen: [(fingerprint: Int32, value: ByteString)]
  ) {
    var byIndex = [ErrorTally?](repeating: nil, count: window.values.count)
    var cellStarts = [Int32](repeating: 0, count: window.fingerprints.count + 1)
    for cell in window.cells {
      let index = Int(cell.valueIndex)
      var tally = byIndex[index] ?? ErrorTally()
      tally.add(cell.tally)
      byIndex[index] = tally
      cellStarts[Int(cell.fingerprintIndex) + 1] += 1
    }
    for index in cellStarts.indices.dropFirst() { cellStarts[index] += cellStarts[index - 1] }
    var errors: [ByteString: ErrorTally] = [:]
    for (index, tally) in byIndex.enumerated() {
      if let tally { errors[window.values[index]] = tally }
    }
    self.errors = errors
    self.window = window
    self.cellStarts = cellStarts
    let defaultValue = ByteString(attribute.defaultValue)
    // Version order of each distinct value, computed once (comparing
    // versions splits them; there are few values and many pairs).
    let rank = Dictionary(
      uniqueKeysWithValues: Set(everSeen.map(\.value)).sorted(by: VersionOrder.less).enumerated()
        .map { ($1, $0) })
    var firstSeen = [ByteString?](repeating: nil, count: window.fingerprints.count)
    for (fingerprint, value) in everSeen {
      guard let current = firstSeen[Int(fingerprint)] else {
        firstSeen[Int(fingerprint)] = value
        continue
      }
      if current == defaultValue
        || (value != defaultValue && rank[value, default: 0] < rank[current, default: 0])
      {
        firstSeen[Int(fingerprint)] = value
      }
    }
    self.firstSeen = firstSeen
  }

  /// The cells of the fingerprint with index `fingerprint`.
  func cells(of fingerprint: Int32) -> ArraySlice<ErrorCell> {
    let index = Int(fingerprint)
    return window.cells[Int(cellStarts[index])..<Int(cellStarts[index + 1])]
  }
}
