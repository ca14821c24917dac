import ArgumentParser
import Foundation
import StabilityCore

/// Shell completion from the config the command line names (`--config F`,
/// else `./stability.yaml`): importer, group and notify names as the user
/// wrote them. A config that does not load completes nothing.
enum ConfigCompletion {
  /// Completes with `names(config)`, filtered by what is typed so far.
  static func names(_ names: @escaping @Sendable (Config) -> [String]) -> CompletionKind {
    .custom { words, _, prefix in
      let path =
        Array(zip(words, words.dropFirst())).last { $0.0 == "--config" }?.1 ?? "stability.yaml"
      let directory = FileManager.default.currentDirectoryPath
      let environment = RunEnvironment(
        now: { Int64(Date().timeIntervalSince1970) }, variables: [:],
        workingDirectory: directory)
      guard let config = try? ConfigLoader.load(path: path, environment: environment) else {
        return []
      }
      return names(config).filter { $0.hasPrefix(prefix) }
    }
  }

  static let importers = names { $0.importers.map(\.name) }
  static let groups = names { $0.groups.map(\.id) }
  static let notify = names { $0.notify.map(\.name) }
}
