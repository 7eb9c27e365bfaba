import Foundation
import GrokConfig
import GrokCoordinator
import Logging
import Synchronization
import ZeroMQ

/// `grokscale run`: a coordinator on a thread of this process and N worker processes on this
/// machine, over loopback TCP — the same code paths as a cluster, on one host.
enum LocalSweep {
    static func run(config: SweepConfig, workers: Int, out: URL, quiet: Bool, logger: Logger) throws -> Coordinator.Outcome {
        let context = try ZMQContext()
        defer { context.terminate() }
        let coordinator = Coordinator(
            options: CoordinatorOptions(
                config: config, bind: "tcp://127.0.0.1:*", outputFolder: out, writeReport: SweepReportWriter.writer(gitCommit: GitCommit.current())),
            logger: logger)
        let endpoint = Mutex<String?>(nil)
        let outcome = Mutex<Result<Coordinator.Outcome, Error>?>(nil)
        let bound = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            let result = Result {
                try coordinator.run(
                    context: context,
                    ready: { e in
                        endpoint.withLock { $0 = e }; bound.signal()
                    }
                ) { p in
                    if !quiet { Console.progress(done: p.done + p.failed, total: p.total, workers: p.liveWorkers) }
                }
            }
            outcome.withLock { $0 = result }
            bound.signal()
            finished.signal()
        }
        thread.start()
        bound.wait()
        guard let address = endpoint.withLock({ $0 }) else {
            finished.wait()
            return try outcome.withLock { $0! }.get()
        }
        let executable = try selfExecutable()
        var children: [Process] = []
        for i in 0..<workers {
            let p = Process()
            p.executableURL = executable
            p.arguments = [
                "worker", "--connect", address, "--slots", "1", "--name", "local-\(i)",
                "--heartbeat-ms", String(config.network.heartbeatIntervalMs), "--liveness", String(config.network.heartbeatLiveness),
                "--give-up-after", "60", "--log-level", "warning",
            ]
            try p.run()
            children.append(p)
        }
        // Stop on SIGINT/SIGTERM: the coordinator returns, the workers hand their tasks back.
        Signals.installStopHandlers()
        // A worker exits only on DONE, on a stop, or when it cannot go on (quarantined, gave up);
        // with every local worker gone the sweep cannot progress: stop, rather than wait forever.
        // (Workers exit on DONE just before the coordinator returns: allow it 2 s to do so.)
        var workersGone = false
        var allExitedAt: Date?
        while finished.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if stopSignalReceived.load(ordering: .relaxed) {
                coordinator.stop()
                for c in children where c.isRunning { c.terminate() }
            }
            guard !workersGone, children.allSatisfy({ !$0.isRunning }) else { continue }
            let since = allExitedAt ?? Date()
            allExitedAt = since
            if Date().timeIntervalSince(since) > 2 {
                workersGone = true
                coordinator.stop()
            }
        }
        if !quiet { Console.endProgress() }
        // Workers exit on DONE; give them a moment, then make sure none is left behind.
        let deadline = Date().addingTimeInterval(5)
        while children.contains(where: \.isRunning) && Date() < deadline { usleep(20_000) }
        for c in children where c.isRunning { c.terminate() }
        for c in children { c.waitUntilExit() }
        let result = try outcome.withLock { $0! }.get()
        if workersGone && result.report == nil {
            let statuses = children.map { String($0.terminationStatus) }.joined(separator: ", ")
            throw CLIError(
                "every local worker exited before the sweep finished (exit statuses \(statuses); their errors are above): the sweep cannot progress. Committed results are in \(out.path)/journal.sqlite; fix the cause and run the same command to resume",
                status: .incomplete)
        }
        return result
    }

    static func selfExecutable() throws -> URL {
        let path = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return URL(fileURLWithPath: path)
    }
}
