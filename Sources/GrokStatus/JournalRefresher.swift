import CHostInfo
import Foundation
import GrokConfig
import GrokCoordinator
import GrokReport
import GrokReportModel
import GrokTasks
import Synchronization

/// Adds to the ``StatusBoard`` what only the journal knows, on a thread of its own at the lowest
/// scheduling priority: leases (who runs what), failures, quarantined and lost workers, and the
/// partial D(τ) plot. It reads the journal read-only (SQLite WAL: readers never block the
/// coordinator's commits) and never touches the coordinator's state.
public final class JournalRefresher: Sendable {
    public struct Timing: Sendable {
        /// Journal status every this many seconds.
        public var statusInterval: Double = 2
        /// The partial D(τ) plot at most this often, and only when new results were committed.
        public var plotInterval: Double = 20
        /// Bootstrap resamples of the live plot's band (the report uses the configuration's).
        public var plotResamples = 200
        public init() {}
    }

    private let board: StatusBoard
    private let journalFolder: URL
    private let config: SweepConfig
    private let timing: Timing
    private let stopped = Atomic<Bool>(false)

    public init(board: StatusBoard, journalFolder: URL, config: SweepConfig, timing: Timing = Timing()) {
        self.board = board
        self.journalFolder = journalFolder
        self.config = config
        self.timing = timing
    }

    public func start() {
        let thread = Thread { [self] in
            // This thread only: nice 19, so the coordinator's thread always wins the CPU.
            grokscale_lower_thread_priority()
            loop()
        }
        thread.name = "grokscale-status-refresher"
        thread.start()
    }

    public func stop() { stopped.store(true, ordering: .relaxed) }

    private func loop() {
        var reader: JournalReader?
        var lastPlot: ContinuousClock.Instant?
        var plottedDone = -1
        while !stopped.load(ordering: .relaxed) {
            if reader == nil { reader = try? JournalReader(folder: journalFolder) }
            if let reader, let status = try? reader.status() {
                let quarantined = (try? reader.workerEvents(kindContaining: "quarantin")) ?? []
                let workers = (try? reader.workerRecords()) ?? []
                board.update { s in
                    s.workers = workers
                    // Who runs what comes live from the coordinator (StatusBoard.publish), not from here.
                    s.failures = status.failed.map { StatusSnapshot.Failure(task: $0.task, error: $0.error, attempts: $0.attempts) }
                    s.workersLost = status.workersLost
                    s.quarantined = Array(Set(quarantined.map(\.worker))).sorted()
                }
                let due = lastPlot.map { (ContinuousClock.now - $0).seconds >= timing.plotInterval } ?? true
                if due, status.done.count != plottedDone, !status.done.isEmpty {
                    lastPlot = ContinuousClock.now
                    plottedDone = status.done.count
                    let plot = partialPlot(reader, done: status.done)
                    board.update { s in
                        s.dTauSVG = plot.svg
                        s.dTauNote = plot.note
                        s.dTauTasks = status.done.count
                    }
                }
            }
            sleep(seconds: timing.statusInterval)
        }
    }

    /// D(τ) of the results committed so far, with a lighter bootstrap than the report's,
    /// folded one result at a time from the journal (never all results in memory).
    private func partialPlot(_ reader: JournalReader, done: [String]) -> (svg: String?, note: String?) {
        var light = config
        light.analysis.bootstrapResamples = min(config.analysis.bootstrapResamples, timing.plotResamples)
        // Mid-sweep the grid's widths are not all done, and a fit needs every width of the grid
        // (analysis.min_widths = 0) with enough runs each: the partial plot fits what is done so far. The
        // collapse refits and the goodness-of-fit bootstrap are not drawn here, so they are skipped.
        let present = Set(done.compactMap { SweepTask(key: $0)?.width })
        light.widths = config.widths.filter(present.contains)
        light.analysis.minRunsPerWidth = 1  // a width's first finished seed already counts here
        light.analysis.collapseResamples = 0
        light.analysis.gofResamples = 0
        var input = ReportInput(config: light)
        guard (try? reader.forEachResult(config: config, { try input.add($0) })) != nil else {
            return (nil, "the journal could not be read just now")
        }
        let report = ReportBuilder.build(config: light, input: input, failures: [], provenance: Provenance(gitCommit: nil, hostCount: 1))
        // Only windows covered by every width with results are worth drawing; none yet is a sentence, not an empty plot.
        guard LiveFigures.coveredDTauWindows(report) > 0 else {
            return (
                nil,
                "not yet: no τ window has enough runs from enough widths (\(light.widths.count) of \(config.widths.count) widths have results so far)"
            )
        }
        return (LiveFigures.dTauSVG(report), nil)
    }

    private func sleep(seconds: Double) {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline && !stopped.load(ordering: .relaxed) { usleep(50_000) }
    }
}
