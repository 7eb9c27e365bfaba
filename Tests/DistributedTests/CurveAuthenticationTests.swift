import Foundation
import GRDB
import Testing

/// CURVE on loopback: only workers whose public key is in the coordinator's authorized folder
/// get in; strangers and plain-text workers are refused before any message of theirs is read.
@Suite("CURVE admits only authorized workers", .serialized)
struct CurveAuthenticationTests {
    /// Runs `grokscale keygen` for each name into `folder`.
    static func keys(_ names: [String], in folder: URL) throws {
        for name in names {
            let child = try Child(["keygen", "--dir", folder.path, "--name", name], log: folder.appendingPathComponent("keygen-\(name).log"))
            #expect(child.wait(timeout: 20) == 0, "keygen \(name): \(child.logText)")
        }
    }

    /// The Z85 key line of a key file.
    static func key(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").first { !$0.hasPrefix("#") }.map(String.init) ?? ""
    }

    static func count(_ out: URL, _ sql: String) throws -> Int {
        try DatabaseQueue(path: out.appendingPathComponent("journal.sqlite").path).read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }

    func worker(_ port: Int, name: String, folder: URL, curve: [String]) throws -> Child {
        try Child(
            [
                "worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", name, "--heartbeat-ms", "200",
                "--liveness", "3", "--give-up-after", "4",
            ] + curve, log: folder.appendingPathComponent("\(name).log"))
    }

