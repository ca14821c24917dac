import Foundation
import StabilityTestSupport
import Testing

/// Secrets never appear in any output; disk trouble leaves the previous site whole.
@Suite struct SecretsTests {
  static let secrets = [
    "url-secret-Zq81", "password-secret-Kx42", "token-secret-Wm77", "graphite-secret-Pv09",
  ]

  @Test func noSecretAppearsInAnyOutput() throws {
    let workspace = try TestWorkspace()
    try workspace.sqlite(
      "local.db",
      """
      CREATE TABLE s(t TEXT, version TEXT);
      INSERT INTO s VALUES (strftime('%Y-%m-%dT%H:00:00Z', 'now', '-3 hours'), '1.0');
      """)
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      sources:
        - {name: local, type: sqlite, path: local.db}
        - {name: pg, type: postgres, url: "postgresql://report:${URL_SECRET}@127.0.0.1:1/db", password_env: PG_SECRET}
        - {name: influx, type: influxdb, url: "http://127.0.0.1:1", database: d, token_env: TOKEN_SECRET}
        - {name: graphite, type: graphite, url: "http://127.0.0.1:1", username_env: G_USER, password_env: G_SECRET}
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version}]}
      importers:
        - {name: local, source: local, group: sessions, query: "select count(*) as value, t as time, version from s where t >= $1 and t < $2 group by 2, 3"}
        - {name: pg, source: pg, group: sessions, query: "select 1 as value, now() as time where $1::text <> $2::text"}
        - {name: influx, source: influx, group: sessions, query: "SELECT sum(v) FROM m WHERE time >= $1 AND time < $2"}
        - {name: graphite, source: graphite, group: sessions, query: "a.b"}
      """)
    let environment = [
      "URL_SECRET": Self.secrets[0], "PG_SECRET": Self.secrets[1], "TOKEN_SECRET": Self.secrets[2],
      "G_USER": "grapher", "G_SECRET": Self.secrets[3],
    ]
    var outputs: [String] = []
    for arguments in [
      ["validate"], ["run"], ["status"], ["test-query", "pg"], ["test-query", "influx"],
      ["test-query", "graphite"], ["import", "--force", "--verbose"], ["report"],
    ] {
      let result = try CommandRunner.run(
        arguments, in: workspace.directory, environment: environment)
      outputs.append(result.stdout + result.stderr)
    }
    #expect(outputs[1].contains("3 failed"), "the server sources should have failed: \(outputs[1])")
    #expect(
      outputs[2].contains("pg (postgres) postgresql://report:***@127.0.0.1:1/db"), "\(outputs[2])")
    #expect(outputs[2].contains("recent runs:"))
    let enumerator = FileManager.default.enumerator(atPath: workspace.directory)
    while let relative = enumerator?.nextObject() as? String {
      guard let data = FileManager.default.contents(atPath: workspace.path(relative)) else {
        continue
      }
      outputs.append(String(decoding: data, as: UTF8.self))
    }
    for secret in Self.secrets {
      #expect(!outputs.contains { $0.contains(secret) }, "\(secret) leaked")
    }
  }
}

/// Whether this process may mount a small tmpfs (root, and a kernel that lets it).
enum TmpfsProbe {
  static let canMount: Bool = {
    guard getuid() == 0, let workspace = try? TestWorkspace() else { return false }
    let probe = workspace.path("probe")
    try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
    guard (try? DiskTroubleTests.shell("mount -t tmpfs -o size=64k tmpfs '\(probe)'")) == 0 else {
      return false
    }
    _ = try? DiskTroubleTests.shell("umount '\(probe)'")
    return true
  }()
}

/// Needs root and a kernel that lets the test mount a small tmpfs.
@Suite(.enabled(if: TmpfsProbe.canMount, "needs root and permission to mount a tmpfs"))
struct DiskTroubleTests {

  @discardableResult
  static func shell(_ command: String) throws -> Int32 {
    try ProcessRunner.run(URL(fileURLWithPath: "/bin/sh"), ["-c", command]).status
  }

  func files(in directory: String) throws -> [String: Data] {
    var result: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let relative = enumerator?.nextObject() as? String {
      if let data = FileManager.default.contents(atPath: "\(directory)/\(relative)") {
        result[relative] = data
      }
    }
    return result
  }

  @Test func aFullOrReadOnlyDiskFailsClearlyAndKeepsThePreviousSite() throws {
    let workspace = try TestWorkspace()
    let demo = try CommandRunner.run(
      ["demo", "--dir", "demo", "--out", "probe-site", "--scale", "0.1", "--quiet"],
      in: workspace.directory)
    try #require(demo.status == 0)
    let siteBytes = try files(in: workspace.path("probe-site")).values.reduce(0) { $0 + $1.count }
    let disk = workspace.path("disk")
    try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
    // Room for one site (plus file-system overhead) but not for a second copy beside it.
    let size = siteBytes * 3 / 2 + 512 * 1024
    try #require(try Self.shell("mount -t tmpfs -o size=\(size) tmpfs '\(disk)'") == 0)
    defer { try? Self.shell("umount '\(disk)'") }
    let report = ["report", "--config", "demo/stability.yaml", "--out", "disk/site"]
    let first = try CommandRunner.run(
      report, in: workspace.directory, environment: ["SOURCE_DATE_EPOCH": "1795737600"])
    try #require(first.status == 0, "\(first.stderr)")
    let before = try files(in: "\(disk)/site")

    let full = try CommandRunner.run(
      report, in: workspace.directory, environment: ["SOURCE_DATE_EPOCH": "1795824000"])
    #expect(full.status == 1)
    #expect(full.stderr.contains("The previous site is unchanged"))
    #expect(try files(in: "\(disk)/site") == before)

    try #require(try Self.shell("mount -o remount,ro '\(disk)'") == 0)
    let readOnly = try CommandRunner.run(report, in: workspace.directory)
    #expect(readOnly.status == 1)
    #expect(readOnly.stderr.contains("cannot write the site"))
    #expect(try files(in: "\(disk)/site") == before)
  }
}
