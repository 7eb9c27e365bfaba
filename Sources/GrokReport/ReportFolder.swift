import Foundation
import GrokConfig
import GrokReportModel
import GrokTasks

/// Writes every file of a report folder from report.json's value and the task results it was
/// built from: report.json, report.html, report.md with plots/*.svg, avalanches.csv.gz (one row
/// per cascade) and runs.csv (one row per run and snapshot). Each file is written atomically.
public enum ReportFolder {
    public static let plotsFolder = "plots"

    /// The files written, relative to `folder`.
    @discardableResult
    public static func write(_ report: JSONValue, results: [TaskResult], into folder: URL) throws -> [String] {
        try ReportWriter.writeReport(report, into: folder)
        return ["report.json"] + (try writeRenderings(report, results: results, into: folder))
    }

    /// Everything but report.json (which the caller may have written already).
    @discardableResult
    public static func writeRenderings(_ report: JSONValue, results: [TaskResult], into folder: URL) throws -> [String] {
        let rendering = RenderInput(results: results, selection: ReportData.plotSelection(report), topologies: [])
        var written = try writeRenderings(report, rendering: rendering, into: folder)
        let csv = folder.appendingPathComponent(CascadeTable.fileName)
        do { try CascadeCSV.write(CascadeTable(results: results), to: csv) } catch { throw ReportWriteError.wrapping(error, path: csv.path) }
        written.append(CascadeTable.fileName)
        return written
    }

    /// Everything but report.json and the per-cascade file (a streamed report writes that
    /// while it reads the results: ``CascadeCSVWriter``).
    @discardableResult
    public static func writeRenderings(_ report: JSONValue, rendering: RenderInput, into folder: URL) throws -> [String] {
        let document = ReportDocument(report: report, rendering: rendering)
        var written: [String] = []
        let plots = folder.appendingPathComponent(plotsFolder)
        for figure in document.figures {
            try ReportWriter.writeAtomically(figure.svg, to: plots.appendingPathComponent(figure.file))
            written.append("\(plotsFolder)/\(figure.file)")
        }
        let files: [(String, String)] = [
            ("report.html", document.html()),
            ("report.md", document.markdown(plotsFolder: plotsFolder)),
            ("runs.csv", CSVExport.runs(records: rendering.runs)),
            ("timing.csv", TimingTable.csv(report)),
        ]
        for (name, text) in files {
            try ReportWriter.writeAtomically(text, to: folder.appendingPathComponent(name))
            written.append(name)
        }
        return written
    }
}
