import StabilityCore
import StabilityIngest
import StabilityStore

/// Writes hand-made hour buckets into a real store through the same
/// `ImportBatch` → `Store.replace` path the importers use.
package struct StoreSeeder {
  /// One metric row.
  package struct Metric {
    let group: String
    let attributes: [(String, String)]
    let time: Int64
    let value: Double
  }

  /// One error row; `impacted` nil means the row has no impacted figure.
  package struct Errors {
    let fingerprint: String
    let attributes: [(String, String)]
    let time: Int64
    let count: Int64
    let impacted: Int64?
  }

  /// A metric row of `group` at `time`.
  package static func metric(
    _ group: String, _ attributes: [(String, String)], at time: Int64, _ value: Double
  )
    -> Metric
  {
    Metric(group: group, attributes: attributes, time: time, value: value)
  }

  /// An error row of `fingerprint` at `time`.
  package static func errors(
    _ fingerprint: String, _ attributes: [(String, String)], at time: Int64, count: Int64,
    impacted: Int64?
  ) -> Errors {
    Errors(
      fingerprint: fingerprint, attributes: attributes, time: time, count: count, impacted: impacted
    )
  }

  /// Stores `metrics` and `errors` as importer `importer`'s data (replacing what it had).
  package static func seed(
    _ store: Store, importer: String, metrics: [Metric] = [], errors: [Errors] = []
  ) throws {
    var metricBatch = ImportBatch()
    for row in metrics {
      let name = ([row.group] + row.attributes.map { "\($0.0)\($0.1)" }).joined(separator: "-")
      metricBatch.addMetric(
        MetricSeriesKey(group: row.group, metric: name, attributes: AttributeSet(row.attributes)),
        time: row.time, value: row.value)
    }
    for row in errors {
      metricBatch.addErrors(
        ErrorSeriesKey(
          fingerprint: ByteString(row.fingerprint), attributes: AttributeSet(row.attributes)),
        time: row.time, count: row.count, impacted: row.impacted)
    }
    try store.replace(
      importer: StoredImporter(name: importer, kind: "seed", target: "seed"), start: -(1 << 40),
      end: 1 << 40, batch: metricBatch,
      watermark: nil, ranAt: 0)
  }
}

extension TestWorkspace {
  /// A workspace whose config has one count group, `sessions` by `version`
  /// (plus `report` lines, each indented by two spaces), and its store, open.
  package static func sessionsStore(report: [String] = []) throws -> (TestWorkspace, Config, Store)
  {
    let workspace = try TestWorkspace()
    try workspace.write(
      "stability.yaml",
      """
      version: 1
      metric_groups:
        - {id: sessions, kind: count, attributes: [{name: version, default: unknown}]}

      """ + (report.isEmpty ? "" : "report:\n" + report.map { "  \($0)\n" }.joined()))
    let config = try workspace.config()
    return (workspace, config, try Store(path: config.storePath))
  }
}
