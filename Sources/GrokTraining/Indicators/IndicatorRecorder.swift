import GrokNumerics

/// What a model can show of itself at a snapshot beyond its loss: per training example, the
/// class scores and the hidden features. Models that cannot leave it nil.
public struct ModelInspection: Sendable {
    public var scores: [[Double]]?
    public var features: [[Double]]?
    /// Indicators only this model's task defines (modadd's Fourier measures), in its order.
    public var taskIndicators: [(name: IndicatorName, value: Double)]

    public init(scores: [[Double]]?, features: [[Double]]?, taskIndicators: [(name: IndicatorName, value: Double)] = []) {
        self.scores = scores
        self.features = features
        self.taskIndicators = taskIndicators
    }
}

/// Records the indicators of one run at its snapshots (``IndicatorName``), from the model and θ
/// alone; the LLC's noise from the run's indicator stream. A series a snapshot cannot give
/// (an LLC chain that never stays finite) is dropped for the whole run rather than padded.
public struct IndicatorRecorder {
    public let settings: IndicatorSettings
    private var values: [IndicatorName: [Double]] = [:]
    private var dropped: Set<IndicatorName> = []
    private var stream: RandomStream

    public init(settings: IndicatorSettings, stream: RandomStream) {
        self.settings = settings
        self.stream = stream
    }

    /// The indicators at θ, whose mean training loss is `loss`.
    public mutating func record<Model: TaskModel>(_ model: inout Model, theta: [Double], loss: Double) {
        var normSquared = 0.0, small = 0
        for w in theta {
            normSquared += w * w
            if abs(w) < 0.01 { small += 1 }
        }
        append(.weightNorm, normSquared)
        append(.smallWeights, theta.isEmpty ? 0 : Double(small) / Double(theta.count))
        if settings.pcaSamples > 1 && model.trainingCount > 1 {
            let rows = Self.perSampleGradients(&model, theta: theta, samples: settings.pcaSamples)
            append(.gradientPCA, Double(SpectralDimensions.componentsFor(share: 0.9, spectrum: SpectralDimensions.spectrum(rows))))
        }
        if let inspection = model.inspect(theta) {
            if let features = inspection.features {
                append(.featureDimension, SpectralDimensions.entropyDimension(spectrum: SpectralDimensions.spectrum(features)))
            }
            if let scores = inspection.scores { append(.margin, Self.meanMargin(scores)) }
            for (name, value) in inspection.taskIndicators { append(name, value) }
        }
        if settings.llcSteps > 0 {
            let n = model.parameterCount
            let llc = LocalLearningCoefficient.estimate(
                center: theta, centerLoss: loss, sampleCount: model.trainingCount, steps: settings.llcSteps,
                stepSize: settings.llcStepSize, localization: settings.llcLocalization, stream: &stream
            ) { w, g in
                precondition(w.count == n)
                return model.evaluate(w, batch: nil, gradient: g).loss
            }
            if let llc { append(.llc, llc) } else { dropped.insert(.llc) }
        }
    }

    /// The series recorded at every snapshot, in ``IndicatorName`` order.
    public func series() -> [IndicatorSeries] {
        IndicatorName.allCases.compactMap { name in
            guard !dropped.contains(name), let v = values[name] else { return nil }
            return IndicatorSeries(name: name.rawValue, values: v)
        }
    }

    private mutating func append(_ name: IndicatorName, _ value: Double) {
        if value.isFinite { values[name, default: []].append(value) } else { dropped.insert(name) }
    }

    /// Per-sample gradients of `samples` training examples spread evenly over the set
    /// (example ⌊i·n/m⌋), each the gradient of that one example's loss.
    static func perSampleGradients<Model: TaskModel>(_ model: inout Model, theta: [Double], samples: Int) -> [[Double]] {
        let n = model.trainingCount
        let m = min(samples, n)
        var rows: [[Double]] = []
        rows.reserveCapacity(m)
        var g = [Double](repeating: 0, count: model.parameterCount)
        for i in 0..<m {
            let example = i * n / m
            _ = g.withUnsafeMutableBufferPointer { model.evaluate(theta, batch: [example][...], gradient: $0.baseAddress!) }
            rows.append(g)
        }
        return rows
    }

    /// Mean over examples of P_max − P_second with P = softmax(scores) (stabilised by the max).
    public static func meanMargin(_ scores: [[Double]]) -> Double {
        guard !scores.isEmpty else { return 0 }
        var total = 0.0
        for s in scores {
            guard s.count > 1, let top = s.max() else { continue }
            var z = 0.0
            var first = -Double.infinity, second = -Double.infinity
            for v in s {
                z += Elementary.exp(v - top)
                if v > first { second = first; first = v } else if v > second { second = v }
            }
            total += (Elementary.exp(first - top) - Elementary.exp(second - top)) / z
        }
        return total / Double(scores.count)
    }
}
