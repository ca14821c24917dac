/// The process exit codes of method §6, decided in one place.
package enum ExitStatus: Int32, Sendable {
  /// Everything worked.
  case ok = 0
  /// A check failed (below threshold) or some importer failed.
  case failed = 1
  /// Bad usage or configuration.
  case usage = 2
  /// A source or the store is unavailable.
  case unavailable = 3
  /// No data for what was asked.
  case noData = 4
  /// Another run holds the store's lock.
  case locked = 75
}

/// An error the user can act on: one clear sentence plus what to do, and the
/// exit status it maps to.
package protocol StabilityError: Error, CustomStringConvertible {
  /// The process exit status for this error.
  var exitStatus: ExitStatus { get }
}
