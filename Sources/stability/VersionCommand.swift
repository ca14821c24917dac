import ArgumentParser
import StabilityReport
import StabilitySQLite
import StabilitySources

/// `stability version` (and `--version`): this build and the libraries it
/// links, for a bug report.
struct VersionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "version",
    abstract: "Print stability's version and the SQLite, libpq and cmark it was built with.")

  /// The version of this build.
  static let number = "0.1.0"

  /// `stability 0.1.0 (SQLite 3.40.1, libpq 15.10, cmark 0.30.3)`.
  static var text: String {
    "stability \(number) (SQLite \(SQLiteDatabase.libraryVersion), libpq \(libpqVersion), "
      + "cmark \(MarkdownRenderer.libraryVersion))"
  }

  func run() throws { print(Self.text) }
}
