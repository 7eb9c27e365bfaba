/// The subset of Python literal syntax a .npy header uses: a dict with string keys whose values
/// are strings, True/False/None, integers, and tuples or lists of those. Whitespace anywhere,
/// trailing commas allowed, integers may carry Python 2's `L` suffix.
indirect enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case none
    case int(Int)
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([(String, PythonLiteral)])

    static func == (a: PythonLiteral, b: PythonLiteral) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case (.none, .none): return true
        case let (.int(x), .int(y)): return x == y
        case let (.tuple(x), .tuple(y)), let (.list(x), .list(y)): return x == y
        case let (.dict(x), .dict(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Parses one literal spanning the whole text (surrounding whitespace allowed).
    static func parse(_ text: [UInt8]) throws -> PythonLiteral {
        var parser = Parser(bytes: text)
        let value = try parser.value()
        parser.skipSpace()
        guard parser.at == text.count else { throw parser.fail("unexpected text after the dict") }
        return value
    }

    struct Parser {
        let bytes: [UInt8]
        var at = 0

        func fail(_ why: String) -> NumPyFormatError { .badHeader("\(why) at character \(at)") }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        mutating func value() throws -> PythonLiteral {
            skipSpace()
            guard at < bytes.count else { throw fail("unexpected end of header") }
            switch bytes[at] {
            case UInt8(ascii: "{"):
                at += 1
                var entries = [(String, PythonLiteral)]()
                try sequence(close: UInt8(ascii: "}")) {
                    guard case .string(let key) = try $0.value() else { throw $0.fail("dict key is not a string") }
                    $0.skipSpace()
                    guard $0.at < $0.bytes.count, $0.bytes[$0.at] == UInt8(ascii: ":") else { throw $0.fail("expected ':'") }
                    $0.at += 1
                    entries.append((key, try $0.value()))
                }
                return .dict(entries)
            case UInt8(ascii: "("), UInt8(ascii: "["):
                let isTuple = bytes[at] == UInt8(ascii: "(")
                at += 1
                var items = [PythonLiteral]()
                try sequence(close: UInt8(ascii: isTuple ? ")" : "]")) { items.append(try $0.value()) }
                return isTuple ? .tuple(items) : .list(items)
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                let quote = bytes[at]
                at += 1
                let start = at
                while at < bytes.count && bytes[at] != quote {
                    if bytes[at] == UInt8(ascii: "\\") { at += 1 }
                    at += 1
                }
                guard at < bytes.count else { throw fail("unterminated string") }
                defer { at += 1 }
                return .string(String(decoding: bytes[start..<at], as: UTF8.self))
            default:
                let start = at
                while at < bytes.count, !",:)]} \t\r\n".utf8.contains(bytes[at]) { at += 1 }
                let word = String(decoding: bytes[start..<at], as: UTF8.self)
                switch word {
                case "True": return .bool(true)
                case "False": return .bool(false)
                case "None": return .none
                default:
                    let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                    guard let n = Int(digits) else { throw fail("unexpected '\(word)'") }
                    return .int(n)
                }
            }
        }

        /// Items separated by commas up to `close`, a trailing comma allowed.
        mutating func sequence(close: UInt8, item: (inout Parser) throws -> Void) throws {
            while true {
                skipSpace()
                guard at < bytes.count else { throw fail("unexpected end of header") }
                if bytes[at] == close { at += 1; return }
                try item(&self)
                skipSpace()
                guard at < bytes.count else { throw fail("unexpected end of header") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == close else { throw fail("expected ',' or '\(Character(Unicode.Scalar(close)))'") }
                at += 1
                return
            }
        }
    }
}