    @Test(
        "an authorized worker computes the in-process report byte for byte; an unknown key and a CURVE-off worker are refused, logged and absent from the journal"
    )
    func authorizedOnly() throws {
        let folder = try Harness.temporaryFolder("curve")
        let keys = folder.appendingPathComponent("keys")
        let authorized = keys.appendingPathComponent("authorized")
        try FileManager.default.createDirectory(at: authorized, withIntermediateDirectories: true)
        try Self.keys(["coordinator", "worker", "stranger"], in: keys)
        try FileManager.default.copyItem(at: keys.appendingPathComponent("worker.pub"), to: authorized.appendingPathComponent("worker.pub"))
        let config = try Harness.writeConfig(in: folder)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try Child(
            [
                "coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path,
                "--curve-secret-key", keys.appendingPathComponent("coordinator.key").path, "--authorized-keys", authorized.path,
            ],
            log: folder.appendingPathComponent("coordinator.log"))
        let server = ["--server-key", keys.appendingPathComponent("coordinator.pub").path]
        let stranger = try worker(
            port, name: "stranger", folder: folder, curve: ["--secret-key", keys.appendingPathComponent("stranger.key").path] + server)
        let plain = try worker(port, name: "plain", folder: folder, curve: [])
        let strangerKey = try Self.key(keys.appendingPathComponent("stranger.pub"))
        // The stranger is refused at the handshake, before the authorized worker even starts.
        #expect(eventually(timeout: 20) { c.logText.contains("refused an unknown CURVE key \(strangerKey)") }, "\(c.logText)")
        let good = try worker(port, name: "good", folder: folder, curve: ["--secret-key", keys.appendingPathComponent("worker.key").path] + server)

        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        #expect(good.wait(timeout: 10) == 0, "\(good.logText)")
        // Refused workers never hear a word: they give up (status 4) and say what to check.
        #expect(stranger.wait(timeout: 20) == 4, "\(stranger.logText)")
        #expect(plain.wait(timeout: 20) == 4, "\(plain.logText)")
        #expect(stranger.logText.contains("check --server-key"), "\(stranger.logText)")
        // The plain-text worker never reaches ZAP; the coordinator's handshake monitor logs it.
        #expect(c.logText.contains("does not speak CURVE"), "\(c.logText)")
        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report == expected)
        for table in ["leases", "results", "events"] {
            #expect(try Self.count(out, "SELECT COUNT(*) FROM \(table) WHERE worker IN ('stranger', 'plain')") == 0, "\(table)")
        }
        #expect(try Self.count(out, "SELECT COUNT(*) FROM results WHERE worker = 'good'") == 6)
    }

    @Test("binding a non-loopback address needs CURVE or --insecure, and --insecure warns")
    func insecureNeedsConsent() throws {
        let folder = try Harness.temporaryFolder("insecure")
        let config = try Harness.writeConfig(in: folder)
        let port = Harness.freePort()
        let refused = try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://0.0.0.0:\(port)", "--out", folder.appendingPathComponent("a").path],
            log: folder.appendingPathComponent("refused.log"))
        let status = refused.wait(timeout: 20)
        #expect(status != 0 && status != nil)
        #expect(refused.logText.contains("--insecure") && refused.logText.contains("--curve-secret-key"), "\(refused.logText)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("a/journal.sqlite").path))

        let insecure = try Child(
            [
                "coordinator", "--config", config.path, "--bind", "tcp://0.0.0.0:\(port)", "--out", folder.appendingPathComponent("b").path,
                "--insecure",
            ],
            log: folder.appendingPathComponent("insecure.log"))
        #expect(eventually(timeout: 20) { insecure.logText.contains("coordinator listening") }, "\(insecure.logText)")
        #expect(insecure.logText.contains("WARNING") && insecure.logText.contains("without authentication"))
        insecure.signal(SIGTERM)
        #expect(insecure.wait(timeout: 20) != nil)
    }

    @Test("keygen writes Z85 keys, the secret one mode 0600, and never overwrites; bad key files and an empty authorized folder are clear errors")
    func keyFiles() throws {
        let folder = try Harness.temporaryFolder("keygen")
        try Self.keys(["k"], in: folder)
        let secret = folder.appendingPathComponent("k.key"), pub = folder.appendingPathComponent("k.pub")
        let mode = { (url: URL) in (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? -1 }
        #expect(try mode(secret) == 0o600)
        #expect(try mode(pub) & 0o400 != 0)
        #expect(try Self.key(secret).count == 40 && Self.key(pub).count == 40 && Self.key(secret) != Self.key(pub))
        let before = try String(contentsOf: secret, encoding: .utf8)
        let again = try Child(["keygen", "--dir", folder.path, "--name", "k"], log: folder.appendingPathComponent("again.log"))
        #expect(again.wait(timeout: 20) != 0)
        #expect(again.logText.contains("never overwrites"), "\(again.logText)")
        #expect(try String(contentsOf: secret, encoding: .utf8) == before)

        let config = try Harness.writeConfig(in: folder)
        let malformed = folder.appendingPathComponent("bad.key")
        try "not a key\n".write(to: malformed, atomically: true, encoding: .utf8)
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let cases: [([String], String)] = [
            (["--curve-secret-key", malformed.path, "--authorized-keys", empty.path], "is not a coordinator secret key file"),
            (
                ["--curve-secret-key", folder.appendingPathComponent("missing.key").path, "--authorized-keys", empty.path],
                "cannot read the coordinator secret key file"
            ),
            (["--curve-secret-key", secret.path, "--authorized-keys", empty.path], "holds no *.pub key"),
            (["--curve-secret-key", secret.path], "needs both"),
        ]
        for (index, (flags, message)) in cases.enumerated() {
            let child = try Child(
                [
                    "coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(Harness.freePort())", "--out",
                    folder.appendingPathComponent("out\(index)").path,
                ] + flags,
                log: folder.appendingPathComponent("case\(index).log"))
            #expect(child.wait(timeout: 20) != 0)
            #expect(child.logText.contains(message), "\(flags): \(child.logText)")
        }
        let worker = try Child(
            ["worker", "--connect", "tcp://127.0.0.1:1", "--secret-key", malformed.path, "--server-key", pub.path],
            log: folder.appendingPathComponent("worker.log"))
        #expect(worker.wait(timeout: 20) != 0)
        #expect(worker.logText.contains("is not a worker secret key file"), "\(worker.logText)")
    }
}
