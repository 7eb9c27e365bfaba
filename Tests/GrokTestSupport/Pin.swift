import Foundation
import GrokConfig

/// Digest pins that say what changed. A pinned file's digest stays the check; its full text is
/// kept beside this file (Pins/), so that a failing pin names the first differing line with its
/// JSON path and both values, and a re-pin's git diff shows every number that moved.
/// Re-pin: run the tests with GROKSCALE_REPIN=1, review `git diff Tests/GrokTestSupport/Pins`,
/// then copy the printed digest into the test.
public enum Pin {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Pins")

    /// nil when `actual` has the pinned `digest`; otherwise what differs from the pinned text
    /// `name` (or, with GROKSCALE_REPIN=1, writes `actual` there and says so).
    public static func mismatch(_ actual: String, digest: String, name: String) -> String? {
        let actualDigest = SHA256.hex(Array(actual.utf8))
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["GROKSCALE_REPIN"] == "1" {
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return actualDigest == digest ? nil : "re-pinned \(name): its new digest is \(actualDigest)"
        }
        guard actualDigest != digest else { return nil }
        guard let pinned = try? String(contentsOf: url, encoding: .utf8) else {
            return "\(name): digest \(actualDigest), pinned \(digest); no pinned text at \(url.path) to compare with"
        }
        let location = firstDifference(expected: pinned, actual: actual) ?? "the pinned text is equal: the digest in the test is stale"
        return "\(name) changed (digest \(actualDigest), pinned \(digest)): \(location)"
    }

    /// The first line that differs, with the JSON path of the keys enclosing it (pretty-printed
    /// JSON: one key per line, nesting by indentation).
    public static func firstDifference(expected: String, actual: String) -> String? {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let common = min(a.count, b.count)
        guard let i = (0..<common).first(where: { a[$0] != b[$0] }) ?? (a.count == b.count ? nil : common) else { return nil }
        let line = { (lines: [Substring]) in i < lines.count ? lines[i].trimmingCharacters(in: .whitespaces) : "(end of text)" }
        return "line \(i + 1), at \(path(to: i, in: a)): \(line(a)) → \(line(b))"
    }

    /// The keys of the objects enclosing line `index`, outermost first ("summary.gradient[…]").
    static func path(to index: Int, in lines: [Substring]) -> String {
        var keys: [String] = []
        var indent = index < lines.count ? lines[index].prefix(while: { $0 == " " }).count : 0
        for j in stride(from: index - 1, through: 0, by: -1) {
            let line = lines[j]
            let depth = line.prefix(while: { $0 == " " }).count
            guard depth < indent else { continue }
            indent = depth
            let text = line.trimmingCharacters(in: .whitespaces)
            // A key line ("key": { or "key": [); a bare { or [ opens an array element, no key.
            if text.hasPrefix("\""), let end = text.dropFirst().firstIndex(of: "\"") {
                keys.append(String(text[text.index(after: text.startIndex)..<end]) + (text.hasSuffix("[") ? "[…]" : ""))
            }
        }
        return keys.isEmpty ? "(top)" : keys.reversed().joined(separator: ".")
    }
}
