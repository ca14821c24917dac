import Foundation

/// A server the tests start themselves (Prometheus, ClickHouse): on
/// 127.0.0.1 and a free port, its data in a temporary folder under
/// `STABILITY_TEST_SERVER_ROOT` when `scripts/with-test-servers.sh` set it
/// (which kills what is left there when the tests end, even after a crash).
/// Stopped and removed when deinitialised.
package final class ServerProcess {
  /// The server's folder (config, data, logs).
  package let directory: String
  /// Its HTTP port.
  package let port: Int
  private var pid: Int32?

  /// Prepares a folder and picks a free port; `start` runs the server.
  package init(name: String) throws {
    let base =
      ProcessInfo.processInfo.environment["STABILITY_TEST_SERVER_ROOT"]
      ?? FileManager.default.temporaryDirectory.path
    directory = (base as NSString).appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    port = try Self.freePort()
  }

  deinit {
    stop()
    try? FileManager.default.removeItem(atPath: directory)
  }

  /// `http://127.0.0.1:<port>`.
  package var url: String { "http://127.0.0.1:\(port)" }

  /// A path inside the server's folder.
  package func path(_ name: String) -> String {
    (directory as NSString).appendingPathComponent(name)
  }

  /// Starts `executable arguments…` (output to `server.log`) and waits until
  /// `GET url + readyPath` answers 200 (as `user:password` when given).
  ///
  /// The server runs detached (started by a shell that exits at once):
  /// Foundation's `Process` would wait on it from the thread that reaps
  /// every child, and some servers (ClickHouse) make that wait block, so no
  /// other child of the test process would ever be reaped. It starts through
  /// Debian's Python, which closes every inherited descriptor first: a pipe
  /// another test thread has open at that moment would stay open in the server.
  package func start(
    _ executable: String, _ arguments: [String], readyPath: String, user: String? = nil
  ) throws {
    let started = try ProcessRunner.run(
      URL(fileURLWithPath: "/bin/sh"),
      [
        "-c",
        "/usr/bin/python3 -c 'import os, sys; os.closerange(3, 1 << 16); "
          + "os.execv(sys.argv[1], sys.argv[1:])' \"$@\" >server.log 2>&1 </dev/null & echo $!",
        "sh", executable,
      ] + arguments, directory: directory)
    guard let pid = Int32(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
      throw PostgresTestError(message: "could not start \(executable): \(started.stderr)")
    }
    self.pid = pid
    for _ in 0..<300 {
      if (try? status(readyPath, user: user)) == 200 { return }
      guard isRunning else { break }
      Thread.sleep(forTimeInterval: 0.1)
    }
    let tail =
      (try? String(contentsOfFile: path("server.log"), encoding: .utf8))?.suffix(1500) ?? ""
    stop()
    throw PostgresTestError(message: "\(executable) did not become ready: \(tail)")
  }

  /// Stops the server (SIGKILL when asked for an abrupt stop) and waits until it is gone.
  package func stop(abruptly: Bool = false) {
    guard let pid, isRunning else { return }
    kill(pid, abruptly ? SIGKILL : SIGTERM)
    for _ in 0..<100 where isRunning { Thread.sleep(forTimeInterval: 0.1) }
    if isRunning { kill(pid, SIGKILL) }
    for _ in 0..<50 where isRunning { Thread.sleep(forTimeInterval: 0.1) }
  }

  /// Whether the server still runs (a zombie awaiting its reaper does not).
  private var isRunning: Bool {
    guard let pid,
      let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return false }
    return !stat[close...].hasPrefix(") Z")
  }

  private func status(_ path: String, user: String?) throws -> Int {
    let result = try ProcessRunner.run(
      URL(fileURLWithPath: "/usr/bin/curl"),
      ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "1"]
        + (user.map { ["-u", $0] } ?? []) + [url + path])
    return Int(result.stdout) ?? 0
  }

  /// A port nothing listens on right now.
  static func freePort() throws -> Int {
    let (socket, port) = try LoopbackReceiver.listen()
    close(socket)
    return port
  }
}
