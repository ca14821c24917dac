import StabilityCore
import StabilityStore

/// The store's findings in words (gaps, importers not counted, importers
/// that changed, stale data): the store returns values, and these are the
/// one place they become sentences, for the terminal (names between
/// backticks) and the pages (no quotes: pages escape what they show).
extension GapReport {
  /// One warning line per group with gaps, for the terminal.
  package var lines: [String] { sentences(quote: "`").map { "gap: " + $0 } }

  /// One sentence per group with gaps: which days, and the import that
  /// re-reads them; names and commands between `quote`s.
  func sentences(quote: String) -> [String] {
    groups.map { gaps in
      let shown = gaps.spans.prefix(5).map { span in
        span.end - span.start == UTCTime.day
          ? UTCTime.dayString(span.start)
          : "\(UTCTime.dayString(span.start)) to \(UTCTime.dayString(span.end - UTCTime.day))"
      }
      let more = gaps.spans.count > 5 ? " and \(gaps.spans.count - 5) more" : ""
      let first = gaps.spans[0]
      let rerun = gaps.importers.map {
        "\(quote)stability import \($0) --since \(UTCTime.dayString(first.start)) --until "
          + "\(UTCTime.dayString(first.end))\(quote)"
      }
      return
        "group \(quote)\(gaps.group.id)\(quote) has no metric on \(shown.joined(separator: ", "))\(more) "
        + "(whole UTC days between its first data and its importers' watermark) — a source outage, "
        + "or an importer that lost rows; its rates over those days are not real. Once the data is "
        + "there, re-read with " + rerun.joined(separator: " and ") + "."
    }
  }
}

/// What an importer feeds, in words: `` `sessions` ``, `` metric `m` ``, `error counts`.
func targetWords(_ target: StoredTarget) -> String {
  switch target {
  case .group(let id): "`\(id)`"
  case .metric(let name): "metric `\(name)`"
  case .errors: "error counts"
  case .unknown(let kind): kind == "metric" ? "a metric" : "`\(kind)`"
  }
}

extension OrphanImporter {
  /// `` `crashes` (error counts) ``: its name, and what its data fed when an
  /// importer of that name feeds something else now.
  package var label: String {
    "`\(name)`" + (formerTarget.map { " (\(targetWords($0)))" } ?? "")
  }

  /// What to tell a user about it; names between `quote`s.
  package func sentence(quote: String) -> String {
    if let formerTarget {
      let what = targetWords(formerTarget).replacingOccurrences(of: "`", with: quote)
      return
        "importer \(quote)\(name)\(quote) changed what it feeds: the \(buckets) hour buckets it "
        + "stored for \(what) before are not counted (it re-reads its history as it is now); "
        + "\(quote)stability prune\(quote) deletes them."
    }
    return
      "importer \(quote)\(name)\(quote) is no longer in the config: its \(buckets) hour buckets "
      + "are not counted. If it was renamed, the new name re-imports its span; "
      + "\(quote)stability prune\(quote) deletes the old data."
  }
}

extension ImporterChange {
  /// "importer `sess` now feeds `other`: its 6 days stored for `sessions`
  /// are no longer counted; it re-reads its history now …"; `pending` when
  /// said before the run that re-reads (`validate`).
  package func sentence(pending: Bool) -> String {
    "importer `\(name)` now feeds \(targetWords(to)): its \(Plural.of(days, "day")) stored for "
      + "\(targetWords(from)) "
      + (pending
        ? "are no longer counted; its next run re-reads its history"
        : "are no longer counted; it re-reads its history now")
      + " (`stability prune` deletes the old data)"
  }
}

extension StaleData {
  /// Why the data is not fresh, naming the importer.
  package var sentence: String {
    switch self {
    case .failed(let importer, let error):
      "importer `\(importer)` failed on its last run (\(error))"
    case .behind(let importer, let upTo, let period):
      "importer `\(importer)` has data only up to \(UTCTime.iso8601(upTo)), more than twice its "
        + "period (\(period)) before the window's end"
    case .neverImported(let importer): "importer `\(importer)` has never imported"
    case .gap(let days, let importers, let first):
      "the window has \(Plural.of(days, "day")) without metric from "
        + importers.map { "`\($0)`" }.joined(separator: ", ")
        + " (a gap, first \(UTCTime.dayString(first)))"
    }
  }
}

extension CaseVariants {
  /// One warning line per attribute, for the terminal.
  package var lines: [String] { sentences(quote: "`").map { "spelling: " + $0 } }

  /// One sentence per attribute whose values differ only in case: the
  /// spellings, that they count apart, and how to merge them in the query.
  package func sentences(quote: String) -> [String] {
    attributes.map { attribute, spellings in
      let shown = spellings.prefix(3).map { group in
        Plural.list(group.prefix(4).map { "\(quote)\($0)\(quote)" })
      }
      let more = spellings.count > 3 ? "; and \(spellings.count - 3) more such sets" : ""
      return "attribute \(quote)\(attribute)\(quote) has values that differ only in case ("
        + shown.joined(separator: "; ") + more + "): they are counted as different values. "
        + "If they are one, normalize them in the importer's query, e.g. "
        + "\(quote)lower(\(attribute)) as \(attribute)\(quote)."
    }
  }
}
