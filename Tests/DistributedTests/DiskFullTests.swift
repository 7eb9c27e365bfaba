import Foundation
import Testing

/// A full disk at every stage ends the command with status 73 and a message naming the path and
/// how to resume; nothing committed is lost. The disks are real: small tmpfs mounts (root only,
/// as in CI), so the errors are the kernel's ENOSPC, not a simulation.
@Suite(
    "Disk full: every stage exits 73 naming the path and how to resume", .serialized, .enabled(if: getuid() == 0, "mounting a small tmpfs needs root")
)
struct DiskFullTests {
    /// A tmpfs of `kilobytes` mounted on a new folder; unmounted by `unmount`.
    static func tmpfs(_ name: String, kilobytes: Int) throws -> URL {
        let folder = try Harness.temporaryFolder("tmpfs-\(name)")
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", folder.path]
        try mount.run()
        mount.waitUntilExit()
        try #require(mount.terminationStatus == 0, "mount -t tmpfs failed")
        return folder
    }

    static func unmount(_ folder: URL) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = ["-l", folder.path]
        try? p.run()
        p.waitUntilExit()
    }

    static func size(_ url: URL) -> Int { (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0 }

    /// A finished sweep with its journal (and report) in `folder/out`.
    static func finishedSweep(_ folder: URL) throws -> (config: URL, out: URL) {
        let config = try Harness.writeConfig(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try Child(
            ["run", "--workers", "1", "--quiet", "--config", config.path, "--out", out.path], log: folder.appendingPathComponent("run.log"))
        #expect(run.wait(timeout: 120) == 0, "\(run.logText)")
        return (config, out)
    }

    static func leftovers(_ folder: URL) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tmp") }
    }

    @Test(
        "`report` into a full disk: no room for report.json → 73 naming it; room for report.json only → 73 naming the rendering, report.json kept; no temporary file left"
    )
    func reportStages() throws {
        let folder = try Harness.temporaryFolder("full-report")
        let (_, out) = try Self.finishedSweep(folder)
        let reportSize = Self.size(out.appendingPathComponent("report.json"))
        for (label, kilobytes) in [("json", 4), ("renderings", (reportSize + 4095) / 4096 * 4 + 8)] {
            let disk = try Self.tmpfs(label, kilobytes: kilobytes)
            defer { Self.unmount(disk) }
            let r = try CapturedRun.run(["report", disk.path, "--journal-dir", out.path])
            #expect(r.status == 73, "\(label): \(r.status) \(r.stderr)")
            #expect(
                r.stderr.contains("cannot write \(disk.path)/") && r.stderr.contains("grokscale report \(disk.path) --journal-dir \(out.path)"),
                "\(label): \(r.stderr)")
            if label == "json" {
                #expect(r.stderr.contains("report.json"), "\(r.stderr)")
            } else {
                #expect(Self.size(disk.appendingPathComponent("report.json")) > 0, "report.json is written before its renderings")
            }
            #expect(Self.leftovers(disk).isEmpty, "\(Self.leftovers(disk))")
        }
    }

    @Test(
        "the coordinator's report folder fills up after the sweep: status 73 (never 0), report.json kept, the message says to run `grokscale report`")
    func coordinatorRenderings() throws {
        let folder = try Harness.temporaryFolder("full-finish")
        let (config, reference) = try Self.finishedSweep(folder)
        let reportSize = Self.size(reference.appendingPathComponent("report.json"))
        let disk = try Self.tmpfs("finish", kilobytes: (reportSize + 4095) / 4096 * 4 + 8)
        defer { Self.unmount(disk) }
        let journal = folder.appendingPathComponent("journal")
        let port = Harness.freePort()
        let c = try Child(
            [
                "coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", disk.path, "--journal-dir", journal.path,
                "--quiet",
            ],
            log: folder.appendingPathComponent("coordinator.log"))
        let w = try Child(
            ["worker", "--connect", "tcp://127.0.0.1:\(port)", "--name", "w", "--heartbeat-ms", "200"], log: folder.appendingPathComponent("w.log"))
        #expect(c.wait(timeout: 120) == 73, "\(c.logText)")
        w.wait(timeout: 15)
        #expect(
            c.logText.contains("grokscale report \(disk.path) --journal-dir \(journal.path)") && c.logText.contains("Nothing committed was lost"),
            "\(c.logText)")
        #expect(Self.size(disk.appendingPathComponent("report.json")) > 0)
    }
    // The journal stage (a full disk mid-sweep, then a resume elsewhere): JournalTrustTests.diskFull.
}
