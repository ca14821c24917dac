import StabilityCore

/// method §3 coverage: an error counts in a group's rate only when its
/// primary attribute value (the first ordered one, normally `version`) has
/// metric in the window — so errors at versions the metric does not cover
/// (the seed's one-importer-per-version setup) are named, not divided by
/// another version's metric.
struct Coverage {
  /// Errors at values with metric in the window.
  let coveredErrors: Int64
  /// Per fingerprint index: its covered errors and covered impacted.
  let byFingerprint: [(errors: Int64, impacted: Int64)]
  /// Values with errors but no metric in the window, in method §3 order.
  let uncovered: [(value: ByteString, errors: Int64)]

  /// Coverage over the primary attribute's table; without an ordered
  /// attribute (`table` nil) every error in `cells` is covered.
  init(primary table: AttributeTable?, cells: WindowCells) {
    var byFingerprint = [(errors: Int64, impacted: Int64)](
      repeating: (0, 0), count: cells.fingerprints.count)
    var uncoveredErrors: [ByteString: Int64] = [:]
    for cell in table?.errorSide.cells ?? cells.cells {
      if let table, table.metricByIndex[Int(cell.valueIndex)] <= 0 {
        uncoveredErrors[table.errorSide.values[Int(cell.valueIndex)], default: 0] +=
          cell.tally.count
        continue
      }
      byFingerprint[Int(cell.fingerprintIndex)].errors += cell.tally.count
      byFingerprint[Int(cell.fingerprintIndex)].impacted += cell.tally.impacted
    }
    self.byFingerprint = byFingerprint
    coveredErrors = byFingerprint.reduce(0) { $0 + $1.errors }
    uncovered = (table?.order ?? []).compactMap { value in
      uncoveredErrors[value].flatMap { $0 > 0 ? (value, $0) : nil }
    }
  }
}
