import StabilityCore

/// What changed for a group's attribute values between the previous run's
/// snapshot and this run's scores (method §6, the digest): regressions,
/// recoveries from them, and status changes, as values — found from typed
/// scores alone, without a site; `SiteBuilder+Digest` words them.
struct ValueChange: Equatable {
  /// What happened.
  enum Kind: Equatable {
    /// The calendar or same-age verdict became `regressed`.
    case regressed
    /// A value regressed last run and is no longer (calendar and same age).
    case noLongerRegressed
    /// The status moved to `to` from `from` (nil: not in the last run);
    /// `event` says as what the digest reports it.
    case status(from: ValueStatus?, to: ValueStatus, event: DigestEvent)
  }

  /// Positions in the group's `by` tables and their values.
  let table: Int
  let row: Int
  let kind: Kind

  /// The changes of `group`'s values with metric since `previous`, in table
  /// and value order, a value's regression change before its status change.
  static func find(_ group: GroupScores, previous: DigestSnapshot) -> [ValueChange] {
    // The group's values last time, by attribute and value (one lookup per row).
    var earlier: [String: [String: DigestSnapshot.Value]] = [:]
    for value in previous.groups.first(where: { $0.id == group.group.id })?.values ?? [] {
      earlier[value.attribute, default: [:]][value.value] = value
    }
    var changes: [ValueChange] = []
    for (tableIndex, table) in group.by.enumerated() {
      for (rowIndex, row) in table.values.enumerated() where row.metric > 0 {
        let before = earlier[table.attribute.name]?[row.value.string]
        let regressed = row.comparison?.verdict == .regressed
        let ageRegressed = row.ageMatched?.verdict == .regressed
        if (regressed && before?.verdict != .regressed)
          || (ageRegressed && before?.ageVerdict != .regressed)
        {
          changes.append(ValueChange(table: tableIndex, row: rowIndex, kind: .regressed))
        } else if before?.verdict == .regressed || before?.ageVerdict == .regressed,
          !regressed, !ageRegressed
        {
          changes.append(ValueChange(table: tableIndex, row: rowIndex, kind: .noLongerRegressed))
        }
        guard let status = row.status, let new = status.severity else { continue }
        let old = before?.status?.severity
        guard new != old, old != nil || new > 0 else { continue }
        // Critical → below target is still below target, not a recovery.
        let event: DigestEvent =
          new == 0 ? .recovered : (status == .critical ? .critical : .belowTarget)
        changes.append(
          ValueChange(
            table: tableIndex, row: rowIndex,
            kind: .status(from: before?.status, to: status, event: event)))
      }
    }
    return changes
  }
}
