extension Graph {
    /// Parses a user edge list: one 0-based pair "i j" per line (spaces or tabs between),
    /// `#` starts a comment to the end of the line, blank lines are skipped, `\r\n` is accepted.
    /// The node count is `nodeCount ?? (largest index + 1)`, so trailing isolated nodes need an
    /// explicit count. Errors carry the 1-based line number: a line that is not two non-negative
    /// integers, an index beyond `nodeCount`, a self-loop, or a pair already given on an earlier
    /// line (in either order; both line numbers are named).
    public init(edgeListText: String, nodeCount: Int? = nil) throws {
        if let n = nodeCount { try Graph.checkSizes(nodeCount: n, edgeCount: 0) }
        let limit = nodeCount ?? Int(Int32.max) - 1
        var us = [Int32](), vs = [Int32]()
        var firstLineOf = [UInt64: Int]()  // lookups only, never iterated
        var maxIndex = -1
        var lineNumber = 0
        var text = edgeListText
        try text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                lineNumber += 1
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                let next = end + 1
                // Strip the comment and any trailing '\r'.
                var stop = start
                while stop < end && bytes[stop] != 0x23 { stop += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<stop])
                start = next
                guard let (u, v, blank) = Graph.parsePair(line) else {
                    let found = String(decoding: line, as: UTF8.self).trimmingWhitespace()
                    throw GraphError.malformedLine(line: lineNumber, found: found)
                }
                if blank { continue }
                guard u <= limit, v <= limit, nodeCount.map({ u < $0 && v < $0 }) ?? true else {
                    throw GraphError.lineOutOfRange(line: lineNumber, u: u, v: v, nodeCount: nodeCount ?? limit)
                }
                guard u != v else { throw GraphError.selfLoopLine(line: lineNumber, node: u) }
                let key = UInt64(min(u, v)) << 32 | UInt64(max(u, v))
                if let first = firstLineOf[key] {
                    throw GraphError.duplicateLine(line: lineNumber, firstLine: first, u: u, v: v)
                }
                firstLineOf[key] = lineNumber
                maxIndex = max(maxIndex, u, v)
                us.append(Int32(u))
                vs.append(Int32(v))
            }
        }
        let count: Int
        if let n = nodeCount {
            count = n
        } else {
            guard maxIndex >= 0 else { throw GraphError.emptyEdgeList }
            count = maxIndex + 1
        }
        try Graph.checkSizes(nodeCount: count, edgeCount: us.count)
        self.init(unchecked: count, us: us, vs: vs)
    }

    /// Two non-negative decimal integers separated by blanks, or an all-blank line
    /// (`blank == true`); nil for anything else. Values above `Int32.max` count as malformed.
    static func parsePair(_ line: UnsafeBufferPointer<UInt8>) -> (Int, Int, Bool)? {
        var values = [Int](), i = 0
        values.reserveCapacity(2)
        while true {
            while i < line.count && Graph.isBlank(line[i]) { i += 1 }
            if i == line.count { break }
            var value = 0, digits = 0
            while i < line.count && !Graph.isBlank(line[i]) {
                let d = Int(line[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                value = value * 10 + d
                digits += 1
                guard value <= Int(Int32.max) else { return nil }
                i += 1
            }
            guard digits > 0, values.count < 2 else { return nil }
            values.append(value)
        }
        if values.isEmpty { return (0, 0, true) }
        guard values.count == 2 else { return nil }
        return (values[0], values[1], false)
    }

    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
