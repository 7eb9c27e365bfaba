import GrokConfig
import GrokProbe
import GrokReportModel
import GrokTasks
import Testing

@Suite("User runs through the sweep's report path (fit, serve)")
struct UserRunsReportTests {
    static func runs() -> [UserRun] {
        var out: [UserRun] = []
        for (size, n) in [(8, 40), (16, 90), (32, 200)] {
            for seed in 0..<2 {
                let steps = [0, 10, 20]
                let fields = steps.map { step in FieldCascades(cascades: [Cascade(size: n / 3 + step + seed, extent: n / 4, duration: 2)]) }
                let control = [FieldCascades(cascades: [Cascade(size: n / 2 + seed, extent: n / 3, duration: 2)])]
                out.append(
                    UserRun(
                        runID: "h\(size)-s\(seed)", size: size, parameterCount: n, onsetStep: 10, steps: steps,
                        loss: [1, 0.5, 0.1], accuracy: [0, 0.5, 1], topologies: [TopologyCascades(topology: "ba", gradient: fields, control: control)]
                    ))
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
        let b = try UserRunsReport.build(
            runs: Self.runs().reversed(), config: Self.config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1))
        #expect(a.serialized() == b.serialized())
        guard case .array(let points)? = a["summary"]?["D_step"], case .array(let perWidth)? = a["summary"]?["per_width"],
            case .array(let rows)? = a["runs"]
        else { Issue.record("missing blocks"); return }
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
        #expect(throws: UserRunsError.self) {
            try UserRunsReport.build(runs: runs, config: Self.config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1))
        }
        #expect(throws: UserRunsError.self) {
            try UserRunsReport.build(
                runs: Self.runs() + [Self.runs()[0]], config: Self.config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1))
        }
    }

    static func build(_ runs: [UserRun]) throws -> JSONValue {
        try UserRunsReport.build(runs: runs, config: Self.config, source: "fit", provenance: Provenance(gitCommit: nil, hostCount: 1))
    }

    @Test("runs that recorded no accuracy and no onset: the report names that cause and its fix, not 'fewer than the required widths'")
    func noOnsetNamesTheCause() throws {
        let runs = Self.runs().map { r -> UserRun in
            var r = r
            r.onsetStep = nil
            r.accuracy = r.accuracy.map { _ in .nan }
            return r
        }
        let report = try Self.build(runs)
        var texts: [String] = []
        if case .array(let items)? = report["summary"]?["warnings"] {
            for case .string(let t) in items { texts.append(t) }
        }
        #expect(
            texts.contains { $0.hasPrefix("D_pre not estimated: no run has an onset, and no run recorded an accuracy") && $0.contains("set_onset") })
        #expect(!texts.contains { $0.contains("fewer than the required widths") })
        #expect(report["source"]?["recorded"]?["accuracy"] == .bool(false) && report["source"]?["recorded"]?["onset"] == .bool(false))
    }

    @Test("ungrokked runs are censored at the runs' last step, not the XOR sweep's 5000 epochs")
    func censoredAtLastStep() throws {
        #expect(try Self.build(Self.runs())["timing"]?["censored_at_epoch"] == .int(20))
    }

    @Test("one run per size: D(step) has no interval and no std (a bootstrap of one run is no uncertainty)")
    func oneRunPerSize() throws {
        let report = try Self.build(Self.runs().filter { $0.runID.hasSuffix("-s0") })
        guard case .array(let points)? = report["summary"]?["D_step"] else { Issue.record("no D_step"); return }
        #expect(!points.isEmpty && points.allSatisfy { $0["ci95"] == .null && $0["std"] == .null && $0["D"] != .null })
        #expect(report["source"]?["one_run_per_size"] == .bool(true))
    }
}
