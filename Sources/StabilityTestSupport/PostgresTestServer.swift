import Foundation
import Testing

/// The throwaway PostgreSQL that `scripts/with-test-servers.sh` (run by
/// `make test`) starts on 127.0.0.1; tests that need it are skipped without it.
package enum PostgresTestServer {
  /// The superuser URL, e.g. `postgresql://postgres@127.0.0.1:PORT/postgres`.
  package static var url: String? { ProcessInfo.processInfo.environment["STABILITY_TEST_POSTGRES"] }
  /// The superuser's password.
  package static var password: String {
    ProcessInfo.processInfo.environment["STABILITY_TEST_POSTGRES_PASSWORD"] ?? ""
  }
  /// Whether the server is there.
  package static var isAvailable: Bool { url != nil }
  /// Why tests are skipped without it.
  package static let skipReason: Comment =
    "needs the test PostgreSQL: run `make test` (scripts/with-test-servers.sh starts it)"

  /// `postgresql://postgres@127.0.0.1:PORT/<database>`.
  package static func url(database: String) -> String {
    guard let url, let slash = url.lastIndex(of: "/") else { return "" }
    return url[..<slash] + "/" + database
  }

  /// A fresh, empty database; returns its name.
  package static func createDatabase() throws -> String {
    let name =
      "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    try psql("CREATE DATABASE \(name)")
    return String(name)
  }

  /// Runs SQL with psql (an independent client), failing on the first error.
  @discardableResult
  package static func psql(_ sql: String, database: String = "postgres") throws -> String {
    let result = try ProcessRunner.run(
      URL(fileURLWithPath: "/usr/bin/psql"),
      ["-X", "-q", "-tA", "-v", "ON_ERROR_STOP=1", url(database: database)],
      environment: ["PGPASSWORD": password], input: sql)
    guard result.status == 0 else {
      throw PostgresTestError(message: "psql failed: \(result.stdout)\(result.stderr)")
    }
    return result.stdout
  }
}

/// A failure of the test fixture itself.
package struct PostgresTestError: Error, CustomStringConvertible {
  /// What failed.
  package let message: String
  package var description: String { message }

  /// A failure described by `message`.
  package init(message: String) { self.message = message }
}
