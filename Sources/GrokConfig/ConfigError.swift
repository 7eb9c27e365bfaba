/// A configuration problem, naming the key and (when it came from a file) the file and line.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var source: String?
    public var line: Int?
    public var key: String?
    public var message: String

    public init(source: String? = nil, line: Int? = nil, key: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var location = ""
        if let source { location += source }
        if let line { location += location.isEmpty ? "line \(line)" : ":\(line)" }
        var text = location.isEmpty ? "" : location + ": "
        if let key { text += "\(key): " }
        return text + message
    }
}
