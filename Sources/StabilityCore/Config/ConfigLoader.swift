import Foundation
import Yams

/// Reads `stability.yaml` into a validated `Config`, reporting every problem at once.
package enum ConfigLoader {
  /// Loads and validates the config at `path` (relative to the environment's directory).
  package static func load(path: String, environment: RunEnvironment) throws -> Config {
    let absolute = absolutePath(path, relativeTo: environment.workingDirectory)
    let text: String
    do {
      text = try String(contentsOfFile: absolute, encoding: .utf8)
    } catch {
      let reason =
        FileManager.default.fileExists(atPath: absolute)
        ? "not readable UTF-8 text" : "no such file"
      throw ConfigError.unreadable(file: path, reason: reason)
    }
    return try parse(
      text, file: path, directory: (absolute as NSString).deletingLastPathComponent)
  }

  /// Validates config `text`; relative paths resolve against `directory`.
  package static func parse(_ text: String, file: String, directory: String) throws -> Config {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw ConfigError.invalid([yamlDiagnostic(error, file: file)])
    }
    let reader = YAMLReader(file: file)
    let builder = ConfigBuilder(reader: reader, directory: directory, file: file)
    let config = builder.build(root)
    guard reader.diagnostics.isEmpty, let config else {
      let sorted = reader.diagnostics.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
      throw ConfigError.invalid(
        sorted.isEmpty
          ? [Diagnostic(file: file, line: 0, column: 0, message: "the config file is empty.")]
          : sorted)
    }
    return config
  }

  private static func yamlDiagnostic(_ error: YamlError, file: String) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\($0.text) " } ?? ""
      return Diagnostic(
        file: file, line: mark.line, column: mark.column,
        message: "malformed YAML: \(detail)\(problem). Check indentation and quoting here.")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return Diagnostic(
        file: file, line: context.mark.line, column: context.mark.column,
        message: "duplicate key \(duplicates.map { "`\($0)`" }.joined(separator: ", ")).")
    default:
      return Diagnostic(file: file, line: 0, column: 0, message: "malformed YAML: \(error).")
    }
  }
}

/// `path` made absolute against `directory` (unchanged when already absolute).
package func absolutePath(_ path: String, relativeTo directory: String) -> String {
  let expanded = (path as NSString).expandingTildeInPath
  if expanded.hasPrefix("/") { return (expanded as NSString).standardizingPath }
  return ((directory as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
}
