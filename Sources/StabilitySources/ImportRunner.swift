import StabilityCore
import StabilityIngest
import StabilityStore

/// How one importer's run ended.
package enum ImportOutcome: Sendable {
  /// Not due yet.
  case skipped(nextDue: Int64)
  /// Read and stored; `outsideSpan` events a file source left out as
  /// outside `[start, end)`.
  case imported(
    start: Int64, end: Int64, rowsRead: Int, rowsStored: Int, rejections: Rejections,
    outsideSpan: Int)
  /// Failed; the store is unchanged for this importer.
  case failed(ImportFailure)
}

/// One importer's failure, naming the importer and the source.
package struct ImportFailure: StabilityError, Sendable {
  /// The importer's name.
  package let importer: String
  /// The source's name.
  package let source: String
  /// What went wrong.
  let cause: SourceError

  package var exitStatus: ExitStatus {
    if case .unavailable = cause { return .unavailable }
    return .failed
  }

  public var description: String {
    let detail: String
    switch cause {
    case .unavailable(let text): detail = "source unavailable: \(text)"
    case .query(let text), .columns(let text), .rows(let text): detail = text
    }
    return "importer `\(importer)` (source `\(source)`): \(detail)."
  }
}

/// One importer's result.
package struct ImportResult: Sendable {
  /// The importer's name.
  package let importer: String
  /// What happened.
  package let outcome: ImportOutcome
  /// What the day's re-read found later than the overlap; nil when this run
  /// was not a re-read.
  package var late: LateData? = nil
  /// Whether the importer has never stored anything (no watermark yet), so
  /// a failure has no watermark to keep.
  package var neverImported = false
}

