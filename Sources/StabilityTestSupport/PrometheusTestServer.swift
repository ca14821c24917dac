import Foundation
import Testing

/// A Prometheus (Debian `prometheus`) serving exactly the samples a test
/// wrote: OpenMetrics text backfilled with `promtool tsdb
/// create-blocks-from openmetrics`, optionally behind basic auth.
package final class PrometheusTestServer {
  /// The running server.
  package let server: ServerProcess
  /// The basic-auth password, when the server asks for one (user `stability`).
  package let password: String?

  /// Whether Prometheus and promtool are installed.
  package static var isInstalled: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/bin/prometheus")
      && FileManager.default.isExecutableFile(atPath: "/usr/bin/promtool")
  }

  /// Why the Prometheus tests are skipped.
  package static let skip: Comment =
    "needs Debian's prometheus: run `make test` (scripts/setup.sh installs it)"

  /// Backfills `openMetrics` (ending in `# EOF`) and serves it.
  package init(openMetrics: String, basicAuth: Bool = false) throws {
    server = try ServerProcess(name: "prometheus")
    try openMetrics.write(toFile: server.path("data.om"), atomically: true, encoding: .utf8)
    let created = try ProcessRunner.run(
      URL(fileURLWithPath: "/usr/bin/promtool"),
      [
        "tsdb", "create-blocks-from", "openmetrics", "--max-block-duration=8760h",
        server.path("data.om"), server.path("data"),
      ])
    guard created.status == 0 else {
      throw PostgresTestError(message: "promtool failed: \(created.stdout)\(created.stderr)")
    }
    try "global: {scrape_interval: 1h}\nscrape_configs: []\n".write(
      toFile: server.path("prometheus.yml"), atomically: true, encoding: .utf8)
    var arguments = [
      "--config.file=\(server.path("prometheus.yml"))",
      "--storage.tsdb.path=\(server.path("data"))", "--storage.tsdb.retention.time=10y",
      "--web.listen-address=127.0.0.1:\(server.port)",
    ]
    if basicAuth {
      let password = "prom-\(UUID().uuidString.prefix(12))"
      // bcrypt from Debian's own Python (glibc crypt supports $2b$).
      let hash = try ProcessRunner.run(
        URL(fileURLWithPath: "/usr/bin/python3"),
        [
          "-W", "ignore", "-c",
          "import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))",
          password,
        ]
      ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
      try "basic_auth_users:\n  stability: \(hash)\n".write(
        toFile: server.path("web.yml"), atomically: true, encoding: .utf8)
      arguments.append("--web.config.file=\(server.path("web.yml"))")
      self.password = password
    } else {
      self.password = nil
    }
    try server.start(
      "/usr/bin/prometheus", arguments, readyPath: "/-/ready",
      user: password.map { "stability:\($0)" })
  }
}
