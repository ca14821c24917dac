import Foundation

/// Secrets come from environment variables, never from the config file, and
/// never appear in output.
public enum Secrets {
  /// `text` with every `${NAME}` replaced by the environment variable NAME,
  /// plus the substituted values (to scrub from messages). A missing variable
  /// is named in the error, its value never.
  package static func expand(_ text: String, variables: [String: String]) throws -> (
    text: String, secrets: [String]
  ) {
    var result = ""
    var secrets: [String] = []
    var rest = Substring(text)
    while let open = rest.range(of: "${") {
      result += rest[..<open.lowerBound]
      guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
        throw SourceError.unavailable("an unterminated `${` in the url; write ${NAME}")
      }
      let name = String(rest[open.upperBound..<close])
      guard let value = variables[name] else {
        throw SourceError.unavailable(
          "environment variable \(name), used in the url, is not set; export it before running")
      }
      result += value
      secrets.append(value)
      rest = rest[rest.index(after: close)...]
    }
    return (result + rest, secrets)
  }

  /// `message` with every secret replaced by `***`.
  package static func scrub(_ message: String, secrets: [String]) -> String {
    secrets.filter { !$0.isEmpty }.reduce(message) {
      $0.replacingOccurrences(of: $1, with: "***")
    }
  }

  /// A connection URL or keyword string safe to print: the password part of
  /// `scheme://user:password@host` and any `password=…` keyword become `***`.
  public static func redact(_ connection: String) -> String {
    var text = connection
    if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].firstIndex(of: "@"),
      let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
    {
      text.replaceSubrange(text.index(after: colon)..<at, with: "***")
    }
    return text.replacingOccurrences(
      of: #"(?i)(password|pwd|token)=[^&\s]*"#, with: "$1=***", options: .regularExpression)
  }
}
