import Foundation
import GrokConfig
import GrokTasks

/// What a finished sweep hands to whoever writes its report. The coordinator schedules and
/// persists; building and rendering the report is passed in (``CoordinatorOptions/writeReport``),
/// so this module never links the analysis or the renderer.
public struct FinishedSweep {
    public let config: SweepConfig
    /// The journal: the report is written from what was committed, never from memory.
    public let journal: Journal
    /// Tasks failed for good in this coordinator run.
    public let failures: [TaskFailure]
    /// The report's folder.
    public let outputFolder: URL
    /// The journal's folder when it is not `outputFolder` (`--journal-dir`).
    public let separateJournalFolder: URL?
    public var journalFolder: URL { separateJournalFolder ?? outputFolder }
    /// The command that writes the report again from the journal, for error messages.
    public var reportCommand: String {
        "grokscale report \(outputFolder.path)\(separateJournalFolder.map { " --journal-dir \($0.path)" } ?? "")"
    }
}

/// The report a finished sweep wrote: where report.json is and what it holds.
public struct WrittenReport: Sendable {
    public var url: URL
    public var report: JSONValue
    /// Committed results the report was built from (this run's and earlier runs').
    public var committedResults: Int
    public init(url: URL, report: JSONValue, committedResults: Int) {
        self.url = url; self.report = report; self.committedResults = committedResults
    }
}

/// Writes a finished sweep's report folder; throws ``JournalError`` (`.cannotWrite`) when a file
/// cannot be written, saying what was kept and the command that writes it again.
public typealias ReportWriting = @Sendable (FinishedSweep) throws -> WrittenReport
