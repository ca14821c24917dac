import Foundation
import Testing

/// The throwaway InfluxDB and Graphite that `scripts/with-test-servers.sh`
/// starts; data is written with the servers' own ingestion (curl for Influx
/// line protocol, netcat for carbon plaintext).
package enum TimeSeriesTestServers {
  static var environment: [String: String] { ProcessInfo.processInfo.environment }

  /// `http://127.0.0.1:PORT` of InfluxDB (auth enabled, user `admin`).
  package static var influxURL: String? { environment["STABILITY_TEST_INFLUXDB"] }
  /// The InfluxDB admin password.
  package static var influxPassword: String {
    environment["STABILITY_TEST_INFLUXDB_PASSWORD"] ?? ""
  }
  /// `http://127.0.0.1:PORT` of graphite-web.
  package static var graphiteURL: String? { environment["STABILITY_TEST_GRAPHITE"] }
  /// Carbon's plaintext port.
  package static var carbonPort: String { environment["STABILITY_TEST_GRAPHITE_CARBON_PORT"] ?? "" }

  /// Why InfluxDB tests are skipped.
  package static let influxSkip: Comment =
    "needs the test InfluxDB: run `make test` (scripts/with-test-servers.sh starts it)"
  /// Why Graphite tests are skipped.
  package static let graphiteSkip: Comment =
    "needs the test Graphite: run `make test` (scripts/with-test-servers.sh starts it)"

  /// Runs an InfluxQL statement as admin (e.g. CREATE DATABASE).
  package static func influxQuery(_ statement: String) throws {
    try run(
      "/usr/bin/curl",
      [
        "-sf", "-XPOST", "\(influxURL ?? "")/query", "-u", "admin:\(influxPassword)",
        "--data-urlencode", "q=\(statement)",
      ])
  }

  /// Writes line protocol (precision seconds) into `database`.
  package static func influxWrite(_ lines: String, database: String) throws {
    try run(
      "/usr/bin/curl",
      [
        "-sf", "-XPOST", "\(influxURL ?? "")/write?db=\(database)&precision=s", "-u",
        "admin:\(influxPassword)",
        "--data-binary", lines,
      ])
  }

  /// Sends carbon plaintext lines (`path value timestamp`).
  package static func carbonSend(_ lines: String) throws {
    try run("/usr/bin/nc", ["-N", "127.0.0.1", carbonPort], input: lines)
  }

  /// Waits until `target` renders `count` non-null points in `[from, until]`.
  package static func waitForGraphite(target: String, from: Int64, until: Int64, count: Int) throws
  {
    let query = "target=\(target)&from=\(from - 1)&until=\(until)&format=json"
    for _ in 0..<100 {
      // graphite-web can answer an error while carbon creates the series'
      // file: not there yet, ask again.
      let output =
        (try? run(
          "/usr/bin/curl", ["-sf", "-G", "\(graphiteURL ?? "")/render", "--data", query])) ?? ""
      let series =
        (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [[String: Any]] ?? []
      let points = series.flatMap { $0["datapoints"] as? [[Any]] ?? [] }.filter {
        !($0.first is NSNull)
      }
      if points.count >= count { return }
      Thread.sleep(forTimeInterval: 0.1)
    }
    throw PostgresTestError(message: "Graphite never showed \(count) points of \(target)")
  }

  @discardableResult
  static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws
    -> String
  {
    let result = try ProcessRunner.run(URL(fileURLWithPath: executable), arguments, input: input)
    guard result.status == 0 else {
      throw PostgresTestError(
        message: "\(executable) \(arguments.first ?? "") failed: \(result.stdout)\(result.stderr)")
    }
    return result.stdout
  }
}
