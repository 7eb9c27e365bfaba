import Foundation
import GrokConfig
import GrokReport
import GrokReportModel
import GrokTasks
import GrokUserRuns

/// What `ensemble` and `report` compute from a copy of the ensemble state: pure functions of it
/// (plus the report folder written), so they can run off the socket thread on a snapshot.
enum EnsembleAnalysis {
    /// The `ensemble` reply's fields: the runs and D(step) as `fit` computes it.
    static func ensemble(_ state: EnsembleState, config: SweepConfig) -> [(String, JSONValue)] {
        let runs = state.userRuns
        var pairs: [(String, JSONValue)] = [
            ("fields", .int(state.fieldCount)),
            (
                "runs",
                .array(
                    runs.map { r in
                        .object([
                            ("run_id", .string(r.runID)), ("size", .int(r.size)), ("N", .int(r.parameterCount)), ("onset", .optionalInt(r.onsetStep)),
                            ("steps", .array(r.steps.map(JSONValue.int))),
                        ])
                    })
            ),
        ]
        if runs.isEmpty {
            pairs.append(("D_step", .array([])))
        } else {
            do {
                let points = try UserRunsReport.dStep(runs: runs, config: config)
                pairs.append(
                    (
                        "D_step",
                        UserRunsReport.dStepJSON(
                            points, confidence: config.analysis.confidence,
                            oneRunPerSize: UserRunsReport.oneRunPerSize(runs))
                    ))
            } catch {
                pairs.append(("D_step", .null)); pairs.append(("error", .string("\(error)")))
            }
        }
        return pairs
    }

    struct Written: Sendable {
        var url: URL
        var report: JSONValue
        /// The Gaussian controls made for runs that had none, to keep in the service's state.
        var controls: [String: [TopologyCascades]]
        var runs: Int
        var fields: Int
    }

    /// Makes the missing controls, builds the report like `fit` does, writes `<out>/report/`.
    static func writeReport(_ input: EnsembleState, options: ServeOptions, prober: inout FieldProber) throws -> Written {
        var state = input
        guard !state.runs.isEmpty else { throw ServeError("report", "the ensemble is empty: send fields with \"run\" and \"step\" first") }
        var controls: [String: [TopologyCascades]] = [:]
        if options.controlFields > 0 {
            for run in state.runsWithoutControl {
                let r = state.runs[run]!
                let control = try options.config.topologies.map { t in
                    TopologyCascades(
                        topology: t, gradient: [],
                        control: try prober.control(runID: run, parameterCount: r.parameterCount, count: options.controlFields, topology: t))
                }
                state.setControl(run: run, control)
                controls[run] = control
            }
        }
        let report = try UserRunsReport.build(
            runs: state.userRuns, config: options.config, source: "serve",
            provenance: Provenance(gitCommit: options.gitCommit, hostCount: 1))
        let folder = options.outputFolder.appendingPathComponent("report")
        try ReportFolder.write(report, results: try UserRunsReport.results(runs: state.userRuns), into: folder)
        return Written(
            url: folder.appendingPathComponent("report.json"), report: report, controls: controls,
            runs: state.runs.count, fields: state.fieldCount)
    }
}
