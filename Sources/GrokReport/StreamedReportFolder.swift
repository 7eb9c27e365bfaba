import Foundation
import GrokConfig
import GrokReportModel
import GrokTasks

/// A report folder fed one result at a time in canonical task order (a journal's pass): each
/// result is folded into the ``ReportInput`` and its rows appended to avalanches.csv.gz, then
/// dropped, so no caller holds every result. Writing the per-cascade file may fail (a full
/// disk) without stopping the fold: the error is kept and thrown by ``finishCascades()``, as a
/// failed rendering was before (report.json, the renderings' source, must not be lost to it).
public final class StreamedReportFolder {
    public private(set) var input: ReportInput
    private var csv: CascadeCSVWriter?
    private var csvError: (any Error)?
    private let path: String

    public init(config: SweepConfig, folder: URL) {
        input = ReportInput(config: config)
        let path = folder.appendingPathComponent(CascadeTable.fileName).path
        do { csv = try CascadeCSVWriter(url: URL(fileURLWithPath: path)) } catch { csvError = ReportWriteError.wrapping(error, path: path) }
        self.path = path
    }

    /// Folds `r` and writes its cascade rows. Throws only when `r` is not foldable (a duplicate).
    public func add(_ r: TaskResult) throws {
        try input.add(r)
        guard csvError == nil, let csv else { return }
        do { try csv.add(r) } catch {
            csvError = ReportWriteError.wrapping(error, path: path)
            self.csv = nil  // dropped unfinished: its temporary file is removed
        }
    }

    /// Renames avalanches.csv.gz into place; throws what writing it failed with.
    public func finishCascades() throws {
        if let csvError { throw csvError }
        do { try csv?.finish() } catch { throw ReportWriteError.wrapping(error, path: path) }
        csv = nil
    }
}

extension ReportFolder {
    /// Every file of a streamed report folder: report.json, the renderings, avalanches.csv.gz.
    @discardableResult
    public static func write(_ report: JSONValue, streamed: StreamedReportFolder, into folder: URL) throws -> [String] {
        try ReportWriter.writeReport(report, into: folder)
        return ["report.json"] + (try writeRenderings(report, streamed: streamed, into: folder))
    }

    /// Everything but report.json.
    @discardableResult
    public static func writeRenderings(_ report: JSONValue, streamed: StreamedReportFolder, into folder: URL) throws -> [String] {
        var written = try writeRenderings(report, rendering: streamed.input.rendering, into: folder)
        try streamed.finishCascades()
        written.append(CascadeTable.fileName)
        return written
    }
}
