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
    attribute: LinkedAttribute, cells window: WindowCells, everSeen: EverSeen?
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
    self.firstSeen =
      everSeen.map { Self.firstSeen($0, fingerprints: window.fingerprints.count) }
      ?? []
  }

  /// first_seen(f): the lowest value in version order at which f ever had
  /// errors, the default value only when it has no other.
  private static func firstSeen(_ seen: EverSeen, fingerprints: Int) -> [ByteString?] {
    // Version order of each value, computed once (comparing versions
    // splits them; there are few values and many pairs). The default value
    // (index 0) ranks after every other.
    var rank = [Int](repeating: Int.max, count: seen.values.count)
    for (position, index) in seen.values.indices.dropFirst()
      .sorted(by: { VersionOrder.less(seen.values[$0], seen.values[$1]) }).enumerated()
    {
      rank[index] = position
    }
    var best = [Int32](repeating: -1, count: fingerprints)
    for (fingerprint, value) in seen.pairs {
      let current = best[Int(fingerprint)]
      if current < 0 || rank[Int(value)] < rank[Int(current)] { best[Int(fingerprint)] = value }
    }
    return best.map { $0 < 0 ? nil : seen.values[Int($0)] }
  }

  /// The cells of the fingerprint with index `fingerprint`.
  func cells(of fingerprint: Int32) -> ArraySlice<ErrorCell> {
    let index = Int(fingerprint)
    return window.cells[Int(cellStarts[index])..<Int(cellStarts[index + 1])]
  }
}
