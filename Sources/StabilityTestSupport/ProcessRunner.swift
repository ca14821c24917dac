import Foundation

/// Runs a program to completion and collects what it printed; the one place
/// the test support starts processes (the built binary, psql, curl, netcat, sh).
package enum ProcessRunner {
  /// Runs `executable arguments…` with `environment` added to this process's,
  /// feeding it `input`. Standard error is read on another thread, so a chatty
  /// program cannot block on a full pipe.
  package static func run(
    _ executable: URL, _ arguments: [String], directory: String? = nil,
    environment: [String: String] = [:], input: String? = nil
  ) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    let errors = Pipe()
    let stdin = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = stdin
    try process.run()
    let errorData = ErrorData()
    let drained = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      errorData.value = errors.fileHandleForReading.readDataToEndOfFile()
      drained.signal()
    }
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errorData.value, as: UTF8.self))
  }

  private final class ErrorData: @unchecked Sendable {
    var value = Data()
  }
}
