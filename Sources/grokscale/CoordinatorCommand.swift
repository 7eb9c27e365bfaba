import ArgumentParser
import Foundation
import GrokCluster
import GrokCoordinator
import GrokStatus
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

    /// Loopback by default: works on a laptop as is; a cluster binds every interface with CURVE
    /// (`--bind tcp://0.0.0.0:5555 --curve-secret-key … --authorized-keys …`, cluster/README.md).
    @Option(
        name: .long,
        help: ArgumentHelp(
            "ZeroMQ endpoint to bind. The default takes workers on this host only; for workers on other hosts bind tcp://0.0.0.0:PORT with CURVE keys (cluster/README.md) or --insecure.",
            valueName: "endpoint"))
    var bind = "tcp://127.0.0.1:5555"

    @Option(name: .long, help: ArgumentHelp("Folder of the journal and the report.", valueName: "dir"), completion: .directory)
    var out = "grokscale-out"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Put journal.sqlite here instead of --out: node-local disk when --out is on NFS, Lustre or GPFS (a journal there draws a warning).",
            valueName: "dir"), completion: .directory)
    var journalDir: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the endpoint workers should connect to (tcp://<advertise>:<bound port>) into this file once bound; removed at exit. Workers read it with --connect-file.",
            valueName: "file"), completion: .file())
    var endpointFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp("The host name workers use to reach this coordinator, for --endpoint-file (default: this host's name).", valueName: "host")
    )
    var advertise: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve a live status page, /status.json and /metrics (Prometheus) on HOST:PORT, e.g. 127.0.0.1:8080. Off by default; loopback only unless --http-open.",
            valueName: "host:port"))
    var http: String?

    @Flag(name: .long, help: "Allow --http on a non-loopback address (anyone who reaches the port can read the page).")
    var httpOpen = false

    @Option(name: .long, help: ArgumentHelp("Tests: redraw the live page's D(τ) at most this often (seconds).", visibility: .hidden))
    var httpPlotInterval = 20.0

    @Option(
        name: .long,
        help: ArgumentHelp("CURVE: this coordinator's secret key (from `grokscale keygen`); requires --authorized-keys.", valueName: "file"),
        completion: .file())
    var curveSecretKey: String?

    @Option(
        name: .long, help: ArgumentHelp("CURVE: folder of the workers' *.pub keys; only these workers are let in.", valueName: "dir"),
        completion: .directory)
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
        let curve = try BindSecurity.coordinatorCurve(
            bind: bind, secretKeyFile: curveSecretKey, authorizedKeysFolder: authorizedKeys, insecure: insecure)
        let logger = try logging.makeLogger(label: "grokscale.coordinator")
        let folder = URL(fileURLWithPath: out)
        let journalFolder = journalDir.map { URL(fileURLWithPath: $0) }
        if noopTasks == nil {
            try FolderGuard.check(folder, config: config)
            if let journalFolder { try FolderGuard.check(journalFolder, config: config) }
            if let warning = FileSystemKind.journalWarning(for: journalFolder ?? folder) { logger.warning("\(warning)") }
        }
        let status: StatusService?
        do {
            status = try http.map { address in
                var timing = JournalRefresher.Timing()
                timing.plotInterval = max(0.5, httpPlotInterval)
                return try StatusService(address: address, open: httpOpen, config: config, journalFolder: journalFolder ?? folder, timing: timing)
            }
        } catch let error as StatusServerError {
            // A port in use is "try again later" (69); a malformed or refused address is usage (64).
            if error.unavailable { throw CLIError(error.description, status: .unavailable) }
            throw CLIError(error.description, status: .usage)
        }
        Signals.installStopHandlers()
        var options = CoordinatorOptions(
            config: config, bind: bind, outputFolder: folder, noopTasks: noopTasks, curve: curve,
            writeReport: SweepReportWriter.writer(gitCommit: GitCommit.current()))
        options.journalFolder = journalFolder
        let coordinator = Coordinator(options: options, logger: logger)
        if let status { logger.info("status page on \(status.url) (/status.json, /metrics)") }
        let endpointWriter = EndpointFile(path: endpointFile, advertise: advertise)
        defer { endpointWriter.remove(); status?.stop() }
        let watcher = Thread {
            while !stopSignalReceived.load(ordering: .relaxed) { usleep(50_000) }
            coordinator.stop()
        }
        watcher.start()
        let context = try ZMQContext()
        let outcome: Coordinator.Outcome
        do {
            let quiet = self.quiet || noopTasks != nil
            outcome = try coordinator.run(
                context: context,
                ready: { endpoint in
                    endpointWriter.write(bound: endpoint, logger: logger)
                },
                progress: { p in
                    status?.board.publish(p)
                    if !quiet { Console.progress(done: p.done + p.failed, total: p.total, workers: p.liveWorkers) }
                })
            if !quiet { Console.endProgress() }
        } catch let error as ZMQError where error.code == EADDRINUSE {
            throw CLIError("cannot bind \(bind): the port is in use; choose another --bind port", status: .unavailable)
        } catch {
            throw RuntimeErrors.cliError(error)
        }
        context.terminate()
        if stopSignalReceived.load(ordering: .relaxed) && outcome.reportURL == nil && noopTasks == nil {
            Console.info("stopped before the sweep finished; every committed result is in \(out)/journal.sqlite — run the same command to resume")
            throw ExitStatus.interrupted.exitCode
        }
        if !outcome.failed.isEmpty { throw ExitStatus.tasksFailed.exitCode }
    }
}
