import ArgumentParser
import Foundation
import GrokCoordinator
import GrokSweep
import ZeroMQ

struct CoordinatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Lease a sweep's tasks to workers and write the merged report.",
        discussion: """
            Results are committed to <out>/journal.sqlite before they are acknowledged; \
            restarting on the same folder and configuration resumes without recomputing a \
            committed task; every committed row is verified (SHA-256, validation) before anything \
            is leased. One coordinator per folder (<out>/coordinator.lock). Exits 0 after writing \
            <out>/report.json and telling the workers the sweep is over; 3 if some tasks failed \
            (the report names them); other statuses below.\n\nExit statuses:\n\(ExitStatus.table)
            """
    )

    @OptionGroup var sweep: SweepOptions

    @Option(name: .long, help: ArgumentHelp("ZeroMQ endpoint to bind.", valueName: "endpoint"))
    var bind = "tcp://0.0.0.0:5555"

    @Option(name: .long, help: ArgumentHelp("Folder of the journal and the report.", valueName: "dir"))
    var out = "grokscale-out"

    @Option(name: .long, help: ArgumentHelp("CURVE: this coordinator's secret key (from `grokscale keygen`); requires --authorized-keys.", valueName: "file"))
    var curveSecretKey: String?

    @Option(name: .long, help: ArgumentHelp("CURVE: folder of the workers' *.pub keys; only these workers are let in.", valueName: "dir"))
    var authorizedKeys: String?

    @Flag(name: .long, help: "Allow binding a non-loopback address without CURVE (any peer can connect; prints a warning).")
    var insecure = false

    @Option(name: .long, help: ArgumentHelp(visibility: .hidden))
    var noopTasks: Int?

    @Flag(name: .long, help: "No progress bar or progress lines (log messages still follow --log-level).")
    var quiet = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let config = try sweep.resolve()
        let curve = try BindSecurity.coordinatorCurve(bind: bind, secretKeyFile: curveSecretKey, authorizedKeysFolder: authorizedKeys, insecure: insecure)
        let logger = try logging.makeLogger(label: "grokscale.coordinator")
        Signals.installStopHandlers()
        let coordinator = Coordinator(
            options: CoordinatorOptions(config: config, bind: bind, outputFolder: URL(fileURLWithPath: out), noopTasks: noopTasks, curve: curve, gitCommit: GitCommit.current()),
            logger: logger)
        let watcher = Thread {
            while !stopSignalReceived.load(ordering: .relaxed) { usleep(50_000) }
            coordinator.stop()
        }
        watcher.start()
        let context = try ZMQContext()
        let outcome: Coordinator.Outcome
        do {
            let quiet = self.quiet || noopTasks != nil
            outcome = try coordinator.run(context: context, progress: { p in
                if !quiet { Console.progress(done: p.done + p.failed, total: p.total, workers: p.liveWorkers) }
            })
            if !quiet { Console.endProgress() }
        } catch {
            throw RuntimeErrors.cliError(error)
        }
        context.terminate()
        if stopSignalReceived.load(ordering: .relaxed) && outcome.reportURL == nil && noopTasks == nil {
            Console.info("stopped before the sweep finished; every committed result is in \(out)/journal.sqlite — run the same command to resume")
            throw ExitCode(ExitStatus.interrupted.rawValue)
        }
        if !outcome.failed.isEmpty { throw ExitCode(ExitStatus.tasksFailed.rawValue) }
    }
}
