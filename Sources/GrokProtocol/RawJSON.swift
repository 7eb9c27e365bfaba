/// Locates a value's bytes inside a JSON object without decoding it, so the coordinator can
/// store a validated result exactly as it was received instead of encoding it again (the
/// second-largest CPU cost per result). Only an unambiguous layout qualifies: anything
/// unusual returns nil and the caller re-encodes the decoded value, which is always correct.
public enum RawJSON {
    /// The byte range of the value of top-level key `key` in the JSON object `body`, if the key
    /// occurs exactly once, written literally, and no top-level key contains an escape (which
    /// could spell `key` differently). Pure; never allocates beyond the key being compared.
    public static func valueRange(ofTopLevelKey key: String, in body: [UInt8]) -> Range<Int>? {
        let target = Array(key.utf8)
        var i = skipSpace(body, 0)
        guard i < body.count, body[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var found: Range<Int>? = nil
        while true {
            i = skipSpace(body, i)
            guard i < body.count else { return nil }
            if body[i] == UInt8(ascii: "}") { return found }
            guard body[i] == UInt8(ascii: "\"") else { return nil }
            let keyStart = i + 1
            guard let keyEnd = stringEnd(body, i) else { return nil }
            let keyBytes = body[keyStart..<(keyEnd - 1)]
            if keyBytes.contains(UInt8(ascii: "\\")) { return nil }
            i = skipSpace(body, keyEnd)
            guard i < body.count, body[i] == UInt8(ascii: ":") else { return nil }
            i = skipSpace(body, i + 1)
            let valueStart = i
            guard let valueEnd = valueEnd(body, i) else { return nil }
            if keyBytes.elementsEqual(target) {
                if found != nil { return nil }
                found = valueStart..<valueEnd
            }
            i = skipSpace(body, valueEnd)
            guard i < body.count else { return nil }
            if body[i] == UInt8(ascii: ",") { i += 1; continue }
            if body[i] == UInt8(ascii: "}") { return found }
            return nil
        }
    }

    private static func skipSpace(_ b: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        return i
    }

    /// `b[start]` is a quote; returns the index after the closing quote.
    private static func stringEnd(_ b: [UInt8], _ start: Int) -> Int? {
        var i = start + 1
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// The index after the value starting at `start` (iterative: no recursion on nesting).
    private static func valueEnd(_ b: [UInt8], _ start: Int) -> Int? {
        guard start < b.count else { return nil }
        switch b[start] {
        case UInt8(ascii: "\""):
            return stringEnd(b, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < b.count {
                switch b[i] {
                case UInt8(ascii: "\""):
                    guard let end = stringEnd(b, i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return nil
        default:
            var i = start
            while i < b.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09].contains(b[i]) { i += 1 }
            return i > start ? i : nil
        }
    }
}
