/// A count with its noun in the right number, for every sentence that
/// states one: `1 error`, `2 errors`, `0 rows`.
public enum Plural {
  /// `count` then `singular` or `plural` (default: `singular` + "s").
  public static func of(_ count: some BinaryInteger, _ singular: String, _ plural: String? = nil)
    -> String
  {
    "\(count) " + noun(count, singular, plural)
  }

  /// `singular` for a count of one, else `plural` (default `singular` + "s").
  public static func noun(_ count: some BinaryInteger, _ singular: String, _ plural: String? = nil)
    -> String
  {
    count == 1 ? singular : plural ?? singular + "s"
  }
}
