/// Everything the library would otherwise read from the process: the clock,
/// environment variables and the working directory. Tests pin them.
public struct RunEnvironment: Sendable {
  /// The current time, whole seconds since the epoch (UTC).
  public var now: @Sendable () -> Int64
  /// Environment variables, for secrets (`password_env`, `${NAME}`).
  public var variables: [String: String]
  /// The directory relative paths on the command line are resolved against.
  public var workingDirectory: String

  /// An environment with the given clock, variables and directory.
  public init(
    now: @escaping @Sendable () -> Int64, variables: [String: String], workingDirectory: String
  ) {
    self.now = now
    self.variables = variables
    self.workingDirectory = workingDirectory
  }
}
