import GrokNumerics
import GrokAnalysis
import GrokGraphs
import GrokProbe
import GrokTraining

/// Every knob of a sweep (method.md §1–3) plus the network options, resolved.
///
/// A report prints this whole value; two sweeps with the same science knobs have the same
/// ``configurationHash`` and therefore the same numbers. Defaults are method.md's.
public struct SweepConfig: Sendable, Hashable {
    /// The preset the values started from ("default" or "paper"); informational.
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
    /// Tasks, optimizers, regularizers and weight decays as grid axes, with their knobs.
    public var taskGrid = TaskGrid()

    public init() {}

    public struct Training: Sendable, Hashable {
        public var epochs = 5000
        public var learningRate = 0.1
        public var initStd = 0.1
        public var snapshotInterval = 100
        public var activation = Activation.tanh
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
    }

    public struct Analysis: Sendable, Hashable {
        public var statistic = ScalingStatistic.mean
        public var window = 400
        public var minWidths = 3
        public var bootstrapResamples = 10_000
        public var confidence = 0.95
        public var collapseBinsPerDecade = 5
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
    }
}

extension SweepConfig {
    /// Snapshot epochs of every run: 0, interval, …, ≤ epochs.
    public var snapshotEpochs: [Int] {
        Array(stride(from: 0, through: training.epochs, by: training.snapshotInterval))
    }

    public var controlFieldsPerRun: Int { probe.controlFields ?? snapshotEpochs.count }

    public func trainingConfig(width: Int) -> TrainingConfig {
        TrainingConfig(
            hiddenWidth: width, epochs: training.epochs, learningRate: training.learningRate,
            initStd: training.initStd, snapshotInterval: training.snapshotInterval, activation: training.activation)
    }

    public var probeConfig: ProbeConfig {
        ProbeConfig(conservation: probe.conservation, quantile: probe.quantile, loads: probe.loads, mode: probe.mode)
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

    public func scalingOptions(labels: [StreamLabel]) -> ScalingOptions {
        var options = ScalingOptions()
        options.statistic = analysis.statistic
        options.windowWidth = analysis.window
        options.minimumWidthsPerFit = analysis.minWidths
        options.bootstrapResamples = analysis.bootstrapResamples
        options.confidence = analysis.confidence
        options.collapseBinsPerDecade = analysis.collapseBinsPerDecade
        options.seed = seed
        options.streamLabels = labels
        return options
    }
}
