/// One problem found in a config file, with where it is and what to do.
package struct Diagnostic: Sendable, CustomStringConvertible, Equatable {
  /// The config file's path as the user gave it.
  package var file: String
  /// 1-based line, 0 when unknown.
  package var line: Int
  /// 1-based column, 0 when unknown.
  var column: Int
  /// What is wrong, and what to do about it.
  package var message: String

  /// A problem at `file:line:column`.
  init(file: String, line: Int, column: Int, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `stability.yaml:12:5: error: …`, the form editors and CI logs link.
  public var description: String {
    line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
  }
}

/// A config file that could not be read or has problems; lists every one.
package enum ConfigError: StabilityError, Equatable {
  /// The file could not be read.
  case unreadable(file: String, reason: String)
  /// The file was read and has these problems (all of them, in file order).
  case invalid([Diagnostic])

  package var exitStatus: ExitStatus { .usage }

  public var description: String {
    switch self {
    case .unreadable(let file, let reason):
      return
        "\(file): error: cannot read the config file (\(reason)). "
        + "Pass its path with \(CommandSyntax.config), or run \(CommandSyntax.demo) to get an example."
    case .invalid(let diagnostics):
      let count = diagnostics.count
      return diagnostics.map(\.description).joined(separator: "\n")
        + "\n\(count) problem\(count == 1 ? "" : "s") in the config."
    }
  }
}
