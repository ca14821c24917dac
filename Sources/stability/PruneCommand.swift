import ArgumentParser
import StabilityStore

/// `stability prune`: deletes the data of importers no longer in the config.
struct PruneCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prune",
    abstract: "Delete the stored data of importers that are no longer in the config.",
    discussion: """
      Data of a renamed or removed importer is never counted, and `status` lists it; prune \
      deletes it for good, in one transaction, holding the store's lock.
      Example: stability prune
      """)

  @OptionGroup var options: GlobalOptions

  func run() throws {
    let config = try options.loadConfig()
    let store = try Store.existing(path: config.storePath)
    let lock = try StoreLock(
      storePath: config.storePath, command: "prune", now: options.environment.now())
    defer { withExtendedLifetime(lock) {} }
    let pruned = try store.prune(configured: config.importers.map(StoredImporter.init))
    if pruned.isEmpty { options.say("nothing to prune: every importer in the store is configured") }
    for orphan in pruned {
      options.say("pruned importer \(orphan.label): \(orphan.buckets) hour buckets deleted")
    }
  }
}
