import Foundation

/// Whole-output comparison with checked-in files. Set `STABILITY_RECORD_GOLDEN=1`
/// (`make record-golden`) to rewrite them; the run then fails, naming each
/// file it wrote, so a recording is never mistaken for a pass — review the
/// change as a diff and run the tests again.
package enum Golden {
  /// Whether this run records instead of comparing.
  package static var recording: Bool {
    ProcessInfo.processInfo.environment["STABILITY_RECORD_GOLDEN"] == "1"
  }

  /// nil when `actual` equals the file at `path`; otherwise why not: a line
  /// diff, no file, or (recording) that the file was written.
  package static func mismatch(_ actual: String, file path: String) throws -> String? {
    if recording {
      let current = try? String(contentsOfFile: path, encoding: .utf8)
      guard current != actual else { return nil }
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try actual.write(toFile: path, atomically: true, encoding: .utf8)
      return "recorded \(path) (STABILITY_RECORD_GOLDEN=1): review `git diff`, then run the "
        + "tests again without it"
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      return "no golden file at \(path); run `make record-golden` and review it"
    }
    return expected == actual ? nil : diff(expected: expected, actual: actual, path: path)
  }

  /// The lines removed (`-`) and inserted (`+`), with their line numbers in
  /// the expected and actual text: one inserted line shows as one line, not
  /// as every line after it.
  package static func diff(expected: String, actual: String, path: String) -> String {
    let old = expected.components(separatedBy: "\n")
    let new = actual.components(separatedBy: "\n")
    var lines = ["\(path) differs (- expected, + actual):"]
    for change in new.difference(from: old) {
      switch change {
      case .remove(let offset, let line, _): lines.append("\(offset + 1): - \(line)")
      case .insert(let offset, let line, _): lines.append("\(offset + 1): + \(line)")
      }
      if lines.count > 40 {
        lines.append("…")
        break
      }
    }
    return lines.joined(separator: "\n")
  }
}
