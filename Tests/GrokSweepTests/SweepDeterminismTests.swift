import Foundation
import GrokConfig
import GrokReportModel
import GrokRunner
import GrokSweep
import GrokTasks
import GrokTestSupport
import Testing

/// The shared small grid (``TestGrids/small``).
func smallConfig() throws -> SweepConfig { TestGrids.small }

@Suite("In-process sweep: the report is a function of the configuration alone")
struct SweepDeterminismTests {
    @Test("one thread and two threads write byte-identical reports")
    func threadCountInvariance() throws {
        let config = try smallConfig()
        let one = InProcessSweep.run(config: config, threads: 1)
        let two = InProcessSweep.run(config: config, threads: 2)
        let provenance = Provenance(gitCommit: nil, hostCount: 1)
        let a = ReportBuilder.build(config: config, results: one.results, failures: one.failures, provenance: provenance).serialized()
        let b = ReportBuilder.build(config: config, results: two.results, failures: two.failures, provenance: provenance).serialized()
        #expect(one.failures.isEmpty)
        #expect(a == b)
    }

    @Test("the order in which results arrive does not change a byte of the report")
    func arrivalOrderInvariance() throws {
        let config = try smallConfig()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        let provenance = Provenance(gitCommit: nil, hostCount: 1)
        let forward = ReportBuilder.build(config: config, results: outcome.results, provenance: provenance).serialized()
        let reversed = ReportBuilder.build(config: config, results: outcome.results.reversed(), provenance: provenance).serialized()
        #expect(forward == reversed)
    }

    @Test("a different seed gives different numbers")
    func seedMatters() throws {
        var config = try smallConfig()
        let a = try TaskRunner.run(SweepTask(width: 20, seedIndex: 0), config: config)
        config.seed = 1
        let b = try TaskRunner.run(SweepTask(width: 20, seedIndex: 0), config: config)
        #expect(a != b)
    }

    @Test("a task's result survives a JSON round trip bit for bit (what workers send)")
    func resultCodable() throws {
        let config = try smallConfig()
        let r = try TaskRunner.run(SweepTask(width: 30, seedIndex: 1), config: config)
        let data = try JSONEncoder().encode(r)
        let back = try JSONDecoder().decode(TaskResult.self, from: data)
        #expect(back == r)
        #expect(zip(back.gini, r.gini).allSatisfy { $0.bitPattern == $1.bitPattern })
    }

    @Test("report.json carries the contract's keys")
    func reportContract() throws {
        let config = try smallConfig()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        let report = ReportBuilder.build(config: config, results: outcome.results, provenance: Provenance(gitCommit: nil, hostCount: 1))
        let text = report.serialized()
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        for key in ["config", "provenance", "runs", "cascades", "summary"] { #expect(parsed[key] != nil, "\(key)") }
        let summary = parsed["summary"] as! [String: Any]
        for key in ["D_pre", "D_post", "D_pre_smax", "D_post_smax", "gamma", "crossing_tau", "D_tau", "D_synth", "D_synth_cv", "leave_one_out"] {
            #expect(summary[key] != nil, "summary.\(key)")
        }
        // The measurement contract (docs/report-quantities.md).
        for key in [
            "D_pre_all", "D_post_all", "robustness", "local_slopes", "curvature", "saturation", "saturation_limit",
            "collapse", "power_law", "gini_peak", "crossing_tau_fine", "warnings",
        ] {
            #expect(summary[key] != nil, "summary.\(key)")
        }
        let dPre = summary["D_pre"] as! [String: Any]
        for key in ["mean", "std", "ci95", "window", "widths_used", "systematic", "saturated"] { #expect(dPre[key] != nil, "D_pre.\(key)") }
        #expect(dPre["window"] as? [Int] == [-800, 0])
        let crossing = summary["crossing_tau"] as! [String: Any]
        for key in ["value", "std", "ci95", "resolution_epochs"] { #expect(crossing[key] != nil, "crossing_tau.\(key)") }
        let window = (summary["D_tau"] as! [[String: Any]])[0]
        #expect(window["covered"] is Bool && (window["runs_per_width"] as! [Int]).count == 3)
        let collapse = summary["collapse"] as! [String: Any]
        for phase in ["pre", "post", "pooled"] {
            let c = collapse[phase] as! [String: Any]
            for key in ["D", "gamma", "r2", "S", "verdict"] { #expect(c[key] != nil, "collapse.\(phase).\(key)") }
        }
        #expect(collapse["caption"] is String)
        let law = (summary["power_law"] as! [[String: Any]])[0]
        for key in ["tail_decades", "gof_p", "vuong", "supported"] { #expect(law[key] != nil, "power_law.\(key)") }
        let local = ((summary["local_slopes"] as! [String: Any])["post"] as! [[String: Any]])
        #expect(local.allSatisfy { $0["N_lo"] != nil && $0["N_hi"] != nil && $0["D"] != nil && $0["ci95"] != nil })
        #expect(((summary["D_synth"] as! [String: Any])["ba"] as! [String: Any])["versus_1"] is String)
        #expect((dPre["ci95"] as! [Any]).count == 2)
        let synth = summary["D_synth"] as! [String: Any]
        #expect(Set(synth.keys) == ["ba", "ring"])
        let runs = parsed["runs"] as! [[String: Any]]
        #expect(runs.count == 6)
        #expect(runs.allSatisfy { $0["t_g"] != nil && $0["accuracy_final"] != nil && $0["loss_final"] != nil })
        // Per-cascade rows are not inlined: report.json names the file and the journal table.
        #expect(parsed["avalanches"] == nil)
        let cascades = parsed["cascades"] as! [String: Any]
        #expect(cascades["file"] as? String == CascadeTable.fileName)
        #expect(cascades["columns"] as? [String] == CascadeTable.columns)
        // 6 runs × 2 topologies × (51 snapshots + 51 control fields), one cascade each
        #expect(cascades["rows"] as? Int == 6 * 2 * 102)
        let timing = parsed["timing"] as! [String: Any]
        let perWidth = timing["per_width"] as! [[String: Any]]
        #expect(
            perWidth.count == 3 && perWidth.allSatisfy { ($0["runs"] as! Int) == 2 && $0["p_grok_wilson_ci95"] != nil && $0["t_g_km_median"] != nil })
        #expect(timing["b"] != nil && timing["widths_in_fit"] != nil)
    }

    @Test("cascade rows: one per cascade, in canonical order whatever order the results come in")
    func cascadeRowsCanonical() throws {
        let config = try smallConfig()
        let outcome = InProcessSweep.run(config: config, threads: 2)
        var forward: [CascadeRow] = [], reversed: [CascadeRow] = []
        CascadeTable(results: outcome.results).forEachRow { forward.append($0) }
        CascadeTable(results: outcome.results.reversed()).forEachRow { reversed.append($0) }
        #expect(forward == reversed)
        #expect(forward.count == 6 * 2 * 102)
        let first = try #require(forward.first)
        #expect(first.source == .gradient && first.epoch == 0 && first.size != nil && first.avalanche == 0)
        #expect(forward.filter { $0.source == .control }.allSatisfy { $0.epoch == nil && $0.tau == nil })
    }
}
