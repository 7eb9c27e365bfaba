import Foundation
import Synchronization

/// Human-facing output on standard error, so standard output stays machine-readable.
enum Console {
    static func info(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static let isTerminal = isatty(STDERR_FILENO) != 0
    private static let lastPrinted = Mutex<Int>(-1)

    /// A one-line progress bar on a terminal; a plain line at every 10% otherwise.
    static func progress(done: Int, total: Int, workers: Int? = nil) {
        let who = workers.map { ", \($0) workers" } ?? ""
        if isTerminal {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) tasks\(who)   ".utf8))
        } else if total > 0 && done > 0 && done != lastPrinted.withLock({ $0 }) && (done * 10 / total != (done - 1) * 10 / total || done == total) {
            lastPrinted.withLock { $0 = done }
            info("progress: \(done)/\(total) tasks\(who)")
        }
    }

    static func endProgress() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

extension Duration {
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
