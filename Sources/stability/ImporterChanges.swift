import Foundation
import StabilityCore
import StabilityStore

extension GlobalOptions {
  /// Warns, one line each, of the configured importers (those in `only`,
  /// all when empty) whose stored data was made with another kind or target:
  /// it no longer counts and the importer re-reads its history — now
  /// (`run`, `import`) or at its next run (`validate`, `pending`).
  func warnImporterChanges(
    in store: Store, config: Config, only names: [String] = [], pending: Bool
  ) throws {
    let configured = config.importers.filter { names.isEmpty || names.contains($0.name) }
    for change in try store.importerChanges(configured: configured.map(StoredImporter.init)) {
      FileHandle.standardError.write(Data("warning: \(change.sentence(pending: pending))\n".utf8))
    }
  }
}
