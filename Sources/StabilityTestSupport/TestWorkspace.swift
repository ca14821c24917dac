import Foundation
import StabilityCore
import StabilitySQLite

/// A temporary directory with helpers to write a config, build SQLite source
/// databases and open the store; removed when the value is deinitialised.
package final class TestWorkspace {
  /// The directory's absolute path.
  package let directory: String

  /// Creates a fresh empty directory under the system's temp folder.
  package init() throws {
    let base = FileManager.default.temporaryDirectory.path
    directory = (base as NSString).appendingPathComponent("stability-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: directory) }

  /// The absolute path of `name` inside the workspace.
  package func path(_ name: String) -> String {
    (directory as NSString).appendingPathComponent(name)
  }

  /// Writes `text` to `name`, creating folders.
  @discardableResult
  package func write(_ name: String, _ text: String) throws -> String {
    let target = path(name)
    try FileManager.default.createDirectory(
      atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: target, atomically: true, encoding: .utf8)
    return target
  }

  /// Runs SQL against the SQLite file `name` (created when missing).
  package func sqlite(_ name: String, _ sql: String) throws {
    let database = try SQLiteDatabase(path: path(name), mode: .readWriteCreate)
    try database.execute(sql)
  }

  /// An environment pinned to `now`, with this workspace as working directory.
  package func environment(now: Int64, variables: [String: String] = [:]) -> RunEnvironment {
    RunEnvironment(now: { now }, variables: variables, workingDirectory: directory)
  }

  /// Every file under `folder` (the whole workspace by default) with its
  /// bytes, keyed by path relative to that folder: compare two of them to
  /// prove a command left files byte-identical.
  package func files(under folder: String = "") throws -> [String: Data] {
    let root = folder.isEmpty ? directory : path(folder)
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let file = (root as NSString).appendingPathComponent(relative)
      FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory)
      if !isDirectory.boolValue {
        files[relative] = try Data(contentsOf: URL(fileURLWithPath: file))
      }
    }
    return files
  }

  /// Loads `stability.yaml` from the workspace.
  package func config(_ name: String = "stability.yaml") throws -> Config {
    try ConfigLoader.load(path: name, environment: environment(now: 0))
  }
}

/// Fixed instants used across tests.
package enum TestTime {
  /// 2026-11-20T00:00:00Z.
  package static let nov20: Int64 = 1_795_132_800
  /// 2026-11-27T00:00:00Z.
  package static let nov27: Int64 = nov20 + 7 * 86_400
}
