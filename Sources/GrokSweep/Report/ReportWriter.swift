import Foundation

/// Writes report files atomically: a temporary file in the same folder, then a rename, so a
/// reader (or a crash) never sees half a report.
public enum ReportWriter {
    public static func writeAtomically(_ text: String, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        try Data(text.utf8).write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: "rename failed: \(String(cString: strerror(code)))"])
        }
    }

    /// Writes `report.json` into `folder` and returns its URL.
    @discardableResult
    public static func writeReport(_ report: JSONValue, into folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("report.json")
        try writeAtomically(report.serialized(), to: url)
        return url
    }
}
