import Foundation
import Yams

/// Reads a composed YAML tree into typed values, recording every problem as a
/// `Diagnostic` with its line and column instead of stopping at the first.
final class YAMLReader {
  let file: String
  private(set) var diagnostics: [Diagnostic] = []

  init(file: String) { self.file = file }

  func report(_ message: String, at node: Node?) {
    let mark = node?.mark
    diagnostics.append(
      Diagnostic(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, message: message))
  }

  func reportLine(_ message: String, line: Int) {
    diagnostics.append(Diagnostic(file: file, line: line, column: 1, message: message))
  }

  /// The pairs of a mapping whose keys are all in `allowed`; unknown keys are
  /// reported with a did-you-mean, missing `required` keys too.
  func mapping(
    _ node: Node?, at path: String, allowed: [String], required: [String] = []
  ) -> [String: Node]? {
    guard let node else { return nil }
    guard let mapping = node.mapping else {
      report("`\(path)` must be a mapping of keys to values.", at: node)
      return nil
    }
    var result: [String: Node] = [:]
    for (key, value) in mapping {
      guard let name = key.scalar?.string else {
        report("`\(path)` has a key that is not a plain name.", at: key)
        continue
      }
      guard allowed.contains(name) else {
        report(unknownKeyMessage(name, in: path, allowed: allowed), at: key)
        continue
      }
      result[name] = value
    }
    for name in required where result[name] == nil {
      report("`\(path)` is missing the required key `\(name)`.", at: node)
    }
    return result
  }

  private func unknownKeyMessage(_ name: String, in path: String, allowed: [String]) -> String {
    let place = path.isEmpty ? "at the top level" : "in `\(path)`"
    var message = "unknown key `\(name)` \(place)."
    if let suggestion = closest(to: name, in: allowed) {
      message += " Did you mean `\(suggestion)`?"
    } else {
      message += " Allowed keys: \(allowed.joined(separator: ", "))."
    }
    return message
  }

  func sequence(_ node: Node?, at path: String) -> [Node] {
    guard let node else { return [] }
    guard let sequence = node.sequence else {
      report("`\(path)` must be a list.", at: node)
      return []
    }
    return Array(sequence)
  }

  func string(_ node: Node?, at path: String) -> String? {
    guard let node else { return nil }
    guard let scalar = node.scalar else {
      report("`\(path)` must be a single value, not a list or mapping.", at: node)
      return nil
    }
    return scalar.string
  }

  func nonEmptyString(_ node: Node?, at path: String) -> String? {
    guard let value = string(node, at: path) else { return nil }
    guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
      report("`\(path)` must not be empty.", at: node)
      return nil
    }
    return value
  }

  func number(_ node: Node?, at path: String, minimum: Double? = nil) -> Double? {
    guard let text = string(node, at: path) else { return nil }
    guard let value = Double(text), value.isFinite else {
      report("`\(path)` must be a number, not `\(text)`.", at: node)
      return nil
    }
    if let minimum, value < minimum {
      report("`\(path)` must be at least \(minimum.formatted), not \(text).", at: node)
      return nil
    }
    return value
  }

  /// A share written as a percentage, `0%`–`100%` (`0` alone too); nil
  /// when absent or wrong (reported). A bare number other than 0 is
  /// refused: `5` could mean 5% or 500%.
  func percent(_ node: Node?, at path: String) -> Double? {
    guard let text = string(node, at: path) else { return nil }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed == "0" { return 0 }
    guard trimmed.hasSuffix("%"), let value = Double(trimmed.dropLast()), value.isFinite,
      (0...100).contains(value)
    else {
      let hint =
        Double(trimmed).map { " (did you mean `\(($0 <= 1 ? $0 * 100 : $0).formatted)%`?)" } ?? ""
      report(
        "`\(path)` must be a percentage from 0% to 100%, like `1%`, not `\(text)`\(hint).", at: node
      )
      return nil
    }
    return value
  }

  /// A relative change as a fraction: `10%` or `0.1` (a bare number from 0
  /// to 1), up to `1000%`; nil when absent or wrong (reported). A bare
  /// number above 1 is refused: `10` could mean 10% or 1000%.
  func fraction(_ node: Node?, at path: String) -> Double? {
    guard let text = string(node, at: path) else { return nil }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasSuffix("%"), let value = Double(trimmed.dropLast()), value.isFinite,
      (0...1000).contains(value)
    {
      return value / 100
    }
    if let value = Double(trimmed), value.isFinite, (0...1).contains(value) { return value }
    let hint = Double(trimmed).map { $0 > 1 ? " (did you mean `\($0.formatted)%`?)" : "" } ?? ""
    report(
      "`\(path)` must be a change like `10%` or `0.1` (from 0 to 1000%), not `\(text)`\(hint).",
      at: node)
    return nil
  }

  func integer(_ node: Node?, at path: String, minimum: Int) -> Int? {
    guard let text = string(node, at: path) else { return nil }
    guard let value = Int(text), value >= minimum else {
      report("`\(path)` must be a whole number of at least \(minimum), not `\(text)`.", at: node)
      return nil
    }
    return value
  }

  func bool(_ node: Node?, at path: String) -> Bool? {
    guard let text = string(node, at: path) else { return nil }
    switch text {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default:
      report("`\(path)` must be true or false, not `\(text)`.", at: node)
      return nil
    }
  }

  func span(_ node: Node?, at path: String, allowZero: Bool) -> TimeSpan? {
    guard let text = string(node, at: path) else { return nil }
    guard let span = TimeSpan(parsing: text), allowZero || span.seconds > 0 else {
      report(
        "`\(path)` must be a duration like 90s, 15m, 1h, 7d or 2w, not `\(text)`"
          + (allowZero ? "." : " (and longer than zero)."), at: node)
      return nil
    }
    guard span.seconds <= TimeSpan.longest.seconds else {
      report(
        "`\(path)` is \(text); durations are at most \(TimeSpan.longest) (about ten years).",
        at: node)
      return nil
    }
    return span
  }

  func choice<T: RawRepresentable>(_ node: Node?, at path: String, _ type: T.Type) -> T?
  where T: CaseIterable, T.RawValue == String {
    guard let text = string(node, at: path) else { return nil }
    guard let value = T(rawValue: text) else {
      let options = T.allCases.map(\.rawValue).joined(separator: " | ")
      report("`\(path)` must be one of \(options), not `\(text)`.", at: node)
      return nil
    }
    return value
  }
}

/// The candidate within edit distance 2 of `name` (or sharing its first
/// three letters), for did-you-mean hints.
package func closest(to name: String, in candidates: [String]) -> String? {
  let scored = candidates.map { ($0, editDistance(name.lowercased(), $0.lowercased())) }
  if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 { return best.0 }
  return candidates.first {
    $0.count >= 3 && name.lowercased().hasPrefix($0.prefix(3).lowercased())
  }
}

func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  guard !a.isEmpty else { return b.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in stride(from: 1, through: b.count, by: 1) {
      let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
      current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
    }
    previous = current
  }
  return previous[b.count]
}

extension Double {
  /// `1000` rather than `1000.0` for whole numbers; used in messages.
  var formatted: String {
    self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
  }
}
