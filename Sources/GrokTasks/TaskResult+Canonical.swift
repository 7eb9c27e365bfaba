import Foundation

extension TaskResult {
    /// The canonical bytes of a result: its binary record (``binaryRecord(_:)``). Equal results
    /// give equal bytes; the wire, the journal and every comparison of results use them.
    public static func canonicalBytes(_ result: TaskResult) -> Data { Data(binaryRecord(result)) }

    /// Canonical JSON (sorted keys): the result's reference meaning (what the pinned result
    /// digest is of) and the form earlier builds sent and stored; equal results, equal bytes.
    public static func canonicalJSON(_ result: TaskResult) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a validated result cannot fail (no non-finite numbers).
        return (try? encoder.encode(result)) ?? Data()
    }
}
