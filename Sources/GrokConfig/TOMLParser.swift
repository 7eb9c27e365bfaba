import Foundation

/// A reader for the part of TOML 1.0 a sweep configuration needs: comments, `[table]` and
/// `[a.b]` headers, bare, quoted and dotted keys, basic and literal strings, integers (with
/// `_` separators, `0x`/`0o`/`0b`), floats (including `inf`, `nan`), booleans, arrays (across
/// lines, trailing comma) and inline tables. Dates, multi-line strings and `[[arrays of
/// tables]]` are refused with a message that says so, never misread.
public struct TOMLParser {
    private let chars: [Character]
    private var index = 0
    private var line = 1
    /// Arrays and inline tables currently open; bounded so a hostile file cannot exhaust the stack.
    private var depth = 0

    /// The deepest nesting of arrays and inline tables (and the longest dotted key) accepted.
    /// A sweep configuration needs 2; the bound only stops recursion without end.
    public static let maxDepth = 32

    public static func parse(_ text: String) throws(TOMLSyntaxError) -> TOMLTable {
        var parser = TOMLParser(chars: Array(text))
        return try parser.document()
    }

    private init(chars: [Character]) { self.chars = chars }

    // MARK: document structure

    private mutating func document() throws(TOMLSyntaxError) -> TOMLTable {
        var root = TOMLTable(line: 1)
        var currentPath: [String] = []
        var definedTables: Set<[String]> = []
        while true {
            skipBlankAndComments()
            guard let c = peek() else { break }
            if c == "[" {
                let headerLine = line
                advance()
                if peek() == "[" {
                    throw error("arrays of tables ([[...]]) are not used by grokscale configurations")
                }
                skipSpaces()
                let path = try keyPath()
                skipSpaces()
                try expect("]", "to close the table header")
                try endOfLine()
                if definedTables.contains(path) {
                    throw TOMLSyntaxError(line: headerLine, message: "table [\(path.joined(separator: "."))] is defined twice")
                }
                definedTables.insert(path)
                try ensureTable(&root, path: path, line: headerLine)
                currentPath = path
            } else {
                let keyLine = line
                let path = try keyPath()
                skipSpaces()
                try expect("=", "after the key '\(path.joined(separator: "."))'")
                skipSpaces()
                let value = try value()
                try endOfLine()
                try insert(&root, path: currentPath + path, entry: value, line: keyLine)
            }
        }
        return root
    }

    private func ensureTable(_ table: inout TOMLTable, path: [String], line: Int) throws(TOMLSyntaxError) {
        guard let first = path.first else { return }
        if table[first] == nil {
            table.set(first, TOMLEntry(value: .table(TOMLTable(line: line)), line: line))
        }
        guard case .table(var child) = table[first]!.value else {
            throw TOMLSyntaxError(line: line, message: "'\(first)' is already a value (line \(table[first]!.line)), not a table")
        }
        try ensureTable(&child, path: Array(path.dropFirst()), line: line)
        table.set(first, TOMLEntry(value: .table(child), line: table[first]!.line))
    }

    private func insert(_ table: inout TOMLTable, path: [String], entry: TOMLEntry, line: Int) throws(TOMLSyntaxError) {
        let key = path[0]
        if path.count == 1 {
            if let existing = table[key] {
                throw TOMLSyntaxError(line: line, message: "key '\(key)' is defined twice (first on line \(existing.line))")
            }
            table.set(key, entry)
            return
        }
        if table[key] == nil {
            table.set(key, TOMLEntry(value: .table(TOMLTable(line: line)), line: line))
        }
        guard case .table(var child) = table[key]!.value else {
            throw TOMLSyntaxError(line: line, message: "'\(key)' is already a value (line \(table[key]!.line)), not a table")
        }
        try insert(&child, path: Array(path.dropFirst()), entry: entry, line: line)
        table.set(key, TOMLEntry(value: .table(child), line: table[key]!.line))
    }

    // MARK: keys

