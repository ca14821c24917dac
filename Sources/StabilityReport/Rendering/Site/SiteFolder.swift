import Foundation
import StabilityCore

/// The output folder belongs to the tool (README, "The site"): publishing replaces it whole, so it may only be a folder that is
/// absent, empty, a site this tool wrote with nothing added (its marker lists
/// every file it wrote), or holding nothing but names the tool writes (a site
/// from before the marker). Anything else — the working directory, a home
/// folder, the config's folder, a site with a user's CNAME added — is refused
/// before a byte changes.
package enum SiteFolder {
  /// The marker file every published site carries.
  package static let marker = ".stability-site"
  /// The marker's text: a note for a reader who finds the file, then every
  /// file of the site, one relative path a line.
  static func markerText(files: [String]) -> String {
    "# This folder is a report site written by stability. Every report replaces it whole;\n"
      + "# files to publish with each site belong in static/ next to stability.yaml.\n"
      + files.map { $0 + "\n" }.joined()
  }
  /// The folder next to the config whose files are copied into every site
  /// (CNAME, .htaccess, robots.txt …), as static-site generators do.
  static let staticFolderName = "static"
  /// Names a site holds when this tool wrote it (top level).
  static let siteNames: Set<String> = [
    marker, "index.html", "index.md", "releases.html", "releases.md", "digest.md", "digest.json",
    "scores.json", "versions", "fingerprints", "charts",
  ]

  /// Why the folder cannot be published into (exit 2: the user's choice of folder).
  package struct Refusal: StabilityError {
    /// What was refused, what the folder holds and what to do.
    public let description: String
    package var exitStatus: ExitStatus { .usage }
  }

  /// Throws unless `directory` may be replaced by a new site: absent, an
  /// empty folder, a marked site, or a folder of site names only — and not
  /// `protected` paths (the config's folder, the store, the sources) or a
  /// folder holding one of them.
  package static func checkReplaceable(_ directory: String, protecting protected: [ProtectedPath])
    throws
  {
    let target = standardized(directory)
    func isInside(_ path: String, _ folder: String) -> Bool {
      path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }
    for entry in protected {
      let path = standardized(entry.path)
      let problem: String
      if path == target {
        problem = "it is \(entry.what)"
      } else if isInside(path, target) {
        problem = "it holds \(entry.what) (\(path))"
      } else if !entry.mayHoldSite, isInside(target, path) {
        problem = "it is inside \(entry.what) (\(path))"
      } else {
        continue
      }
      throw Refusal(
        description:
          "refusing to publish the site into \(target): \(problem), which publishing would "
          + "replace. Choose a folder of its own for --out or report.out (e.g. site next to "
          + "stability.yaml).")
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder) else { return }
    guard isFolder.boolValue else {
      throw Refusal(
        description:
          "refusing to publish the site into \(target): it is a file, not a folder. Choose "
          + "another --out or report.out.")
    }
    let entries = try contents(of: target)
    if entries.isEmpty { return }
    let markerPath = (target as NSString).appendingPathComponent(marker)
    if let text = try? String(contentsOfFile: markerPath, encoding: .utf8) {
      let written = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
      let added = files(in: target).filter { $0 != marker && !written.contains($0) }
      guard !added.isEmpty else { return }
      throw Refusal(
        description:
          "refusing to publish the site into \(target): \(listing(added)) "
          + (added.count == 1 ? "was" : "were") + " added after stability wrote it, and "
          + "publishing replaces the whole folder. Move "
          + (added.count == 1 ? "it" : "them") + " into \(staticFolderName)/ next to "
          + "stability.yaml (copied into every site), or delete "
          + (added.count == 1 ? "it" : "them") + ".")
    }
    let foreign = entries.filter { !siteNames.contains($0) }
    if foreign.isEmpty, wroteBeforeTheMarker(target) { return }
    throw Refusal(
      description:
        "refusing to publish the site into \(target): it is not a site stability wrote "
        + "(no \(marker) marker) and it holds \(listing(foreign.isEmpty ? entries : foreign)), "
        + "which publishing would delete. Choose an empty or new folder for --out or report.out; files to publish with "
        + "every site (CNAME, .htaccess, robots.txt) go in \(staticFolderName)/ next to "
        + "stability.yaml.")
  }

  /// Whether a folder of site names only is a site an earlier version wrote:
  /// its `index.html` names stability as generator or its `scores.json`
  /// opens with a schema (a user's `notes/index.md` is neither).
  private static func wroteBeforeTheMarker(_ folder: String) -> Bool {
    func opening(_ name: String) -> String {
      let handle = FileHandle(forReadingAtPath: (folder as NSString).appendingPathComponent(name))
      defer { try? handle?.close() }
      return String(decoding: (try? handle?.read(upToCount: 1024)) ?? Data(), as: UTF8.self)
    }
    return opening("index.html").contains("<meta name=\"generator\" content=\"stability\">")
      || opening("scores.json").filter { !$0.isWhitespace }.hasPrefix("{\"schema\":")
  }

  /// Every file under `folder` (relative paths, sorted; a symbolic link is
  /// a file); none when the folder does not exist.
  static func files(in folder: String) -> [String] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
      isFolder.boolValue, let walker = FileManager.default.enumerator(atPath: folder)
    else { return [] }
    var files: [String] = []
    while let relative = walker.nextObject() as? String {
      if walker.fileAttributes?[.type] as? FileAttributeType != .typeDirectory {
        files.append(relative)
      }
    }
    return files.sorted()
  }

  private static func contents(of folder: String) throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    } catch {
      throw Refusal(
        description:
          "cannot publish the site into \(folder): its contents cannot be read "
          + "(\(error.localizedDescription)). Choose another --out or report.out.")
    }
  }

  /// `` `a`, `b`, `c` and 4 more ``.
  private static func listing(_ names: [String]) -> String {
    Plural.list(names.map { "`\($0)`" })
  }

  private static func standardized(_ path: String) -> String {
    let resolved = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    return resolved.count > 1 && resolved.hasSuffix("/") ? String(resolved.dropLast()) : resolved
  }
}
