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
      3 a source or the store unavailable; 4 no data; 75 another run holds the lock. \
      `stability --version` prints the version.
      """,
    subcommands: [
      ValidateCommand.self, ImportCommand.self, TestQueryCommand.self, StatusCommand.self,
      ReportCommand.self, CheckCommand.self, RunCommand.self, NotifyCommand.self, DemoCommand.self,
      PruneCommand.self, VersionCommand.self,
    ])

  /// Parses, runs, and maps every failure to the exit codes of method §6.
  static func main() {
    stability_line_buffer_stdout()
    stability_return_large_blocks()
    // `stability --version` alone; `check --version V` and `report
    // --version V` keep their own option (ArgumentParser's version flag
    // would be listed on every subcommand beside it).
    if CommandLine.arguments.dropFirst() == ["--version"] {
      print(VersionCommand.text)
      Foundation.exit(0)
    }
    if let unknown = unknownSubcommand(in: Array(CommandLine.arguments.dropFirst())) {
      FileHandle.standardError.write(Data((unknown + "\n").utf8))
      Foundation.exit(ExitStatus.usage.rawValue)
    }
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

  /// The usage error for `stability rnu` or `stability help rnu`: the
  /// command is unknown, with the closest one; nil when the arguments name
  /// a subcommand (or are options, left to the parser).
  static func unknownSubcommand(in arguments: [String]) -> String? {
    let names = configuration.subcommands.map { $0._commandName }
    var words = arguments.prefix(2)[...]
    if words.first == "help" { words = words.dropFirst() }
    guard let word = words.first, !word.hasPrefix("-"), !names.contains(word), word != "help"
    else { return nil }
    return "error: `\(word)` is not a stability command"
      + (closest(to: word, in: names).map { "; did you mean `\($0)`?" } ?? ".")
      + "\nCommands: \(names.joined(separator: ", ")). See `stability --help`."
  }
}
