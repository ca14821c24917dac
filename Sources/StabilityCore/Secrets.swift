import Foundation

/// Secrets come from environment variables, never from the config file, and
/// never appear in output.
package enum Secrets {
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

  /// Whether `text` (a server's answer) repeats a secret part of `url` in
  /// any form a server may echo it: raw, percent-encoded in either case or
  /// twice, with its dot segments resolved or not. Compared per path
  /// segment, query value, user and password of six characters or more,
  /// decoded and ignoring case; a caller shows no text for which it is true.
  package static func echoes(_ text: String, partsOf url: URL) -> Bool {
    let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
    var parts = (components?.percentEncodedPath ?? "").split(separator: "/").map(String.init)
    parts += (components?.percentEncodedQuery ?? "").split(separator: "&").flatMap {
      $0.split(separator: "=", maxSplits: 1).map(String.init)
    }
    parts += [components?.percentEncodedUser, components?.percentEncodedPassword].compactMap { $0 }
    let secrets = parts.map { decoded($0).lowercased() }.filter { $0.count >= 6 }
    let seen = decoded(text).lowercased()
    return secrets.contains { seen.contains($0) }
  }

  /// `text` with `%XX` sequences decoded, repeatedly (a server may encode
  /// twice); invalid sequences stay as they are.
  static func decoded(_ text: String) -> String {
    var current = text
    for _ in 0..<3 {
      var bytes: [UInt8] = []
      let utf8 = Array(current.utf8)
      var index = 0
      while index < utf8.count {
        if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
          let byte = UInt8(
            String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
        {
          bytes.append(byte)
          index += 3
        } else {
          bytes.append(utf8[index])
          index += 1
        }
      }
      let next = String(decoding: bytes, as: UTF8.self)
      if next == current { break }
      current = next
    }
    return current
  }

  /// A connection URL or keyword string safe to print: the password part of
  /// `scheme://user:password@host` and any `password=…` keyword become `***`.
  package static func redact(_ connection: String) -> String {
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
