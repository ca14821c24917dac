import StabilityCore

/// How each result column of an importer's query is read (method §2.1).
package struct ColumnLayout: Sendable {
  /// What one column is.
  enum Role: Sendable, Equatable {
    case time
    case value
    case fingerprint
    case count
    case impacted
    case attribute(String)
  }

  /// Column names in result order.
  package let names: [String]
  /// The role of each column, in result order.
  let roles: [Role]

  /// What the per-row fast path reads from a column: its role without the
  /// attribute name (reading these copies no strings).
  enum Reading: UInt8, Sendable {
    case time, value, count, impacted
    /// A fingerprint or attribute cell: part of the series' key.
    case key
  }

  /// The reading of each column, in result order.
  let readings: [Reading]

  /// Whether an error series is a function of its key cells' bytes alone
  /// and no two byte strings give the same series (one fingerprint column,
  /// attribute names unique); valid UTF-8 text is the caller's to check.
  let errorKeyIsCanonical: Bool

  /// Interprets `names` for `importer`; throws `SourceError.columns` naming
  /// what is missing or left over.
  init(names: [String], importer: ImporterConfig, group: MetricGroup?) throws {
    self.names = names
    var seen: Set<String> = []
    let repeated = names.filter { !seen.insert($0).inserted }
    guard repeated.isEmpty else {
      // One of them would be read and the other dropped without a word.
      let list = Set(repeated).sorted().map { "`\($0)`" }.joined(separator: ", ")
      throw SourceError.columns(
        "the result has more than one column named \(list) (columns: \(names.joined(separator: ", "))); "
          + "give each column its own name with `AS`")
    }
    let timeIndex = names.firstIndex(of: importer.timeColumn)
    guard let timeIndex else {
      throw SourceError.columns(
        "the result has no `\(importer.timeColumn)` column (columns: \(names.joined(separator: ", "))); "
          + "name the time column `\(importer.timeColumn)` or set `time_column`")
    }
    var roles = [Role?](repeating: nil, count: names.count)
    roles[timeIndex] = .time
    if importer.isErrorImporter {
      try Self.assignErrorRoles(names, &roles)
    } else {
      try Self.assignMetricRoles(names, &roles, group: group)
    }
    self.roles = roles.map { $0 ?? .value }
    readings = self.roles.map { role in
      switch role {
      case .time: .time
      case .value: .value
      case .count: .count
      case .impacted: .impacted
      case .fingerprint, .attribute: .key
      }
    }
    let attributes = self.roles.compactMap { role -> String? in
      if case .attribute(let name) = role { return name }
      return nil
    }
    errorKeyIsCanonical =
      self.roles.filter { $0 == .fingerprint }.count == 1
      && Set(attributes).count == attributes.count
  }

  private static func assignErrorRoles(_ names: [String], _ roles: inout [Role?]) throws {
    for (index, name) in names.enumerated() where roles[index] == nil {
      switch name {
      case "fingerprint": roles[index] = .fingerprint
      case "count": roles[index] = .count
      case "impacted": roles[index] = .impacted
      default: roles[index] = .attribute(name)
      }
    }
    guard roles.contains(.fingerprint) else {
      throw SourceError.columns(
        "an error importer's result needs a `fingerprint` column (columns: \(names.joined(separator: ", ")))"
      )
    }
  }

  private static func assignMetricRoles(
    _ names: [String], _ roles: inout [Role?], group: MetricGroup?
  ) throws {
    let linked = Set(group?.attributes.map(\.name) ?? [])
    for (index, name) in names.enumerated() where roles[index] == nil && linked.contains(name) {
      roles[index] = .attribute(name)
    }
    if let index = names.indices.first(where: { roles[$0] == nil && names[$0] == "impacted" }) {
      // How many of a row's units had an error (method §2.1): only a count
      // group's units can be hit; an amount (minutes) cannot.
      guard group?.kind != .amount else {
        throw SourceError.columns(
          "column `impacted` says how many of a row's units had an error, but group "
            + "`\(group?.id ?? "?")` is an amount group (its units cannot be hit); remove the "
            + "column, or feed a `kind: count` group")
      }
      roles[index] = .impacted
    }
    if let valueIndex = names.indices.first(where: { roles[$0] == nil && names[$0] == "value" }) {
      roles[valueIndex] = .value
    } else {
      let remaining = names.indices.filter { roles[$0] == nil }
      if remaining.count == 1 { roles[remaining[0]] = .value }
    }
    let leftover = names.indices.filter { roles[$0] == nil }.map { "`\(names[$0])`" }
    if !leftover.isEmpty {
      throw SourceError.columns(
        "column\(leftover.count == 1 ? "" : "s") \(leftover.joined(separator: ", ")) "
          + "\(leftover.count == 1 ? "is" : "are") neither the time, the value (name it `value`) "
          + "nor an attribute linked to group `\(group?.id ?? "?")` "
          + "(\(linked.sorted().joined(separator: ", ")))")
    }
    guard roles.contains(.value) else {
      throw SourceError.columns("the result has no value column; name it `value`")
    }
  }

  /// A line per column: `time → time (iso8601)`, `mins_played → value`.
  package func describe(timeFormat: TimeFormat) -> [String] {
    zip(names, roles).map { name, role in
      switch role {
      case .time:
        return "\(name) → time (read as \(timeFormat.rawValue), any ISO 8601 form accepted)"
      case .value: return "\(name) → value"
      case .fingerprint: return "\(name) → fingerprint"
      case .count: return "\(name) → count"
      case .impacted: return "\(name) → impacted"
      case .attribute(let attribute): return "\(name) → attribute `\(attribute)`"
      }
    }
  }
}
