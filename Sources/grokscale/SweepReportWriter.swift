import Foundation
import GrokConfig
import GrokCoordinator
import GrokReport
import GrokReportModel
import GrokTasks

/// Writes a finished sweep's report folder from its journal: the coordinator's
/// ``ReportWriting``, wired here so that the coordinator never links the analysis.
enum SweepReportWriter {
    /// A writer that records `gitCommit` in the report's provenance.
    static func writer(gitCommit: String?) -> ReportWriting {
        { sweep in try write(sweep, gitCommit: gitCommit) }
    }

    /// report.json from one pass over the journal, with the provenance that pass read (hosts,
    /// verification): what both the coordinator's finish and `grokscale report` write.
    static func report(
        config: SweepConfig, streamed: StreamedReportFolder, read: JournalResultsRead, failures: [TaskFailure], gitCommit: String?
    )
        -> JSONValue
    {
        ReportBuilder.build(
            config: config, input: streamed.input, failures: failures,
            provenance: Provenance(
                gitCommit: gitCommit, hostCount: max(1, read.hosts),
                verification: .init(config: config, replicated: read.replicated, spotChecked: read.spotChecked)))
    }

    static func write(_ sweep: FinishedSweep, gitCommit: String?) throws -> WrittenReport {
        let config = sweep.config
        // One pass over the journal: each committed result is folded, written to
        // avalanches.csv.gz and to the journal's cascades table, then dropped.
        let streamed = StreamedReportFolder(config: config, folder: sweep.outputFolder)
        let read = try sweep.journal.forEachResultFillingCascades(config: config) { try streamed.add($0) }
        let report = Self.report(config: config, streamed: streamed, read: read, failures: sweep.failures, gitCommit: gitCommit)
        let url: URL
        do {
            url = try ReportWriter.writeReport(report, into: sweep.outputFolder)
        } catch {
            throw JournalError(
                .cannotWrite,
                description:
                    "the sweep finished, but \(error). Nothing committed was lost: free space (or fix the permissions) and run `\(sweep.reportCommand)`."
            )
        }
        // The renderings are a view of report.json: failing to write them must not lose it, and
        // it is still a failure of the command (exit 73), never a quiet exit 0.
        var unwritten: [String] = []
        do {
            try ReportFolder.writeRenderings(report, streamed: streamed, into: sweep.outputFolder)
        } catch {
            unwritten.append("its renderings (\(error))")
        }
        do {
            try ExecutionRecordFile.write(journalFolder: sweep.journalFolder, into: sweep.outputFolder)
        } catch {
            unwritten.append("\(ExecutionRecord.fileName) (\(error))")
        }
        if let why = read.cascadesError {
            unwritten.append("the journal's cascades table in \(sweep.journalFolder.path) (\(why); avalanches.csv.gz holds the same rows)")
        }
        guard unwritten.isEmpty else {
            throw JournalError(
                .cannotWrite,
                description:
                    "the sweep finished (\(read.results) done, \(sweep.failures.count) failed) and \(url.path) was written, but not \(unwritten.joined(separator: ", nor ")). Nothing committed was lost: free space (or fix the permissions) and run `\(sweep.reportCommand)` to write them."
            )
        }
        return WrittenReport(url: url, report: report, committedResults: read.results)
    }
}

/// execution.json, written next to the report (``ExecutionRecord`` says what it holds).
enum ExecutionRecordFile {
    static func write(journalFolder: URL, into folder: URL) throws {
        let value = try ExecutionRecord.json(JournalReader(folder: journalFolder))
        try ReportWriter.writeAtomically(value.serialized(), to: folder.appendingPathComponent(ExecutionRecord.fileName))
    }
}
