import StabilityCore

/// Text for people about a set of importer results, and the exit status they imply.
package struct ImportSummary {
  /// The results, in run order.
  package let results: [ImportResult]

  /// Summarises `results`.
  public init(results: [ImportResult]) { self.results = results }

  /// The failures, in run order.
  package var failures: [ImportFailure] {
    results.compactMap {
      if case .failed(let failure) = $0.outcome { return failure }
      return nil
    }
  }

  /// 3 when a source was unavailable, 1 when any importer failed, else 0 (method §6).
  package var exitStatus: ExitStatus {
    if failures.contains(where: { $0.exitStatus == .unavailable }) { return .unavailable }
    return failures.isEmpty ? .ok : .failed
  }

  /// One line per importer (plus rejection reasons).
  package var lines: [String] {
    results.flatMap { result -> [String] in
      switch result.outcome {
      case .skipped(let next):
        return [
          "\(result.importer): not due (next run after \(UTCTime.iso8601(next)); "
            + "\(CommandSyntax.force(result.importer)) runs it now)"
        ]
      case .imported(let start, let end, let read, let stored, let rejections, let outside):
        var lines = [
          "\(result.importer): imported [\(UTCTime.iso8601(start)), \(UTCTime.iso8601(end))): "
            + "\(Plural.of(read, "row")) read, \(stored) stored, \(rejections.total) rejected"
            + (outside == 0
              ? "" : "; \(outside) \(outside == 1 ? "event" : "events") outside this span left out")
        ]
        for entry in rejections.sorted {
          lines.append("  rejected \(entry.count): \(entry.reason) (e.g. \(entry.example))")
        }
        if let late = result.late, let sentence = late.sentence {
          lines.append("  \(sentence)")
        }
        return lines
      case .failed where result.neverImported:
        return [
          "\(result.importer): FAILED (see error below); nothing stored: the next run reads "
            + "its history again"
        ]
      case .failed:
        return [
          "\(result.importer): FAILED (see error below); nothing stored, watermark kept: the next "
            + "run retries from it (\(CommandSyntax.reset(result.importer)) re-reads its history)"
        ]
      }
    }
  }

  /// `3 importers: 2 imported, 1 skipped, 0 failed; 1234 rows stored, 4 rejected`.
  package var totals: String {
    var imported = 0
    var skipped = 0
    var stored = 0
    var rejected = 0
    for result in results {
      switch result.outcome {
      case .skipped: skipped += 1
      case .imported(_, _, _, let rows, let rejections, _):
        imported += 1
        stored += rows
        rejected += rejections.total
      case .failed: break
      }
    }
    return
      "\(Plural.of(results.count, "importer")): \(imported) imported, \(skipped) not due, \(failures.count) failed; "
      + "\(Plural.of(stored, "row")) stored, \(rejected) rejected"
  }
}
