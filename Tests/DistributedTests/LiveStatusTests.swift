import Foundation
import GrokTestSupport
import Testing

@Suite("The coordinator's live status page and heartbeat settings against a running sweep", .serialized)
struct LiveStatusTests {
    @Test(
        "while a sweep runs, /status.json, /metrics and the page show its progress; the worker adopts the coordinator's heartbeat settings and is never presumed lost"
    )
    func liveStatusDuringASweep() throws {
        let folder = try Harness.temporaryFolder("live-status")
        let config = try Harness.writeConfig(in: folder, seeds: 2)
        let port = Harness.freePort(), httpPort = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let endpointFile = folder.appendingPathComponent("endpoint")
        let coordinator = try Child(
            [
                "coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path, "--quiet",
                "--http", "127.0.0.1:\(httpPort)", "--endpoint-file", endpointFile.path, "--advertise", "127.0.0.1",
            ],
            log: folder.appendingPathComponent("coordinator.log"))
        // Told a 5 s heartbeat: without the coordinator's 200 ms settings it would stay silent far
        // past the coordinator's 600 ms liveness while computing, and be presumed lost.
        let worker = try Child(
            [
                "worker", "--connect-file", endpointFile.path, "--slots", "1", "--name", "slow", "--heartbeat-ms", "5000",
                "--liveness", "3", "--give-up-after", "60", "--task-delay-ms", "1500",
            ], log: folder.appendingPathComponent("worker.log"))
        var sawProgress = false
        var sawMetrics = false
        var sawPage = false
        let deadline = Date().addingTimeInterval(90)
        while coordinator.isRunning && Date() < deadline {
            if let json = httpGet(port: httpPort, path: "/status.json"), json.status == 200,
                let object = try? JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any],
                let done = object["tasks_done"] as? Int, done >= 1, done < 6
            {
                #expect(object["tasks_total"] as? Int == 6)
                sawProgress = true
                if let metrics = httpGet(port: httpPort, path: "/metrics"), metrics.body.contains("# TYPE grokscale_tasks_done_total counter"),
                    metrics.body.contains("grokscale_sweep_tasks 6")
                {
                    sawMetrics = true
                }
                if let page = httpGet(port: httpPort, path: "/"), page.body.contains("/ 6</td>"), page.body.contains("slow") { sawPage = true }
                if sawMetrics && sawPage { break }
            }
            usleep(100_000)
        }
        #expect(sawProgress && sawMetrics && sawPage, "progress \(sawProgress) metrics \(sawMetrics) page \(sawPage): \(coordinator.logText)")
        #expect(coordinator.wait(timeout: 90) == 0, "\(coordinator.logText)")
        #expect(worker.wait(timeout: 20) == 0, "\(worker.logText)")
        #expect(worker.logText.contains("heartbeat settings from the coordinator: every 200 ms, liveness 3"), "\(worker.logText)")
        #expect(!coordinator.logText.contains("went silent"), "\(coordinator.logText)")
        #expect(!FileManager.default.fileExists(atPath: endpointFile.path), "the endpoint file is removed at exit")
        #expect(httpGet(port: httpPort, path: "/") == nil, "the status server stops with the coordinator")
    }

    @Test("--http refuses a non-loopback address without --http-open, before touching the output folder")
    func httpLoopbackOnly() throws {
        let folder = try Harness.temporaryFolder("http-open")
        let r = try CapturedRun.run(
            [
                "coordinator", "--bind", "tcp://127.0.0.1:\(Harness.freePort())", "--out", folder.appendingPathComponent("out").path,
                "--http", "0.0.0.0:\(Harness.freePort())",
            ] + CLIConventionTests.grid)
        #expect(r.status != 0 && r.stderr.contains("--http-open"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/journal.sqlite").path))
    }
}
