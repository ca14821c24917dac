import Logging

/// Everything the library would otherwise read from the process: the clock,
/// environment variables and the working directory. Tests pin them.
package struct RunEnvironment: Sendable {
  /// The current time, whole seconds since the epoch (UTC).
  package var now: @Sendable () -> Int64
  /// Environment variables, for secrets (`password_env`, `${NAME}`).
  package var variables: [String: String]
  /// The directory relative paths on the command line are resolved against.
  package var workingDirectory: String
  /// Where the library logs (only the executable bootstraps logging).
  package var logger: Logger
  /// Called with (importer, rows read so far) while a long import streams.
  package var progress: (@Sendable (String, Int) -> Void)?

  /// The time stamped into outputs: `SOURCE_DATE_EPOCH` when set (reproducible
  /// builds), else now.
  package var generatedAt: Int64 {
    variables["SOURCE_DATE_EPOCH"].flatMap { Int64($0) } ?? now()
  }

  /// An environment with the given clock, variables and directory.
  public init(
    now: @escaping @Sendable () -> Int64, variables: [String: String], workingDirectory: String,
    logger: Logger = Logger(label: "stability", factory: { _ in SwiftLogNoOpLogHandler() }),
    progress: (@Sendable (String, Int) -> Void)? = nil
  ) {
    self.now = now
    self.variables = variables
    self.workingDirectory = workingDirectory
    self.logger = logger
    self.progress = progress
  }
}
