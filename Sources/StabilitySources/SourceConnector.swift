import StabilityCore

/// Opens the `MetricSource` for a configured source. New source types plug in here.
enum SourceConnector {
  /// The source implementation for `config`.
  package static func source(for config: SourceConfig, environment: RunEnvironment) throws
    -> any MetricSource
  {
    switch config.type {
    case .sqlite: return SQLiteSource(config: config)
    case .file: return FileEventSource(config: config)
    case .postgres, .redshift: return PostgresSource(config: config, environment: environment)
    case .influxdb: return InfluxDBSource(config: config, environment: environment)
    case .graphite: return GraphiteSource(config: config, environment: environment)
    case .prometheus: return PrometheusSource(config: config, environment: environment)
    case .clickhouse: return ClickHouseSource(config: config, environment: environment)
    }
  }
}
