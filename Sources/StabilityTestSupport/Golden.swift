import Foundation

/// Whole-output comparison with checked-in files. Set `STABILITY_RECORD_GOLDEN=1`
/// (`make record-golden`) to rewrite them; review the change as a diff.
public enum Golden {
  /// Whether this run records instead of comparing.
  public static var recording: Bool {
    ProcessInfo.processInfo.environment["STABILITY_RECORD_GOLDEN"] == "1"
  }

  /// nil when `actual` equals the file at `path` (or was recorded); otherwise
  /// a line diff to show in the failure.
  public static func mismatch(_ actual: String, file path: String) throws -> String? {
    if recording {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
      return nil
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      return "no golden file at \(path); run `make record-golden` and review it"
    }
    return expected == actual ? nil : diff(expected: expected, actual: actual, path: path)
  }

  static func diff(expected: String, actual: String, path: String) -> String {
    let old = expected.components(separatedBy: "\n")
    let new = actual.components(separatedBy: "\n")
    var lines = ["\(path) differs (- expected, + actual):"]
    for index in 0..<max(old.count, new.count) {
      let left = index < old.count ? old[index] : nil
      let right = index < new.count ? new[index] : nil
      guard left != right else { continue }
      if let left { lines.append("\(index + 1): - \(left)") }
      if let right { lines.append("\(index + 1): + \(right)") }
      if lines.count > 40 {
        lines.append("…")
        break
      }
    }
    return lines.joined(separator: "\n")
  }
}
