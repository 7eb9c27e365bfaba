import Foundation
import GrokTestSupport
import Testing

/// A grid on the new task axes (ising with dropout and softmax β), run by a coordinator and two
/// worker processes: the report is the in-process one, byte for byte, so the dropout masks,
/// drawn from each run's own noise stream, do not depend on which worker trained the run.
@Suite("Distributed ising grid with dropout and β", .serialized)
struct VariantGridDistributedTests {
    @Test("1 coordinator + 2 workers on an ising grid with dropouts and softmax_betas write the in-process report byte for byte")
    func isingVariants() throws {
        let folder = try Harness.temporaryFolder("ising-variants")
        let config = folder.appendingPathComponent("sweep.toml")
        try """
        \(TestGrids.isingVariantsTOML)
        [indicators]
        enabled = true
        [network]
        heartbeat_interval_ms = 200
        heartbeat_liveness = 3
        """.write(to: config, atomically: true, encoding: .utf8)
        let expected = try Harness.inProcessReport(config: config, folder: folder)
        #expect(expected.contains("\"dropout\": 0.1") && expected.contains("inverted_accuracy"))
        let port = Harness.freePort()
        let out = folder.appendingPathComponent("out")
        let workers = try (0..<2).map { i in
            try Child(
                [
                    "worker", "--connect", "tcp://127.0.0.1:\(port)", "--slots", "1", "--name", "w\(i)", "--heartbeat-ms", "200", "--liveness", "3",
                    "--give-up-after", "60",
                ], log: folder.appendingPathComponent("w\(i).log"))
        }
        let coordinator = try Child(
            ["coordinator", "--config", config.path, "--bind", "tcp://127.0.0.1:\(port)", "--out", out.path],
            log: folder.appendingPathComponent("coordinator.log"))
        #expect(coordinator.wait(timeout: 180) == 0, "\(coordinator.logText)")
        for w in workers { #expect(w.wait(timeout: 10) == 0, "\(w.logText)") }
        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report == expected)
    }
}
