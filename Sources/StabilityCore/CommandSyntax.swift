/// How the command line is spelled in messages that stages below the
/// executable throw or print (a store error, an importer's advice): the
/// one place outside `Sources/stability/` that names a subcommand or a
/// flag, so renaming one is an edit here and in the command's options.
/// Sentences around them stay with their reasons; pages and the digest
/// word things in `StabilityReport/Rendering`.
package enum CommandSyntax {
  /// The option naming the store file.
  package static let store = "--store"
  /// The option naming the config file.
  public static let config = "--config"
  /// `demo`'s folder option.
  package static let demoFolder = "--dir"
  /// `import`'s span options.
  package static let since = "--since"
  package static let until = "--until"
  /// The command that writes an example project.
  package static let demo = "`stability demo`"
  /// The command that imports.
  package static let importCommand = "`stability import`"

  /// Re-reads `importer`'s history from its `since`.
  package static func reset(_ importer: String) -> String {
    "`stability import \(importer) --reset`"
  }

  /// Runs `importer` now, due or not.
  package static func force(_ importer: String) -> String {
    "`stability import \(importer) --force`"
  }

  /// Imports a span again for any importer.
  package static let importSpan = "`stability import NAME --since … --until …`"

  /// Sends `entry` a test message.
  package static func notifyTest(_ entry: String) -> String {
    "`stability notify --test \(entry)`"
  }
}
