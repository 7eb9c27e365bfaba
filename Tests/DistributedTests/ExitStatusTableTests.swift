import Foundation
import GRDB
import Testing

/// The README's exit-status table is the program's: the same codes as `--help` (which prints
/// ExitStatus's table), and the rows changed by the bad-day issue return what they say.
@Suite("Exit-status table: README = --help = what the program returns", .serialized)
struct ExitStatusTableTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    @Test("the README's table lists exactly the codes of `--help`'s table")
    func readmeMatchesHelp() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let readmeCodes = text.split(separator: "\n").compactMap { line -> Int? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            return line.hasPrefix("| ") && cells.count == 2 ? Int(cells[0]) : nil
        }
        let help = try CapturedRun.run(["--help"])
        let helpCodes = help.stdout.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("  "), let first = line.split(separator: " ").first else { return nil }
            return Int(first)
        }
        #expect(!readmeCodes.isEmpty && readmeCodes == helpCodes, "README \(readmeCodes) vs --help \(helpCodes)")
    }

    @Test("an --http port in use is 69, an --http address refused is 64 without usage text")
    func httpStatuses() throws {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, length) } }
        _ = listen(holder, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(holder, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let folder = try Harness.temporaryFolder("http-busy")
        let busy = try CapturedRun.run(
            ["coordinator", "--bind", "tcp://127.0.0.1:\(Harness.freePort())", "--out", folder.path, "--http", "127.0.0.1:\(port)"]
                + CLIConventionTests.grid)
        #expect(busy.status == 69 && busy.stderr.contains("choose another port"), "\(busy.stderr)")
        let refused = try CapturedRun.run(
            ["coordinator", "--bind", "tcp://127.0.0.1:\(Harness.freePort())", "--out", folder.path, "--http", "0.0.0.0:\(Harness.freePort())"]
                + CLIConventionTests.grid)
        #expect(refused.status == 64 && !refused.stderr.contains("Usage:"), "\(refused.stderr)")
    }

    @Test(
        "an in-process run that cannot write its report folder is 73, naming the path",
        .enabled(if: getuid() == 0, "mounting a small tmpfs needs root"))
    func inProcessDiskFull() throws {
        let disk = try DiskFullTests.tmpfs("in-process", kilobytes: 4)
        defer { DiskFullTests.unmount(disk) }
        let r = try CapturedRun.run(["run", "--in-process", "--quiet", "--out", disk.path] + CLIConventionTests.grid)
        #expect(r.status == 73 && r.stderr.contains("cannot write \(disk.path)/") && r.stderr.contains("run the same command again"), "\(r.stderr)")
    }

    @Test("`status` counts lost workers: three workers SIGKILLed mid-task are three losses")
    func statusCountsLostWorkers() throws {
        let folder = try Harness.temporaryFolder("lost-three")
        let config = try Harness.writeConfig(in: folder)
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let c = try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet"],
            log: folder.appendingPathComponent("c.log"))
        let doomed = try (0..<3).map { i in
            try Child(
                [
                    "worker", "--connect", "tcp://127.0.0.1:\(port)", "--name", "doomed\(i)", "--heartbeat-ms", "200", "--liveness", "3",
                    "--task-delay-ms", "20000",
                ],
                log: folder.appendingPathComponent("doomed\(i).log"))
        }
        let journal = out.appendingPathComponent("journal.sqlite").path
        #expect(
            eventually(timeout: 20) {
                ((try? DatabaseQueue(path: journal).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT worker) FROM leases") }) ?? 0) == 3
            })
        usleep(300_000)  // heard from after the lease: started, so each kill is a loss
        for d in doomed { d.signal(SIGKILL); d.wait(timeout: 5) }
        // The coordinator notices each loss (silence or unreachable) before anyone else can finish the sweep.
        #expect(
            eventually(timeout: 20) {
                ((try? DatabaseQueue(path: journal).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE kind = 'worker_lost'") })
                    ?? 0) == 3
            }, "\(c.logText)")
        let helper = try Child(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--name", "helper", "--heartbeat-ms", "200"],
            log: folder.appendingPathComponent("helper.log"))
        #expect(c.wait(timeout: 120) == 0, "\(c.logText)")
        helper.wait(timeout: 20)
        let text = try CapturedRun.run(["status", out.path])
        #expect(text.stdout.contains("workers lost: 3"), "\(text.stdout)")
    }
}