/// Runs importers against their sources and stores the results (method §2.2).
package struct ImportRunner {
  let config: Config
  let store: Store
  let environment: RunEnvironment

  /// A runner over `config`'s importers, storing into `store`.
  public init(config: Config, store: Store, environment: RunEnvironment) {
    self.config = config
    self.store = store
    self.environment = environment
  }

  /// Runs `names` (all importers when empty), each isolated from the others'
  /// failures. Unknown names, and a backfill span with nothing to read,
  /// throw before anything runs. While one importer
  /// runs, the next two start their queries where the source can (sqlite),
  /// so a query's own sorting overlaps with the work before its turn.
  package func run(_ names: [String] = [], options: ImportOptions) throws -> [ImportResult] {
    let importers = try ImporterSelection.select(names, from: config)
    try ImportPlan.check(options, now: environment.now())
    let reader = SourceReader(config: config, environment: environment)
    var plans: [Int: (plan: ImportPlan, now: Int64)] = [:]
    func plan(_ index: Int) throws -> (plan: ImportPlan, now: Int64) {
      if let known = plans[index] { return known }
      let now = environment.now()
      let state = try store.state(of: StoredImporter(importers[index]))
      let made = (
        ImportPlan.make(importer: importers[index], state: state, now: now, options: options), now
      )
      plans[index] = made
      return made
    }
    var started: [Int: any StartedRead] = [:]
    defer { started.values.forEach { $0.cancel() } }
    var results: [ImportResult] = []
    for (index, importer) in importers.enumerated() {
      for ahead in (index + 1)..<min(index + 3, importers.count) where started[ahead] == nil {
        if case .run(let start, let end, _, _) = try plan(ahead).plan {
          started[ahead] = reader.start(importers[ahead], start: start, end: end)
        }
      }
      let planned = try plan(index)
      var before: [Int64: (amount: Double, impacted: Double)] = [:]
      if case .run(let start, _, _, let lateBefore?) = planned.plan {
        before = try store.amountsByHour(
          importer: StoredImporter(importer), start: start, end: lateBefore)
      }
      let outcome = try run(
        importer, planned: planned, options: options, started: started.removeValue(forKey: index))
      var result = ImportResult(importer: importer.name, outcome: outcome)
      if case .failed = outcome {
        result.neverImported = try store.state(of: StoredImporter(importer))?.watermark == nil
      }
      if case .imported = outcome, case .run(let start, _, _, let lateBefore?) = planned.plan {
        result.late = try recordReread(
          importer, start: start, lateBefore: lateBefore, before: before, at: planned.now)
      }
      results.append(result)
    }
    return results
  }

  /// After a successful re-read: what it found in `[start, lateBefore)`
  /// beyond what the store had (`before`), remembered for `status` and the
  /// pages.
  private func recordReread(
    _ importer: ImporterConfig, start: Int64, lateBefore: Int64,
    before: [Int64: (amount: Double, impacted: Double)], at now: Int64
  ) throws -> LateData {
    let identity = StoredImporter(importer)
    let after = try store.amountsByHour(importer: identity, start: start, end: lateBefore)
    var (amount, impacted) = (0.0, 0.0)
    var oldest: Int64?
    for (hour, value) in after {
      let earlier = before[hour] ?? (0, 0)
      let (more, hit) = (value.amount - earlier.amount, value.impacted - earlier.impacted)
      guard more > 0 || hit > 0 else { continue }
      amount += max(0, more)
      impacted += max(0, hit)
      oldest = min(oldest ?? hour, hour)
    }
    let lateness = oldest.map { lateBefore + importer.overlap.seconds - $0 }
    try store.recordReread(
      importer: identity, at: now, lateAmount: amount, lateImpacted: impacted, lateness: lateness)
    return LateData(
      amount: amount, lateness: lateness, overlap: importer.overlap,
      errors: importer.isErrorImporter, impacted: impacted)
  }

  private func run(
    _ importer: ImporterConfig, planned: (plan: ImportPlan, now: Int64), options: ImportOptions,
    started: (any StartedRead)?
  ) throws -> ImportOutcome {
    defer { started?.cancel() }
    let now = planned.now
    let identity = StoredImporter(importer)
    if options.reset { try store.resetWatermark(importer: importer.name) }
    let start: Int64
    let end: Int64
    let watermark: Int64?
    switch planned.plan {
    case .notDue(let next): return .skipped(nextDue: next)
    case .run(let from, let to, let mark, _):
      (start, end, watermark) = (from, to, mark)
    }
    let logger = environment.logger
    logger.debug(
      "importer \(importer.name): reading [\(UTCTime.iso8601(start)), \(UTCTime.iso8601(end))) from \(importer.source)"
    )
    do {
      var rowsRead = 0
      var rowsStored = 0
      var rejections = Rejections()
      var outsideSpan = 0
      try store.replace(
        importer: identity, start: start, end: end, watermark: watermark,
        ranAt: now
      ) { writer in
        let reader = SourceReader(config: config, environment: environment)
        let sink = try reader.read(
          importer, start: start, end: end, sampleLimit: 0, started: started, sink: writer)
        // Too many rejected rows, or rows outside the span: nothing is replaced.
        try RunAcceptance(importer: importer, config: config, start: start, end: end).check(sink)
        // A run that found nothing — in its span, or in its first hour — may
        // have compared its bounds unlike its time column: datetime() text
        // with ISO bounds drops every row of $1's day, so a run finds
        // nothing, or only the rows after the next midnight, and replacing
        // its span would wipe the hours it missed.
        let probed = sink.rowsRead == 0 ? end : min(start + UTCTime.hour, end)
        if (sink.earliest ?? end) >= probed,
          let better = TimeFormatProbe(config: config, reader: reader)
            .betterFormat(importer, than: 0, start: start, end: probed)
        {
          let what = probed == end ? "" : "its first hour "
          throw ImportFailure(
            importer: importer.name, source: importer.source,
            cause: .rows(
              "the query returned no rows for \(what)[\(UTCTime.iso8601(start)), "
                + "\(UTCTime.iso8601(probed))), but "
                + TimeFormatProbe.advice(better, importer: importer, found: 0, config: config)
                + ". Nothing was stored and the watermark is unchanged; once fixed, "
                + "\(CommandSyntax.reset(importer.name)) re-reads its history (earlier runs "
                + "may have missed rows)"))
        }
        (rowsRead, rowsStored, rejections, outsideSpan) = (
          sink.rowsRead, sink.batch.rowsAccepted, sink.batch.rejections, sink.skippedOutsideSpan
        )
        return sink.batch
      }
      logger.info(
        "importer \(importer.name): \(Plural.of(rowsRead, "row")) read, \(rowsStored) stored, \(rejections.total) rejected"
      )
      return .imported(
        start: start, end: end, rowsRead: rowsRead, rowsStored: rowsStored, rejections: rejections,
        outsideSpan: outsideSpan)
    } catch let overflow as CountOverflow {
      let failure = ImportFailure(
        importer: importer.name, source: importer.source, cause: .rows(overflow.description))
      try store.recordFailure(
        importer: identity, at: now, message: failure.description)
      return .failed(failure)
    } catch let failure as ImportFailure {
      logger.info("\(failure.description)")
      try store.recordFailure(
        importer: identity, at: now, message: failure.description)
      return .failed(failure)
    }
  }
}

/// Picks importers by name, failing with a did-you-mean for unknown ones.
package enum ImporterSelection {
  /// The importers named (all when `names` is empty), in config order.
  package static func select(_ names: [String], from config: Config) throws -> [ImporterConfig] {
    guard !names.isEmpty else { return config.importers }
    for name in names where config.importer(named: name) == nil {
      throw UsageError(
        "no importer named `\(name)`."
          + (closest(to: name, in: config.importers.map(\.name)).map { " Did you mean `\($0)`?" }
            ?? " Importers: \(config.importers.map(\.name).joined(separator: ", ")).")
      )
    }
    return config.importers.filter { names.contains($0.name) }
  }
}
