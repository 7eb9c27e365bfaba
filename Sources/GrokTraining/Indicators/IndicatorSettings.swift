/// Which grokking indicators a run records at its snapshots besides the gradient, and the knobs
/// of the costly ones (method §8; docs/indicators.md). Off unless a configuration asks
/// (`indicators.enabled`), so that every earlier sweep keeps its result bytes.
public struct IndicatorSettings: Sendable, Hashable {
    /// SGLD steps of the local learning coefficient per snapshot; 0: no LLC.
    public var llcSteps: Int
    /// ε, the SGLD step size.
    public var llcStepSize: Double
    /// γ, the pull back to the snapshot's weights (devinterp's "localization").
    public var llcLocalization: Double
    /// Training examples whose per-sample gradients make the gradient PCA dimension; 0: none.
    public var pcaSamples: Int

    public init(llcSteps: Int = 0, llcStepSize: Double = 1e-4, llcLocalization: Double = 100, pcaSamples: Int = 64) {
        self.llcSteps = llcSteps
        self.llcStepSize = llcStepSize
        self.llcLocalization = llcLocalization
        self.pcaSamples = pcaSamples
    }
}

/// One indicator's values at a run's snapshots (parallel to its snapshot epochs).
public struct IndicatorSeries: Sendable, Hashable, Codable {
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// The indicators a run can record, in the order runs record them. `gini` (Gini of |θ|) and
/// the training loss are recorded by every run already and join them in the analysis.
public enum IndicatorName: String, Sendable, CaseIterable {
    /// ‖θ‖², the weight norm of Omnigrok.
    case weightNorm = "weight_norm_sq"
    /// The fraction of parameters with |θ_i| < 0.01 (the Ising paper).
    case smallWeights = "small_weight_fraction"
    /// Principal components explaining 90% of the per-sample-gradient variance (the Ising paper).
    case gradientPCA = "gradient_pca_dim"
    /// exp(−Σ σ_k ln σ_k) over the explained-variance fractions of the hidden features (the
    /// local-rule paper's latent D_eff); models that expose their features.
    case featureDimension = "feature_deff"
    /// Mean over training examples of P_max − P_second, P = softmax of the class scores; models
    /// with class scores.
    case margin = "margin"
    /// The local learning coefficient λ̂ (SGLD around the snapshot's weights).
    case llc = "llc"
    /// Gini of the input embedding's power over frequencies (modadd; Nanda et al.).
    case fourierGini = "fourier_gini"
    /// The loss of the logits kept to the key frequencies (modadd; Nanda et al.).
    case restrictedLoss = "restricted_loss"
    /// The loss of the logits with the key frequencies removed (modadd; Nanda et al.).
    case excludedLoss = "excluded_loss"
    /// Accuracy on the training lattices with 5 spins flipped, relabelled by energy (ising).
    case invertedAccuracy = "inverted_accuracy"
    /// The share of neurons with |Φᵢ| > 0.5, Φᵢ = wᵢ·w* (teacher; Rubin, Seroussi & Ringel).
    case teacherOverlap = "teacher_overlap"
    /// The histogram of |Φᵢ| over the neurons (teacher): the share in each bin of
    /// ``teacherPhiEdges``. Φ's sign is a symmetry (wᵢ, aᵢ → −wᵢ, −aᵢ), so |Φ| loses nothing.
    case teacherPhi0 = "teacher_phi_0.00_0.25"
    case teacherPhi1 = "teacher_phi_0.25_0.50"
    case teacherPhi2 = "teacher_phi_0.50_0.75"
    case teacherPhi3 = "teacher_phi_0.75_1.00"
    case teacherPhi4 = "teacher_phi_1.00_1.25"
    case teacherPhi5 = "teacher_phi_1.25_up"

    /// The |Φ| histogram's bins in order, and their edges (the last bin is open above).
    public static let teacherPhiBins: [IndicatorName] = [.teacherPhi0, .teacherPhi1, .teacherPhi2, .teacherPhi3, .teacherPhi4, .teacherPhi5]
    public static let teacherPhiEdges: [Double] = [0, 0.25, 0.5, 0.75, 1, 1.25]

    /// The share of `overlaps` in each |Φ| bin (``teacherPhiBins``), summing to 1.
    public static func teacherPhiHistogram(_ overlaps: [Double]) -> [Double] {
        var counts = [Int](repeating: 0, count: teacherPhiEdges.count)
        for phi in overlaps {
            let bin = teacherPhiEdges.lastIndex { abs(phi) >= $0 } ?? 0
            counts[bin] += 1
        }
        return counts.map { overlaps.isEmpty ? 0 : Double($0) / Double(overlaps.count) }
    }

    /// "[0.25, 0.50)" for a |Φ| bin, "" for any other indicator.
    public var phiBinText: String {
        guard let i = Self.teacherPhiBins.firstIndex(of: self) else { return "" }
        let edges = Self.teacherPhiEdges
        func f(_ x: Double) -> String {  // two decimals without Foundation (the edges are quarters)
            let hundredths = Int((x * 100).rounded())
            let fraction = hundredths % 100
            return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
        }
        return i + 1 < edges.count ? "[\(f(edges[i])), \(f(edges[i + 1])))" : "[\(f(edges[i])), ∞)"
    }

    public var documentation: String {
        switch self {
        case .weightNorm: "‖θ‖², the squared weight norm (Omnigrok)"
        case .smallWeights: "share of parameters with |θ| < 0.01 (Ising paper)"
        case .gradientPCA: "principal components for 90% of the per-sample-gradient variance (Ising paper)"
        case .featureDimension: "exp(entropy) of the hidden features' explained-variance fractions (local-rule paper's D_eff)"
        case .margin: "mean softmax margin P_max − P_second over the training set"
        case .llc: "local learning coefficient λ̂ = nβ(E_SGLD L − L(θ)), nβ = n / ln n (devinterp)"
        case .fourierGini: "Gini of the input embedding's power over frequencies (modadd; Nanda et al.)"
        case .restrictedLoss: "training loss of the logits kept to the 5 key frequencies (modadd; Nanda et al.)"
        case .excludedLoss: "training loss of the logits without the 5 key frequencies (modadd; Nanda et al.)"
        case .invertedAccuracy: "accuracy on the 5-spin-inverted training lattices, relabelled by energy (ising; Hutchison & Yevick)"
        case .teacherOverlap: "share of neurons whose overlap Φ = w·w* with the teacher exceeds 0.5 in magnitude (teacher; Rubin, Seroussi & Ringel)"
        case .teacherPhi0, .teacherPhi1, .teacherPhi2, .teacherPhi3, .teacherPhi4, .teacherPhi5:
            "share of neurons with |Φ| in \(phiBinText) (teacher; the histogram of Rubin, Seroussi & Ringel's order parameter)"
        }
    }
}
