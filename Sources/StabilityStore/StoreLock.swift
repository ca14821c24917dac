import Foundation
import StabilityCore
import StabilitySQLite

/// An exclusive lock on a store, so two runs never import into it at once.
///
/// It is an advisory `flock` on `<store>.lock`, which the kernel releases when
/// the holding process exits in any way — a lock left by a killed run is
/// therefore never stale. The file records the holder's pid, command and
/// start time for the message the second run prints.
package final class StoreLock {
  private let descriptor: Int32

  /// Another process holds the lock (exit 75).
  struct Held: StabilityError {
    /// What the lock file says about the holder.
    let holder: String
    /// The lock file.
    package let path: String
    package var exitStatus: ExitStatus { .locked }
    public var description: String {
      "another stability run holds the store's lock (\(holder)); wait for it to finish. Lock file: \(path)"
    }
  }

  /// Takes the lock for `storePath` or throws `Held` at once. A file at
  /// `storePath` that is not a store is refused first, so no lock file is
  /// left beside someone else's file.
  public init(storePath: String, command: String, now: Int64) throws {
    try StoreIdentity.requireNotFolder(storePath)
    if FileManager.default.fileExists(atPath: storePath) {
      let database: SQLiteDatabase
      do {
        database = try SQLiteDatabase(path: storePath, mode: .readOnly)
      } catch let error as SQLiteError {
        throw StoreError.unavailable(path: storePath, reason: error.message)
      }
      do {
        try StoreIdentity.requireStore(database, path: storePath)
      } catch is StoreIdentity.RecoveryNeeded {
        // A run killed mid-write left a hot journal: only the store's own
        // read-write connection, opened under this lock, can roll it back,
        // and it checks the identity again before anything else.
      }
    }
    let path = storePath + ".lock"
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw StoreError.unavailable(path: path, reason: String(cString: strerror(errno)))
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let holder =
        (try? String(contentsOfFile: path, encoding: .utf8))?
        .split(separator: "\n").joined(separator: ", ") ?? "unknown holder"
      close(descriptor)
      throw Held(holder: holder.isEmpty ? "unknown holder" : holder, path: path)
    }
    let note = "pid \(getpid())\ncommand \(command)\nstarted \(UTCTime.iso8601(now))\n"
    _ = ftruncate(descriptor, 0)
    _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
  }

  deinit {
    _ = ftruncate(descriptor, 0)
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
