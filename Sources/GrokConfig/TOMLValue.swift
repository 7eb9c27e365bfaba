/// A parsed TOML value that remembers the line it came from, so a configuration error can name
/// both the key and the line.
public indirect enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLEntry])
    case table(TOMLTable)

    /// The TOML type name used in error messages ("an integer", "a string", …).
    public var typeDescription: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a float"
        case .boolean: return "a boolean"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A value with the 1-based line on which it starts.
public struct TOMLEntry: Sendable, Equatable {
    public var value: TOMLValue
    public var line: Int
}

/// A TOML table: keys in the order they were written (TOML tables are unordered, but keeping the
/// file's order makes every listing and error message reproducible).
public struct TOMLTable: Sendable, Equatable {
    public private(set) var keys: [String] = []
    private var entries: [String: TOMLEntry] = [:]
    /// The line of the `[header]` (or of the first key, for the root and inline tables).
    public var line: Int

    public init(line: Int) { self.line = line }

    public subscript(key: String) -> TOMLEntry? { entries[key] }

    mutating func set(_ key: String, _ entry: TOMLEntry) {
        if entries[key] == nil { keys.append(key) }
        entries[key] = entry
    }

    mutating func update(_ key: String, _ body: (inout TOMLEntry) throws -> Void) rethrows {
        guard var entry = entries[key] else { return }
        try body(&entry)
        entries[key] = entry
    }
}

/// A syntax error in a TOML document, with its line.
public struct TOMLSyntaxError: Error, CustomStringConvertible, Equatable {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}
