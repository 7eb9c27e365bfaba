import Dispatch
import GrokAnalysis
import GrokConfig
import GrokNumerics
import GrokTasks
import Synchronization

/// The scaling fits of a sweep: gradient cascades and the Gaussian control on every topology.
struct Summary: Sendable {
    /// Per topology, in the sweep's order: the gradient analysis (or why it failed).
    var gradient: [(topology: String, result: Result<GradientScaling, AnalysisFailure>)]
    var control: [(topology: String, result: Result<ControlScaling, AnalysisFailure>)]
    var runs: Int
    var ungrokked: [SweepTask]
    var probeErrors: Int
    /// The Gini(|θ|) transient per width, then pooled.
    var giniPeak: [GiniTransient.Summary]
    /// The width of each N among the runs (N(h) is the task's, not XOR's 4h + 1).
    var widths = WidthLookup.unknown
    var primaryTopology = ""
    /// `summary.branching` (``BranchingSummary``), when the probe recorded first waves.
    var branching: JSONValue?

    struct AnalysisFailure: Error { var message: String }

    /// `runs`: the headline group's run records (canonical order); `input`: the folded
    /// analysis input they came from.
    static func compute(config: SweepConfig, runs results: [RunRecord], input: ReportInput) -> Summary {
        let topologies = config.topologies
        let group = input.headlineGroup
        // Inputs in canonical task order (AnalysisRuns sorts them); a run that could not be
        // folded fails its fit, as it did when the fit folded it.
        let gradientInputs = topologies.map { t in Result { try input.analysis.digests(.init(group: group, topology: t, kind: .gradient)) } }
        let controlInputs = topologies.map { t in Result { try input.analysis.digests(.init(group: group, topology: t, kind: .control)) } }
        let probeErrors = results.reduce(0) { $0 + $1.probeErrors }

        let gradientRuns = gradientInputs, controlRuns = controlInputs
        // 2 × topologies independent fits; each has its own random streams, so running them
        // concurrently changes no number.
        let jobs = topologies.count * 2
        let gradientSlots = Slots<Result<GradientScaling, AnalysisFailure>>(count: topologies.count)
        let controlSlots = Slots<Result<ControlScaling, AnalysisFailure>>(count: topologies.count)
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            let t = job / 2
            let name = topologies[t]
            if job % 2 == 0 {
                var options = config.scalingOptions(labels: ["analysis", "gradient", .name(name)])
                // The collapse refits and the power-law goodness-of-fit bootstrap are most of the
                // analysis's cost: they run for the headline topology; the others report the
                // full-data fits.
                options.bootstrapCollapse = name == config.primaryTopology
                if name != config.primaryTopology { options.gofResamples = 0 }
                gradientSlots[t] = Result { try ScalingAnalysis.gradient(digests: try gradientRuns[t].get(), options: options) }
                    .mapError { AnalysisFailure(message: "\($0)") }
            } else if config.probe.control {
                let options = config.scalingOptions(labels: ["analysis", "control", .name(name)])
                controlSlots[t] = Result { try ScalingAnalysis.control(digests: try controlRuns[t].get(), options: options) }
                    .mapError { AnalysisFailure(message: "\($0)") }
            } else {
                controlSlots[t] = .failure(AnalysisFailure(message: "the Gaussian control is off (probe.control = false)"))
            }
        }
        return Summary(
            gradient: topologies.enumerated().map { ($1, gradientSlots[$0]!) },
            control: topologies.enumerated().map { ($1, controlSlots[$0]!) },
            runs: results.count,
            ungrokked: results.filter { $0.onsetEpoch == nil }.map(\.task),
            probeErrors: probeErrors,
            giniPeak: GiniTransient.summaries(
                results.map {
                    GiniTransient.Run(parameterCount: $0.parameterCount, onsetEpoch: $0.onsetEpoch, epochs: $0.snapshotEpochs, gini: $0.gini)
                },
                preWindow: config.analysis.preWindow, postWindow: config.analysis.postWindow),
            widths: WidthLookup(results: results), primaryTopology: config.primaryTopology,
            branching: BranchingSummary.json(config: config, runs: results, widths: WidthLookup(results: results)))
    }
}
