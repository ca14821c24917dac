import Foundation
import Testing

/// A ClickHouse server (Debian `clickhouse-server` 18.16) for one test: on
/// 127.0.0.1, its own data folder, user `default` with a random password,
/// and the server time zone the test asks for.
package final class ClickHouseTestServer {
  /// The running server (`stop(abruptly:)` to kill it mid-answer).
  package let server: ServerProcess
  /// The password of user `default`.
  package let password = "ch-\(UUID().uuidString.prefix(12))"

  /// Whether the server and client are installed.
  package static var isInstalled: Bool {
    FileManager.default.isExecutableFile(atPath: "/usr/sbin/clickhouse-server")
  }

  /// Why the ClickHouse tests are skipped.
  package static let skip: Comment =
    "needs Debian's clickhouse-server: run `make test` (scripts/setup.sh installs it)"

  /// Starts a server whose time zone is `timezone`.
  package init(timezone: String = "UTC") throws {
    server = try ServerProcess(name: "clickhouse")
    let tcp = try ServerProcess.freePort()
    let directory = server.directory
    try """
    <yandex><http_port>\(server.port)</http_port><tcp_port>\(tcp)</tcp_port>\
    <listen_host>127.0.0.1</listen_host><path>\(directory)/data/</path>\
    <tmp_path>\(directory)/tmp/</tmp_path><users_config>\(directory)/users.xml</users_config>\
    <default_profile>default</default_profile><default_database>default</default_database>\
    <mark_cache_size>5368709</mark_cache_size><timezone>\(timezone)</timezone>\
    <logger><level>warning</level><console>1</console></logger></yandex>
    """.write(toFile: server.path("config.xml"), atomically: true, encoding: .utf8)
    try """
    <yandex><profiles><default/></profiles><users><default><password>\(password)</password>\
    <networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota>\
    </default></users><quotas><default/></quotas></yandex>
    """.write(toFile: server.path("users.xml"), atomically: true, encoding: .utf8)
    try server.start(
      "/usr/sbin/clickhouse-server", ["--config-file=\(server.path("config.xml"))"],
      readyPath: "/ping")
  }

  /// Runs `sql` (with `body` appended, e.g. TabSeparated rows for an INSERT);
  /// returns the answer, throws on an error status.
  @discardableResult
  package func execute(_ sql: String, body: String = "") throws -> String {
    let result = try ProcessRunner.run(
      URL(fileURLWithPath: "/usr/bin/curl"),
      [
        "-s", "-S", "-f", "--data-binary", "@-", "-H", "X-ClickHouse-User: default", "-H",
        "X-ClickHouse-Key: \(password)",
        server.url + "/?query="
          + (sql.addingPercentEncoding(
            withAllowedCharacters: .alphanumerics) ?? ""),
      ], input: body)
    guard result.status == 0 else {
      throw PostgresTestError(message: "ClickHouse: \(sql.prefix(80)): \(result.stderr)")
    }
    return result.stdout
  }
}
