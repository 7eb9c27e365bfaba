import Testing
import GrokProbe
import GrokSweep

@Suite("User runs through the sweep's report path (fit, serve)")
struct UserRunsReportTests {
    static func runs() -> [UserRun] {
        var out: [UserRun] = []
        for (size, n) in [(8, 40), (16, 90), (32, 200)] {
            for seed in 0..<2 {
                let steps = [0, 10, 20]
                let fields = steps.map { step in FieldCascades(cascades: [Cascade(size: n / 3 + step + seed, extent: n / 4, duration: 2)]) }
                let control = [FieldCascades(cascades: [Cascade(size: n / 2 + seed, extent: n / 3, duration: 2)])]
                out.append(UserRun(runID: "h\(size)-s\(seed)", size: size, parameterCount: n, onsetStep: 10, steps: steps,
                                   loss: [1, 0.5, 0.1], accuracy: [0, 0.5, 1], topologies: [TopologyCascades(topology: "ba", gradient: fields, control: control)]))
            }
        }
        return out
    }

    static var config: SweepConfig {
        var c = SweepConfig()
        c.topologies = ["ba"]
        c.analysis.bootstrapResamples = 50
        return c
    }

    @Test("the report carries D(step), run ids and the runs' own size labels; any input order gives the same bytes")
    func report() throws {
        let a = try UserRunsReport.build(runs: Self.runs(), config: Self.config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1))
        let b = try UserRunsReport.build(runs: Self.runs().reversed(), config: Self.config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1))
        #expect(a.serialized() == b.serialized())
        guard case .array(let points)? = a["summary"]?["D_step"], case .array(let perWidth)? = a["summary"]?["per_width"],
              case .array(let rows)? = a["runs"] else { Issue.record("missing blocks"); return }
        #expect(points.count == 3)
        #expect(perWidth.map { $0["width"] } == [.int(8), .int(16), .int(32)])
        #expect(rows.first?["run_id"] == .string("h8-s0") && rows.first?["seed"] == .int(0))
        #expect(a["config"]?["training"] == nil && a["source"]?["kind"] == .string("fit"))
        #expect(a["completeness"]?["tasks_total"] == .int(6) && a["completeness"]?["tasks_missing"] == .array([]))
        let live = UserRunsReport.dStepJSON(try UserRunsReport.dStep(runs: Self.runs().shuffled(), config: Self.config), confidence: 0.95)
        #expect(live == .array(points))
    }

    @Test("one size label with two N, or one run id twice, is refused with a message naming it")
    func inconsistentSizes() {
        var runs = Self.runs()
        runs[0].parameterCount = 41
        #expect(throws: UserRunsError.self) { try UserRunsReport.build(runs: runs, config: Self.config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1)) }
        #expect(throws: UserRunsError.self) { try UserRunsReport.build(runs: Self.runs() + [Self.runs()[0]], config: Self.config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1)) }
    }
}
