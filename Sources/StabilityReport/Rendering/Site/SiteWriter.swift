import CSupport
import Foundation
import StabilityCore

/// Writes a built site so a web host never serves half of it: every file goes
/// into a temporary sibling folder, which then replaces the output folder in
/// one atomic exchange (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames).
/// Writers of one folder take turns on a lock file beside it (`.site.lock`),
/// so one writer's cleanup never removes another's staging folder. Only a
/// folder `SiteFolder` calls replaceable is replaced; the new site carries
/// its marker and the files of the `static/` folder.
enum SiteWriter {
  /// Problems writing the site (the previous site stays whole).
  struct WriteError: StabilityError {
    /// What failed and what to do.
    let description: String
    package var exitStatus: ExitStatus { .failed }
  }

  /// Replaces `directory` with exactly `files` (relative path → content)
  /// plus the `streamed` files, each written by its closure to the path it
  /// is given (for files too large to hold in memory).
  /// `waiting` is called when another writer holds the folder's lock, before waiting for it.
  /// The folder must pass `SiteFolder.checkReplaceable` with `protected`;
  /// the files under `staticFolder` are copied in first and may not share a
  /// path with a generated file.
  static func write(
    _ files: [String: String], streamed: [String: @Sendable (String) throws -> Void] = [:],
    to directory: String, carryingOver kept: [String] = [],
    protecting protected: [ProtectedPath] = [],
    staticFolder: String? = nil, waiting: () -> Void = {}
  ) throws {
    try write(
      rendering: { files }, streamed: streamed, to: directory, carryingOver: kept,
      protecting: protected, staticFolder: staticFolder, waiting: waiting)
  }

  /// The same, with the files made by `render` once the folder's lock is
  /// held and the staging folder exists, while the `streamed` files are
  /// written on a second thread: rendering the pages and writing the large
  /// JSON files overlap. An error from `render` is thrown as it is.
  static func write(
    rendering render: () throws -> [String: String],
    streamed: [String: @Sendable (String) throws -> Void] = [:],
    to directory: String, carryingOver kept: [String] = [],
    protecting protected: [ProtectedPath] = [],
    staticFolder: String? = nil, waiting: () -> Void = {}
  ) throws {
    let manager = FileManager.default
    let parent = (directory as NSString).deletingLastPathComponent
    let name = (directory as NSString).lastPathComponent
    let staging = (parent as NSString).appendingPathComponent(".\(name).new-\(getpid())")
    let lock: Int32
    do {
      try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
      lock = try takeLock((parent as NSString).appendingPathComponent(".\(name).lock"), waiting)
    } catch let error as WriteError {
      throw error
    } catch {
      throw WriteError(
        description: "cannot write the site into \(parent): \(error.localizedDescription). "
          + "The previous site is unchanged; check the folder is writable.")
    }
    defer { close(lock) }  // closing releases the lock
    try SiteFolder.checkReplaceable(directory, protecting: protected)
    let extras = staticFolder.map(SiteFolder.files(in:)) ?? []
    func refuseClashes(_ files: [String: String]) throws {
      for relative in extras
      where files[relative] != nil || streamed[relative] != nil || kept.contains(relative)
        || relative == SiteFolder.marker
      {
        throw SiteFolder.Refusal(
          description:
            "\(SiteFolder.staticFolderName)/\(relative) has the path of a file the report "
            + "writes; rename or remove it (a page is changed with --templates, not by replacing it)."
        )
      }
    }
    try refuseClashes([:])
    for relative in streamed.keys where !isContained(relative) || relative.contains("/") {
      throw WriteError(description: "refusing to write \(relative): outside the output folder")
    }
    do {
      // Holding the lock: any other staging folder was left by a killed writer.
      removeLeftovers(of: name, in: parent)
      try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
    } catch {
      throw WriteError(
        description: "cannot write the site into \(parent): \(error.localizedDescription). "
          + "The previous site is unchanged; check the folder is writable.")
    }
    // The streamed files on a second thread, while the pages render here.
    let background = StreamedWrites(streamed, into: staging)
    let files: [String: String]
    do {
      files = try render()
      try refuseClashes(files)
    } catch {
      background.wait()
      try? manager.removeItem(atPath: staging)
      throw error
    }
    do {
      for relative in extras {
        let path = (staging as NSString).appendingPathComponent(relative)
        try manager.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try manager.copyItem(
          atPath: ((staticFolder ?? "") as NSString).appendingPathComponent(relative), toPath: path)
      }
      for (relative, text) in files.sorted(by: { $0.key < $1.key }) {
        guard isContained(relative) else {
          throw WriteError(description: "refusing to write \(relative): outside the output folder")
        }
        let path = (staging as NSString).appendingPathComponent(relative)
        try manager.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try write(text, to: path)
      }
      // Files another writer made (the digest of `run`) stay when this one does not write them.
      for relative in kept where files[relative] == nil && isContained(relative) {
        let current = (directory as NSString).appendingPathComponent(relative)
        if manager.fileExists(atPath: current) {
          try manager.copyItem(
            atPath: current, toPath: (staging as NSString).appendingPathComponent(relative))
        }
      }
      try background.finish()
      try write(
        SiteFolder.markerText(files: SiteFolder.files(in: staging)),
        to: (staging as NSString).appendingPathComponent(SiteFolder.marker))
    } catch let error as WriteError {
      background.wait()
      try? manager.removeItem(atPath: staging)
      throw error
    } catch {
      background.wait()
      try? manager.removeItem(atPath: staging)
      throw WriteError(
        description: "cannot write the site into \(parent): \(error.localizedDescription). "
          + "The previous site is unchanged; check the folder is writable and the disk has space.")
    }
    try swap(staging, into: directory)
  }

