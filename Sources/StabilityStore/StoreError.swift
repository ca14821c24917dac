import StabilityCore
import StabilitySQLite

/// Problems opening or writing the store.
enum StoreError: StabilityError {
  /// The store file or its directory cannot be opened or created.
  case unavailable(path: String, reason: String)
  /// The store was written by a newer program version.
  case newerSchema(path: String, found: Int64, supported: Int)
  /// An SQLite error while reading or writing.
  case sqlite(path: String, SQLiteError)
  /// A command that only reads found no store file (it never creates one).
  case missing(path: String)
  /// The file is not a store (`StoreIdentity`); it was left as it was.
  case foreign(path: String, what: String)

  package var exitStatus: ExitStatus { .unavailable }

  public var description: String {
    switch self {
    case .unavailable(let path, let reason):
      return
        "cannot open the store \(path): \(reason). Check the directory exists and is writable, "
        + "or pass another path with \(CommandSyntax.store)."
    case .newerSchema(let path, let found, let supported):
      return
        "the store \(path) has schema version \(found), newer than this program's \(supported). "
        + "Upgrade stability, or point \(CommandSyntax.store) at another file."
    case .sqlite(let path, let error):
      return "the store \(path) failed: \(error.message)."
    case .missing(let path):
      return
        "no store at \(path): nothing was imported there yet, or \(CommandSyntax.store) or `store:` names "
        + "another file. Run \(CommandSyntax.importCommand) first (or check the path); nothing was written."
    case .foreign(let path, let what):
      return
        "refusing to use \(path) as the store: it is \(what), not a stability store. Nothing "
        + "was written to it. Point \(CommandSyntax.store) or `store:` at a new file (e.g. .stability/store.db)."
    }
  }
}
