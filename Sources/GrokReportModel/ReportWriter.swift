import Foundation
import GrokConfig

/// A file of a report folder could not be written (a full disk, permissions): names the file
/// and why. Every command maps it to exit status 73; nothing committed is lost by it.
public struct ReportWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// Wraps any error of writing `path` (a ``ReportWriteError`` stays as it is).
    public static func wrapping(_ error: any Error, path: String) -> ReportWriteError {
        if let e = error as? ReportWriteError { return e }
        let ns = error as NSError
        let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap {
            $0.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32($0.code))) : nil
        }
        return ReportWriteError(path: path, reason: posix ?? "\(error)")
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes report files atomically: a temporary file in the same folder, then a rename, so a
/// reader (or a crash) never sees half a report; a failed write leaves no temporary file.
public enum ReportWriter {
    public static func writeAtomically(_ text: String, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ReportWriteError.wrapping(error, path: url.path)
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw ReportWriteError(path: url.path, reason: "rename failed: \(String(cString: strerror(code)))")
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
