/// A JSON value with ordered object keys, rendered the same way every time.
public indirect enum JSONValue: Sendable, Equatable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case number(Double)
  case integer(Int64)
  case bool(Bool)
  case null

  /// A number, or null when absent (method §4: `null` where method §3 says so).
  package static func number(_ value: Double?) -> JSONValue {
    value.map(JSONValue.number) ?? .null
  }

  /// Pretty-printed with two-space indentation and a final newline.
  package func rendered() -> String {
    var writer = JSONWriter()
    write(into: &writer)
    return writer.finish()
  }

  package func write(into writer: inout JSONWriter) {
    switch self {
    case .object(let pairs):
      writer.object { writer in
        for (key, value) in pairs {
          writer.key(key)
          value.write(into: &writer)
        }
      }
    case .array(let values):
      writer.array { writer in
        for value in values { value.write(into: &writer) }
      }
    case .string(let text): writer.string(text)
    case .number(let number): writer.number(number)
    case .integer(let number): writer.integer(number)
    case .bool(let flag): writer.bool(flag)
    case .null: writer.null()
    }
  }

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.rendered() == rhs.rendered()
  }
}
