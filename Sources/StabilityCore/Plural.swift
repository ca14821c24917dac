/// A count with its noun in the right number, for every sentence that
/// states one: `1 error`, `2 errors`, `0 rows`.
package enum Plural {
  /// `count` then `singular` or `plural` (default: `singular` + "s").
  package static func of(_ count: some BinaryInteger, _ singular: String, _ plural: String? = nil)
    -> String
  {
    "\(count) " + noun(count, singular, plural)
  }

  /// `singular` for a count of one, else `plural` (default `singular` + "s").
  package static func noun(_ count: some BinaryInteger, _ singular: String, _ plural: String? = nil)
    -> String
  {
    count == 1 ? singular : plural ?? singular + "s"
  }
}

extension Plural {
  /// The first `limit` of `items` in words: `a`, `a and b`, `a, b and c`,
  /// `a, b, c and 4 more` — for messages naming what a folder or file holds.
  package static func list(_ items: [String], limit: Int = 3) -> String {
    let shown =
      Array(items.prefix(limit)) + (items.count > limit ? ["\(items.count - limit) more"] : [])
    guard let last = shown.last else { return "" }
    return shown.count == 1 ? last : shown.dropLast().joined(separator: ", ") + " and " + last
  }
}
