import ArgumentParser
import Foundation
import ZeroMQ

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a CURVE key pair: <dir>/<name>.key (secret, mode 0600) and <dir>/<name>.pub.",
        discussion: """
            Make one pair for the coordinator and one per worker (or one shared by all workers). \
            The coordinator takes --curve-secret-key coordinator.key and --authorized-keys DIR, a \
            folder holding the workers' .pub files; a worker takes --secret-key worker.key and \
            --server-key coordinator.pub. Secret keys never leave the host that uses them; .pub \
            files may be copied anywhere. Existing files are never overwritten.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Folder to write the key pair into (created if missing).", valueName: "dir"), completion: .directory)
    var dir = "."

    @Option(name: .long, help: "Base name of the two files.")
    var name: String

    func run() throws {
        guard !name.isEmpty, !name.contains("/") else {
            throw ValidationError("--name must be a plain file name, e.g. coordinator or worker-\(ProcessInfo.processInfo.hostName)")
        }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let pair: (publicKey: String, secretKey: String)
        do {
            pair = try Curve.generateKeyPair()
        } catch {
            throw ValidationError("cannot generate a CURVE key pair: \(error) (is libzmq built with libsodium?)")
        }
        let base = (dir as NSString).appendingPathComponent(name)
        try CurveKeyFile.create(base + ".key", contents: "# grokscale CURVE secret key \(name): keep private\n\(pair.secretKey)\n", secret: true)
        try CurveKeyFile.create(base + ".pub", contents: "# grokscale CURVE public key \(name)\n\(pair.publicKey)\n", secret: false)
        print("wrote \(base).key (secret, mode 0600) and \(base).pub")
    }
}
