import Foundation

/// The result of running the built `stability` binary.
package struct CommandResult: Sendable {
  /// The exit status.
  package let status: Int32
  /// Everything written to standard output.
  package let stdout: String
  /// Everything written to standard error.
  package let stderr: String
}

/// Runs the `stability` executable built beside the test bundle, as a user would.
package enum CommandRunner {
  /// The built binary: next to the test bundle in `.build/<triple>/debug`.
  package static var binary: URL {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("stability")
    if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return packageRoot.appendingPathComponent(".build/debug/stability")
  }

  /// Runs `stability arguments…` in `directory` with `environment` added to the process's.
  package static func run(
    _ arguments: [String], in directory: String, environment: [String: String] = [:]
  ) throws -> CommandResult {
    try ProcessRunner.run(binary, arguments, directory: directory, environment: environment)
  }
}