    private mutating func keyPath() throws(TOMLSyntaxError) -> [String] {
        var parts = [try simpleKey()]
        while true {
            skipSpaces()
            guard peek() == "." else { return parts }
            if parts.count >= TOMLParser.maxDepth { throw error("a dotted key with more than \(TOMLParser.maxDepth) parts") }
            advance()
            skipSpaces()
            parts.append(try simpleKey())
        }
    }

    private mutating func simpleKey() throws(TOMLSyntaxError) -> String {
        guard let c = peek() else { throw error("expected a key, found the end of the file") }
        if c == "\"" { return try basicString() }
        if c == "'" { return try literalString() }
        var key = ""
        while let c = peek(), c.isASCII, c.isLetter || c.isNumber || c == "_" || c == "-" {
            key.append(c)
            advance()
        }
        if key.isEmpty { throw error("expected a key, found '\(c)'") }
        return key
    }

    // MARK: values

    private mutating func value() throws(TOMLSyntaxError) -> TOMLEntry {
        let valueLine = line
        guard let c = peek() else { throw error("expected a value, found the end of the file") }
        switch c {
        case "\"":
            if lookahead("\"\"\"") { throw error("multi-line strings are not supported here; use a single-line string") }
            return TOMLEntry(value: .string(try basicString()), line: valueLine)
        case "'":
            if lookahead("'''") { throw error("multi-line strings are not supported here; use a single-line string") }
            return TOMLEntry(value: .string(try literalString()), line: valueLine)
        case "[":
            return TOMLEntry(value: .array(try array()), line: valueLine)
        case "{":
            return TOMLEntry(value: .table(try inlineTable()), line: valueLine)
        default:
            return TOMLEntry(value: try scalar(), line: valueLine)
        }
    }

    private mutating func enter() throws(TOMLSyntaxError) {
        depth += 1
        if depth > TOMLParser.maxDepth { throw error("arrays and inline tables nested more than \(TOMLParser.maxDepth) deep") }
    }

    private mutating func array() throws(TOMLSyntaxError) -> [TOMLEntry] {
        try enter()
        defer { depth -= 1 }
        advance()  // [
        var items: [TOMLEntry] = []
        while true {
            skipBlankAndComments()
            guard let c = peek() else { throw error("unterminated array: expected ']'") }
            if c == "]" { advance(); return items }
            items.append(try value())
            skipBlankAndComments()
            if peek() == "," { advance(); continue }
            if peek() == "]" { advance(); return items }
            throw error("expected ',' or ']' in the array, found \(describe(peek()))")
        }
    }

    private mutating func inlineTable() throws(TOMLSyntaxError) -> TOMLTable {
        let tableLine = line
        try enter()
        defer { depth -= 1 }
        advance()  // {
        var table = TOMLTable(line: tableLine)
        skipSpaces()
        if peek() == "}" { advance(); return table }
        while true {
            skipSpaces()
            let keyLine = line
            let path = try keyPath()
            skipSpaces()
            try expect("=", "after the key '\(path.joined(separator: "."))'")
            skipSpaces()
            let entry = try value()
            try insert(&table, path: path, entry: entry, line: keyLine)
            skipSpaces()
            if peek() == "," { advance(); continue }
            if peek() == "}" { advance(); return table }
            throw error("expected ',' or '}' in the inline table, found \(describe(peek()))")
        }
    }

    private mutating func scalar() throws(TOMLSyntaxError) -> TOMLValue {
        var token = ""
        while let c = peek(), !c.isWhitespace, c != ",", c != "]", c != "}", c != "#" {
            token.append(c)
            advance()
        }
        if token.isEmpty { throw error("expected a value, found \(describe(peek()))") }
        if token == "true" { return .boolean(true) }
        if token == "false" { return .boolean(false) }
        if let value = TOMLParser.number(token) { return value }
        if token.contains("-") && token.contains(":") || token.count == 10 && token.filter({ $0 == "-" }).count == 2 {
            throw error("dates and times are not supported here: '\(token)'")
        }
        throw error("'\(token)' is not a TOML value (strings need quotes: \"\(token)\")")
    }

