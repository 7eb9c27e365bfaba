import GrokGraphs
import GrokNumerics
import GrokProbe
import GrokTraining

/// Every knob of a sweep (docs/method.md §1–3) plus the network options, resolved.
///
/// A report prints this whole value; two sweeps with the same science knobs have the same
/// ``configurationHash`` and therefore the same numbers. Defaults are docs/method.md's.
public struct SweepConfig: Sendable, Hashable {
    /// The preset the values started from (one of ``presetNames``); informational.
    public var preset: String = "default"
    /// Base seed of every random stream of the sweep.
    public var seed: UInt64 = 0
    /// Hidden-layer widths h (N = 4h + 1 parameters).
    public var widths: [Int] = [20, 30, 50, 75, 100, 150, 250, 500]
    /// Seeds per width (seed indices 0..<seeds).
    public var seeds: Int = 6
    /// Graph topologies by short name, in report order.
    public var topologies: [String] = ["ba", "er", "ws", "rr", "ring"]
    /// The topology whose gradient cascades give the headline D_pre, D_post and γ.
    public var primaryTopology: String = "ba"
    public var training = Training()
    public var graphs = Graphs()
    public var probe = Probe()
    public var analysis = Analysis()
    public var network = Network()
    /// Grokking indicators recorded at every snapshot (``Indicators``); off by default.
    public var indicators = Indicators()
    /// Tasks, optimizers, regularizers and weight decays as grid axes, with their knobs.
    public var taskGrid = TaskGrid()
    /// Users' training programs that the `tasks` axis may name (``ProgramSpec``).
    public var programs: [ProgramSpec] = []

    public init() {}

    /// The program a task name refers to, if it is one.
    public func program(named name: String) -> ProgramSpec? {
        programs.first { $0.name == name }
    }

    public struct Training: Sendable, Hashable {
        public var epochs = 5000
        public var learningRate = 0.1
        public var initStd = 0.1
        public var snapshotInterval = 100
        public var activation = Activation.tanh
        /// Learning rate or init scaled with the width above `referenceWidth` (``WidthScaling``).
        public var widthScaling = WidthScaling.none
        public var referenceWidth = 500
        /// The dense layers' arithmetic (``Precision``).
        public var precision = Precision.float64
    }

    public struct Graphs: Sendable, Hashable {
        public var baM = 3
        public var erMeanDegree = 6
        public var wsK = 6
        public var wsP = 0.1
        public var rrK = 6
        public var ringK = 6
    }

    public struct Probe: Sendable, Hashable {
        public var conservation = 0.9
        public var quantile = 0.9
        public var loads = LoadTransform.abs
        public var mode = ProbeMode.global
        /// Place parameter π(i) on node i with a seeded random permutation (false: identity).
        public var permute = true
        /// Run the i.i.d. Gaussian control on every (width, seed, topology).
        public var control = true
        /// Control fields per (width, seed, topology); nil means one per gradient snapshot.
        public var controlFields: Int? = nil
        /// Record each cascade's first wave, for the branching ratio σ.
        public var branching = false
    }

    /// The indicators of the early-warning comparison (method §8; docs/indicators.md).
    public struct Indicators: Sendable, Hashable {
        public var enabled = false
        public var llcSteps = 32
        public var llcStepSize = 1e-4
        public var llcLocalization = 100.0
        public var pcaSamples = 64
    }

    public struct Analysis: Sendable, Hashable {
        public var statistic = HeadlineStatistic.mean
        public var window = 400
        /// Widths a fixed-window fit needs; 0 means every width of the grid.
        public var minWidths = 0
        public var bootstrapResamples = 10_000
        public var confidence = 0.95
        public var collapseBinsPerDecade = 5
        public var preWindow = 800
        public var postWindow = 2000
        public var minRunsPerWidth = 3
        public var crossingWindow = 100
        public var localSlopeWidths = 4
        public var saturationLimit = 0.05
        public var collapseResamples = 1000
        public var collapseSLimit = 3.0
        public var gofResamples = 100
        /// The early warning's false-positive rate on ungrokked runs, and its detector.
        public var warningFPR = 0.05
        public var warningBaseline = 5
        public var warningDrift = 0.5
    }

    /// How coordinator and workers talk; none of it changes a number of the report.
    public struct Network: Sendable, Hashable {
        public var heartbeatIntervalMs = 1000
        /// Heartbeats missed before a peer is presumed dead (Paranoid Pirate's liveness).
        public var heartbeatLiveness = 3
        /// A leased task not finished within this time is leased again.
        public var leaseTimeoutS = 600
        /// Attempts of a task that fails on a worker before it is recorded as failed.
        public var maxAttempts = 3
        /// Workers lost while running one task before it is recorded as failed (not attempts).
        public var maxLosses = 10
        /// Agreeing results from distinct workers needed to commit a task.
        public var replication = 1
        /// Seeded fraction of tasks the coordinator recomputes and compares before committing.
        public var spotCheck = 0.0
        /// Leases one worker may hold at once.
        public var maxLeasesPerWorker = 256
        /// Lower bound of a lease timed from measured task times.
        public var leaseFloorS = 60
        /// Failures (FAILURE or invalid result) in a row, with no valid result between them,
        /// after which a worker is quarantined: a "black hole" host stops taking work.
        public var quarantineAfter = 5
    }
}

extension SweepConfig {
    /// Snapshot epochs of every run: 0, interval, …, ≤ epochs.
    public var snapshotEpochs: [Int] {
        Array(stride(from: 0, through: training.epochs, by: training.snapshotInterval))
    }

    public var controlFieldsPerRun: Int { probe.controlFields ?? snapshotEpochs.count }

    public func trainingConfig(width: Int) -> TrainingConfig {
        let (learningRate, initStd) = training.widthScaling.training(
            width: width, referenceWidth: training.referenceWidth, learningRate: training.learningRate, initStd: training.initStd)
        return TrainingConfig(
            hiddenWidth: width, epochs: training.epochs, learningRate: learningRate,
            initStd: initStd, snapshotInterval: training.snapshotInterval, activation: training.activation)
    }

    public var probeConfig: ProbeConfig {
        ProbeConfig(
            conservation: probe.conservation, quantile: probe.quantile, loads: probe.loads, mode: probe.mode, recordsFirstWave: probe.branching)
    }

    /// The generator specification for a topology name of this sweep.
    public func graphSpec(_ name: String) -> GraphSpec? {
        switch name {
        case "ba": return .barabasiAlbert(m: graphs.baM)
        case "er": return .erdosRenyi(meanDegree: graphs.erMeanDegree)
        case "ws": return .wattsStrogatz(k: graphs.wsK, p: graphs.wsP)
        case "rr": return .randomRegular(k: graphs.rrK)
        case "ring": return .ring(k: graphs.ringK)
        default: return nil
        }
    }

    public static let topologyNames = ["ba", "er", "ws", "rr", "ring"]

    /// What a run records besides its gradients: nil unless `indicators.enabled`.
    public var indicatorSettings: IndicatorSettings? {
        guard indicators.enabled else { return nil }
        return IndicatorSettings(
            llcSteps: indicators.llcSteps, llcStepSize: indicators.llcStepSize, llcLocalization: indicators.llcLocalization,
            pcaSamples: indicators.pcaSamples)
    }
}
