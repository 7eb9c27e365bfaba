/// A JSON value with object keys in a fixed order, written byte-for-byte reproducibly.
///
/// `report.json` is a contract: the same configuration must give the same bytes. Foundation's
/// `JSONEncoder` orders keys only alphabetically and formats numbers as it sees fit, so the
/// report is built from these values and written by ``JSONValue/serialized(indent:)``.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// Written in Swift's shortest round-trip form; non-finite values are written as `null`.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a.bitPattern == b.bitPattern
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// An optional number: `nil` and non-finite values become `null`.
    public static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .double(value)
    }

    public static func optionalInt(_ value: Int?) -> JSONValue {
        value.map(JSONValue.int) ?? .null
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first(where: { $0.0 == key })?.1
    }
}

extension JSONValue {
    /// The value as JSON text. Objects and arrays of containers are spread over lines with
    /// `indent` spaces per level; arrays of scalars and "flat" objects (no container values)
    /// stay on one line, which keeps long tables (one row per avalanche) readable and compact.
    public func serialized(indent: Int = 2) -> String {
        var out = ""
        write(into: &out, level: 0, indent: indent)
        out.append("\n")
        return out
    }

    private var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    private var isFlat: Bool {
        switch self {
        case .array(let items): return !items.contains(where: { $0.isContainer })
        case .object(let pairs): return !pairs.contains(where: { $0.1.isContainer })
        default: return true
        }
    }

    private func write(into out: inout String, level: Int, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .int(let i): out.append(String(i))
        case .double(let d): out.append(JSONValue.format(d))
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            if isFlat {
                out.append("[")
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(", ") }
                    item.write(into: &out, level: level + 1, indent: indent)
                }
                out.append("]")
                return
            }
            let pad = String(repeating: " ", count: (level + 1) * indent)
            out.append("[\n")
            for (i, item) in items.enumerated() {
                out.append(pad)
                item.write(into: &out, level: level + 1, indent: indent)
                out.append(i + 1 < items.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: level * indent))
            out.append("]")
        case .object(let pairs):
            if pairs.isEmpty { out.append("{}"); return }
            if isFlat && level > 0 {
                out.append("{")
                for (i, (key, value)) in pairs.enumerated() {
                    if i > 0 { out.append(", ") }
                    JSONValue.writeString(key, into: &out)
                    out.append(": ")
                    value.write(into: &out, level: level + 1, indent: indent)
                }
                out.append("}")
                return
            }
            let pad = String(repeating: " ", count: (level + 1) * indent)
            out.append("{\n")
            for (i, (key, value)) in pairs.enumerated() {
                out.append(pad)
                JSONValue.writeString(key, into: &out)
                out.append(": ")
                value.write(into: &out, level: level + 1, indent: indent)
                out.append(i + 1 < pairs.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: level * indent))
            out.append("}")
        }
    }

    /// Shortest text that reads back as the same double (Swift's `description`), with an
    /// exponent form JSON accepts. Integral values keep their `.0` so readers see a float.
    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d.description
    }

    static func writeString(_ s: String, into out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