  /// Writes the text's UTF-8 bytes as they are stored (no copy of a large file).
  private static func write(_ text: String, to path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil),
      let file = FileHandle(forWritingAtPath: path)
    else {
      throw CocoaError(
        .fileWriteUnknown,
        userInfo: [
          NSFilePathErrorKey: path,
          NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(errno)),
        ])
    }
    defer { try? file.close() }
    var text = text
    try text.withUTF8 { try file.write(contentsOf: $0) }
  }

  private static func swap(_ staging: String, into directory: String) throws {
    let manager = FileManager.default
    defer { try? manager.removeItem(atPath: staging) }
    if !manager.fileExists(atPath: directory) {
      guard rename(staging, directory) == 0 else { throw failure(staging, directory) }
      return
    }
    // After the exchange `staging` holds the old site, removed by the defer.
    if stability_rename_exchange(staging, directory) == 0 { return }
    let old = staging + ".old"
    guard rename(directory, old) == 0 else { throw failure(directory, old) }
    guard rename(staging, directory) == 0 else {
      let error = failure(staging, directory)
      _ = rename(old, directory)
      throw error
    }
    try? manager.removeItem(atPath: old)
  }

  private static func failure(_ from: String, _ to: String) -> WriteError {
    WriteError(
      description:
        "cannot move the new site into place (\(from) → \(to): \(String(cString: strerror(errno)))). "
        + "The previous site is unchanged.")
  }

  /// Opens and locks `path` (created when missing), calling `waiting` first
  /// when another writer holds it; returns the descriptor holding the lock.
  private static func takeLock(_ path: String, _ waiting: () -> Void) throws -> Int32 {
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw WriteError(
        description: "cannot write the site beside its lock \(path): "
          + "\(String(cString: strerror(errno))). The previous site is unchanged; check the "
          + "folder is writable.")
    }
    if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return descriptor }
    waiting()
    while flock(descriptor, LOCK_EX) != 0 {
      guard errno == EINTR else {
        let message = String(cString: strerror(errno))
        close(descriptor)
        throw WriteError(description: "cannot lock \(path): \(message).")
      }
    }
    return descriptor
  }

  /// Staging folders left by a run that was killed before its swap.
  private static func removeLeftovers(of name: String, in parent: String) {
    let prefix = ".\(name).new-"
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
    where entry.hasPrefix(prefix) {
      try? FileManager.default.removeItem(
        atPath: (parent as NSString).appendingPathComponent(entry))
    }
  }

  /// Whether `relative` stays inside the output folder.
  static func isContained(_ relative: String) -> Bool {
    !relative.hasPrefix("/")
      && !relative.split(separator: "/").contains { $0 == ".." || $0 == "." || $0.isEmpty }
  }
}

/// The streamed files of one site write, written one after another on a
/// thread of their own into the staging folder.
private final class StreamedWrites: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  private var finished = false
  /// Set on the writing thread before `done` is signalled; read after waiting.
  private var failure: Error?

  init(_ streamed: [String: @Sendable (String) throws -> Void], into staging: String) {
    let jobs = streamed.sorted { $0.key < $1.key }
    Thread.detachNewThread { [self] in
      do {
        for (relative, writeFile) in jobs {
          try writeFile((staging as NSString).appendingPathComponent(relative))
        }
      } catch {
        failure = error
      }
      done.signal()
    }
  }

  /// Waits for the writes (once; later calls return at once).
  func wait() {
    guard !finished else { return }
    done.wait()
    finished = true
  }

  /// Waits, then throws what a write threw.
  func finish() throws {
    wait()
    if let failure { throw failure }
  }
}
