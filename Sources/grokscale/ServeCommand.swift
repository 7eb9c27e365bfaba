import ArgumentParser
import Foundation
import GrokServe
import ZeroMQ

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "A live probe service: send gradient fields over ZeroMQ, get their cascades back.",
        discussion: """
            Protocol: Sources/GrokServe/SERVE.md (a JSON header frame plus a raw float32 frame \
            in, a JSON reply out). Fields are probed on the graph `grokscale probe` builds for \
            their N and --set seed, so both give the same cascades. Fields tagged with a run id \
            and step join the ensemble: runs of several sizes give a running D(step), readable \
            with an "ensemble" request and written as <out>/report/ (the same files as `fit`) on \
            a "report" request and when the service stops. <out>/ensemble.jsonl keeps every \
            filed field, so a restarted service resumes its ensemble. The Python client \
            (grokscale.LiveClient) streams from a training loop without blocking it.
            """
    )

    @Option(name: .long, help: ArgumentHelp("ZeroMQ endpoint to bind.", valueName: "endpoint"))
    var bind = "tcp://127.0.0.1:5600"

    @Option(name: .long, help: ArgumentHelp("Folder of the ensemble journal and report.", valueName: "dir"), completion: .directory)
    var out = "grokscale-serve"

    @OptionGroup var runOptions: UserRunOptions

    @Option(name: .long, help: "Probing threads (default: the number of cores).")
    var threads: Int?

    @Option(
        name: .long, help: ArgumentHelp("CURVE: this service's secret key (from `grokscale keygen`); requires --authorized-keys.", valueName: "file"),
        completion: .file())
    var curveSecretKey: String?

    @Option(
        name: .long, help: ArgumentHelp("CURVE: folder of the clients' *.pub keys; only these clients are let in.", valueName: "dir"),
        completion: .directory)
    var authorizedKeys: String?

    @Flag(name: .long, help: "Allow binding a non-loopback address without CURVE (any peer can connect; prints a warning).")
    var insecure = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let config = try runOptions.resolve(defaultPrimaryOnly: true)
        let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        let curve = try BindSecurity.coordinatorCurve(
            bind: bind, secretKeyFile: curveSecretKey, authorizedKeysFolder: authorizedKeys, insecure: insecure)
        let logger = try logging.makeLogger(label: "grokscale.serve")
        let server = ServeServer(
            options: ServeOptions(
                config: config, bind: bind, outputFolder: URL(fileURLWithPath: out), threads: threads,
                controlFields: config.userRunControlFields,
                curve: curve.map { ServeOptions.Curve(secretKey: $0.secretKey, authorizedKeys: $0.authorizedKeys) },
                gitCommit: GitCommit.current()),
            logger: logger)
        Signals.installStopHandlers()
        let watcher = Thread {
            while !stopSignalReceived.load(ordering: .relaxed) { usleep(50_000) }
            server.stop()
        }
        watcher.start()
        let context = try ZMQContext()
        defer { context.terminate() }
        do {
            try server.run(context: context) { endpoint in Console.info("grokscale serve: listening on \(endpoint)") }
        } catch let error as ServeError {
            throw CLIError(error.message, status: error.code == "journal" ? .config : .failure)
        } catch let error as ZMQError where error.code == EADDRINUSE {
            throw CLIError("cannot bind \(bind): the address is in use (another serve?); pick another --bind", status: .unavailable)
        }
    }
}
