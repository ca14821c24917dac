/// A JSON value with ordered object keys, rendered the same way every time.
public indirect enum JSONValue: Sendable, Equatable {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case number(Double)
  case integer(Int64)
  case bool(Bool)
  case null

  /// A number, or null when absent (SPEC §4: `null` where §3 says so).
  static func number(_ value: Double?) -> JSONValue {
    value.map(JSONValue.number) ?? .null
  }

  /// Pretty-printed with two-space indentation and a final newline.
  public func rendered() -> String {
    var output = ""
    write(into: &output, indent: "")
    return output + "\n"
  }

  private func write(into output: inout String, indent: String) {
    switch self {
    case .object(let pairs):
      guard !pairs.isEmpty else { return output += "{}" }
      let inner = indent + "  "
      output += "{\n"
      for (index, (key, value)) in pairs.enumerated() {
        output += inner
        Self.writeString(key, into: &output)
        output += ": "
        value.write(into: &output, indent: inner)
        output += index == pairs.count - 1 ? "\n" : ",\n"
      }
      output += indent + "}"
    case .array(let values):
      guard !values.isEmpty else { return output += "[]" }
      let inner = indent + "  "
      output += "[\n"
      for (index, value) in values.enumerated() {
        output += inner
        value.write(into: &output, indent: inner)
        output += index == values.count - 1 ? "\n" : ",\n"
      }
      output += indent + "]"
    case .string(let text): Self.writeString(text, into: &output)
    case .number(let number): output += number.isFinite ? number.description : "null"
    case .integer(let number): output += String(number)
    case .bool(let flag): output += flag ? "true" : "false"
    case .null: output += "null"
    }
  }

  private static func writeString(_ text: String, into output: inout String) {
    output += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case "\u{2028}": output += "\\u2028"
      case "\u{2029}": output += "\\u2029"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    output += "\""
  }

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.rendered() == rhs.rendered()
  }
}