    static func number(_ token: String) -> TOMLValue? {
        switch token {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        // Underscores must sit between digits.
        if token.hasPrefix("_") || token.hasSuffix("_") || token.contains("__") { return nil }
        let plain = token.replacingOccurrences(of: "_", with: "")
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where plain.hasPrefix(prefix) {
            return Int(plain.dropFirst(2), radix: radix).map(TOMLValue.integer)
        }
        let digits = plain.hasPrefix("+") || plain.hasPrefix("-") ? String(plain.dropFirst()) : plain
        if digits.count > 1 && digits.hasPrefix("0") && digits.first(where: { $0 == "." || $0 == "e" || $0 == "E" }) == nil {
            return nil  // leading zeros are not TOML
        }
        if let int = Int(plain) { return .integer(int) }
        guard plain.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }), let double = Double(plain) else { return nil }
        return .float(double)
    }

    private mutating func basicString() throws(TOMLSyntaxError) -> String {
        advance()  // "
        var result = ""
        while true {
            guard let c = peek(), !c.isNewline else { throw error("unterminated string: expected a closing '\"' on this line") }
            advance()
            if c == "\"" { return result }
            if c != "\\" { result.append(c); continue }
            guard let e = peek() else { throw error("unterminated escape") }
            advance()
            switch e {
            case "\"": result.append("\"")
            case "\\": result.append("\\")
            case "n": result.append("\n")
            case "t": result.append("\t")
            case "r": result.append("\r")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "u", "U":
                let count = e == "u" ? 4 : 8
                var hex = ""
                for _ in 0..<count {
                    guard let h = peek(), h.isHexDigit else { throw error("\\\(e) needs \(count) hex digits") }
                    hex.append(h)
                    advance()
                }
                guard let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) else {
                    throw error("\\\(e)\(hex) is not a Unicode scalar")
                }
                result.unicodeScalars.append(scalar)
            default:
                throw error("unknown escape '\\\(e)' in a string")
            }
        }
    }

    private mutating func literalString() throws(TOMLSyntaxError) -> String {
        advance()  // '
        var result = ""
        while true {
            guard let c = peek(), !c.isNewline else { throw error("unterminated string: expected a closing \"'\" on this line") }
            advance()
            if c == "'" { return result }
            result.append(c)
        }
    }

    // MARK: lexing helpers

    private func peek() -> Character? { index < chars.count ? chars[index] : nil }

    private func lookahead(_ s: String) -> Bool {
        var i = index
        for c in s {
            guard i < chars.count, chars[i] == c else { return false }
            i += 1
        }
        return true
    }

    private mutating func advance() {
        if chars[index].isNewline { line += 1 }
        index += 1
    }

    private mutating func skipSpaces() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    private mutating func skipComment() {
        if peek() == "#" {
            while let c = peek(), !c.isNewline { advance() }
        }
    }

    private mutating func skipBlankAndComments() {
        while let c = peek() {
            if c.isWhitespace { advance() } else if c == "#" { skipComment() } else { return }
        }
    }

    private mutating func endOfLine() throws(TOMLSyntaxError) {
        skipSpaces()
        skipComment()
        guard let c = peek() else { return }
        if c.isNewline { advance(); return }
        throw error("expected the end of the line, found \(describe(c))")
    }

    private mutating func expect(_ c: Character, _ context: String) throws(TOMLSyntaxError) {
        guard peek() == c else { throw error("expected '\(c)' \(context), found \(describe(peek()))") }
        advance()
    }

    private func describe(_ c: Character?) -> String {
        guard let c else { return "the end of the file" }
        return c.isNewline ? "the end of the line" : "'\(c)'"
    }

    private func error(_ message: String) -> TOMLSyntaxError { TOMLSyntaxError(line: line, message: message) }
}
