/// A value as SQLite (or any source) hands it over.
package enum SourceValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
}
