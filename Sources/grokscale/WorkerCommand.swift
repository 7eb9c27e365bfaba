import ArgumentParser
import Foundation
import GrokCluster
import GrokPrograms
import GrokProtocol
import GrokWorker
import ZeroMQ

struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run tasks for a coordinator until it says the sweep is done.",
        discussion: """
            Connects to the coordinator, announces itself, runs leased tasks, heartbeats while \
            computing and reconnects with back-off (1 s doubling to 8 s) if the coordinator \
            disappears. Exits 0 when the sweep is done (a coordinator restarted mid-sweep \
            answers a returning worker with DONE once it has finished), and on SIGINT/SIGTERM \
            after handing back its unfinished tasks. With no coordinator for --give-up-after \
            seconds (default 600) it exits 4.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The coordinator's endpoint, e.g. tcp://head-node:5555.", valueName: "endpoint"))
    var connect: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A file holding the coordinator's endpoint (its --endpoint-file), read again before every reconnect; the worker waits for it to appear.",
            valueName: "file"), completion: .file())
    var connectFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "CURVE: this worker's secret key (from `grokscale keygen`; its .pub must be in the coordinator's --authorized-keys).", valueName: "file"),
        completion: .file())
    var secretKey: String?

    @Option(name: .long, help: ArgumentHelp("CURVE: the coordinator's public key file.", valueName: "file"), completion: .file())
    var serverKey: String?

    @Option(name: .long, help: ArgumentHelp("Tasks to run at once; \(CPUAllocation.helpText)."))
    var slots: Int?

    @Option(
        name: .long,
        help:
            "Heartbeat interval in milliseconds until the coordinator's first heartbeat, which carries the sweep's network.heartbeat_interval_ms and replaces it."
    )
    var heartbeatMs = 1000

    @Option(
        name: .long, help: "Missed heartbeats before the coordinator is presumed gone, until the coordinator says its network.heartbeat_liveness.")
    var liveness = 3

    @Option(
        name: .long,
        help:
            "Exit with status 4 after this many seconds without a coordinator (default \(Int(WorkerReconnect.defaultGiveUpAfter)); 0: keep trying forever)."
    )
    var giveUpAfter: Double = WorkerReconnect.defaultGiveUpAfter

    @Option(name: .long, help: "A name for this worker in the coordinator's log and journal (default host:pid:random).")
    var name: String?

    @Option(name: .long, help: ArgumentHelp("Test fault injection: report this task as failed.", visibility: .hidden))
    var failTask: [String] = []

    @Option(name: .long, help: ArgumentHelp("Test fault injection: wait this many ms before each task.", visibility: .hidden))
    var taskDelayMs = 0

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = try logging.makeLogger(label: "grokscale.worker")
        let slots = self.slots ?? CPUAllocation.slots()
        guard slots >= 1 else { throw ValidationError("--slots must be at least 1") }
        guard heartbeatMs >= 10, liveness >= 1 else { throw ValidationError("--heartbeat-ms must be ≥ 10 and --liveness ≥ 1") }
        Signals.installStopHandlers()
        let endpoint: String
        switch (connect, connectFile) {
        case (let given?, _):
            endpoint = given
        case (nil, let file?):
            guard let found = waitForEndpoint(file) else {
                if stopSignalReceived.load(ordering: .relaxed) { return }
                throw CLIError("no coordinator endpoint appeared in \(file) within --give-up-after \(Int(giveUpAfter)) s", status: .workerGaveUp)
            }
            endpoint = found
        case (nil, nil):
            throw ValidationError("give the coordinator's endpoint: --connect tcp://HOST:PORT, or --connect-file FILE (its --endpoint-file)")
        }
        var options = WorkerOptions(
            endpoint: endpoint, slots: slots, name: name, heartbeatIntervalMs: heartbeatMs, liveness: liveness,
            giveUpAfter: giveUpAfter > 0 ? giveUpAfter : nil)
        options.endpointFile = connectFile
        options.curve = try curveClient()
        options.failTasks = Set(failTask)
        options.taskDelayMs = taskDelayMs
        options.devices = GPUDevices.detected()
        options.environment = ProgramEnvironment.probe(devices: options.devices) ?? [:]
        let context = try ZMQContext()
        let worker = Worker(options: options, logger: logger)
        let exit: WorkerExit
        do {
            exit = try worker.run(context: context, stop: stopSignalReceived)
        } catch let error as ZMQError where error.code == EINVAL {
            throw ValidationError(
                "\(connect.map { "--connect \($0)" } ?? "the endpoint \(endpoint) from --connect-file") is not a ZeroMQ endpoint (e.g. tcp://head-node:5555): \(error)"
            )
        } catch {
            throw CLIError("the worker stopped: \(error)", status: .failure)
        }
        context.terminate()
        if exit == .gaveUp { throw ExitStatus.workerGaveUp.exitCode }
        if exit == .quarantined {
            throw CLIError(
                "the coordinator quarantined this worker and gives it no more tasks (its reason is logged above): another configuration hash means another grokscale version (use the coordinator's); failures in a row mean this host cannot compute the sweep (check its libraries, memory and disk, then start the worker again with another --name)",
                status: .workerGaveUp)
        }
    }

    /// Waits (--give-up-after seconds, or forever when it is 0) for a non-empty endpoint file.
    func waitForEndpoint(_ file: String) -> String? {
        let deadline = giveUpAfter > 0 ? Date().addingTimeInterval(giveUpAfter) : nil
        while !stopSignalReceived.load(ordering: .relaxed) {
            if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                let endpoint = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !endpoint.isEmpty { return endpoint }
            }
            if let deadline, Date() > deadline { return nil }
            usleep(200_000)
        }
        return nil
    }

    /// The CURVE client keys; the public half is derived from the secret so the two cannot disagree.
    func curveClient() throws -> WorkerOptions.CurveClient? {
        switch (secretKey, serverKey) {
        case (nil, nil):
            return nil
        case let (secretPath?, serverPath?):
            let secret = try CurveKeyFile.read(secretPath, role: "worker secret key", secret: true)
            let server = try CurveKeyFile.read(serverPath, role: "coordinator public key")
            let publicKey: String
            do {
                publicKey = try Curve.publicKey(fromSecret: secret)
            } catch {
                throw ValidationError("\(secretPath): cannot derive its public key: \(error)")
            }
            return WorkerOptions.CurveClient(publicKey: publicKey, secretKey: secret, serverKey: server)
        default:
            throw ValidationError("CURVE needs both --secret-key FILE (this worker's) and --server-key FILE (the coordinator's .pub)")
        }
    }
}
