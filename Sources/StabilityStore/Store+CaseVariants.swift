import StabilityCore

/// Attribute values that differ only in letter case (`Android`, `ANDROID`,
/// `android`). They stay distinct values — fingerprints and attribute values
/// are compared as bytes (method §2.0) — but usually mean one thing that a
/// source spelt several ways, so the tool points them out.
package struct CaseVariants: Sendable {
  /// Per attribute, in name order: each set of spellings that match when
  /// ASCII letters are folded, in byte order.
  package let attributes: [(attribute: String, spellings: [[String]])]

  /// The variants among every attribute value in `store`.
  package init(store: Store) throws {
    let pairs = try store.guarded {
      let statement = try store.database.prepare(
        """
        SELECT name, value, lower(value) FROM attribute_values WHERE (name, lower(value)) IN (
          SELECT name, lower(value) FROM attribute_values
          GROUP BY name, lower(value) HAVING count(DISTINCT value) > 1)
        GROUP BY name, value ORDER BY name, lower(value), value
        """)
      var pairs: [(name: String, value: String, folded: String)] = []
      while try statement.step() {
        pairs.append((statement.text(0) ?? "", statement.text(1) ?? "", statement.text(2) ?? ""))
      }
      return pairs
    }
    var attributes: [(attribute: String, spellings: [[String]])] = []
    var folded: String?
    for pair in pairs {
      if attributes.last?.attribute != pair.name {
        attributes.append((pair.name, []))
        folded = nil
      }
      let index = attributes.count - 1
      if folded == pair.folded {
        attributes[index].spellings[attributes[index].spellings.count - 1].append(pair.value)
      } else {
        attributes[index].spellings.append([pair.value])
        folded = pair.folded
      }
    }
    self.attributes = attributes
  }
}
