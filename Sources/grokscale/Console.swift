import Foundation
import GrokStatus
import Synchronization

/// Human-facing output on standard error, so standard output stays machine-readable.
enum Console {
    static func info(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static let isTerminal = isatty(STDERR_FILENO) != 0
    private static let meter = Mutex(ProgressMeter())

    /// A one-line progress bar with rate and ETA on a terminal; a plain log line every
    /// `ProgressMeter.plainInterval` seconds (and at the end) otherwise.
    static func progress(done: Int, total: Int, workers: Int? = nil) {
        let line = meter.withLock { $0.update(done: done, total: total, workers: workers, now: ContinuousClock.now, terminal: isTerminal) }
        guard let line else { return }
        if isTerminal {
            FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
        } else {
            info(line)
        }
    }

    static func endProgress() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Rate and ETA from the tasks finished since the meter first saw the sweep (a resumed sweep's
/// earlier tasks do not count towards the rate).
struct ProgressMeter {
    static let plainInterval = 5.0
    private var start: ContinuousClock.Instant?
    private var startDone = 0
    private var lastPlain: ContinuousClock.Instant?
    private var lastPlainDone = -1

    mutating func update(done: Int, total: Int, workers: Int?, now: ContinuousClock.Instant, terminal: Bool) -> String? {
        if start == nil { start = now; startDone = done }
        let elapsed = (now - start!).seconds
        let finishedHere = done - startDone
        let rate = elapsed > 0 && finishedHere > 0 ? Double(finishedHere) / elapsed : nil
        let eta = rate.map { Double(max(0, total - done)) / $0 }
        let rateText = rate.map(TaskRateText.text) ?? "– tasks/s"
        let etaText = done >= total ? "done" : eta.map { "ETA \(ProgressMeter.clock($0))" } ?? "ETA –"
        let who = workers.map { ", \($0) live worker\($0 == 1 ? "" : "s")" } ?? ""
        if terminal {
            let width = 30
            let filled = total > 0 ? min(width, width * done / total) : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            return "[\(bar)] \(done)/\(total) tasks, \(rateText), \(etaText)\(who)"
        }
        let due = lastPlain.map { (now - $0).seconds >= ProgressMeter.plainInterval } ?? true
        guard done != lastPlainDone, due || done >= total else { return nil }
        lastPlain = now
        lastPlainDone = done
        return "progress: \(done)/\(total) tasks, \(rateText), \(etaText)\(who)"
    }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "–" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
