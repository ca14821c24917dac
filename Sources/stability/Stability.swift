import ArgumentParser
import CSupport
import Foundation
import StabilityCore

/// The `stability` command: normalizes error counts by a team's own metrics.
@main
struct Stability: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stability",
    abstract:
      "Stability scores: errors normalized by your own metrics, per version and fingerprint.",
    discussion: """
      Exit codes: 0 ok; 1 a check or an importer failed; 2 bad usage or config; \
      3 a source or the store unavailable; 4 no data; 75 another run holds the lock.
      """,
    subcommands: [
      ValidateCommand.self, ImportCommand.self, TestQueryCommand.self, StatusCommand.self,
      ReportCommand.self, CheckCommand.self, RunCommand.self, NotifyCommand.self, DemoCommand.self,
      PruneCommand.self,
    ])

  /// Parses, runs, and maps every failure to the exit codes of method §6.
  static func main() {
    stability_line_buffer_stdout()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as ConfigError {
      FileHandle.standardError.write(Data("\(error)\n".utf8))
      Foundation.exit(error.exitStatus.rawValue)
    } catch let error as StabilityError {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      Foundation.exit(error.exitStatus.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(ExitStatus.usage.rawValue)
      }
      exit(withError: error)
    }
  }
}
