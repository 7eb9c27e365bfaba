/// The probe's knobs (method §2), with the method's defaults.
public struct ProbeConfig: Sendable, Hashable, Codable {
    /// c: the fraction of a toppling node's load passed on to its neighbours, in (0, 1].
    public var conservation: Double
    /// q: the threshold θ is the q-quantile (NumPy linear) of the loads, q in (0, 1).
    public var quantile: Double
    /// a_i = |g| (default) or g².
    public var loads: LoadTransform
    /// One global cascade (default) or one avalanche per seed.
    public var mode: ProbeMode
    /// Record each cascade's first wave A₁ (``Cascade/firstWave``), for the branching ratio σ.
    /// Off by default: cascades without it keep their earlier bytes.
    public var recordsFirstWave: Bool

    public init(
        conservation: Double = 0.9, quantile: Double = 0.9, loads: LoadTransform = .abs, mode: ProbeMode = .global, recordsFirstWave: Bool = false
    ) {
        self.recordsFirstWave = recordsFirstWave
        self.conservation = conservation
        self.quantile = quantile
        self.loads = loads
        self.mode = mode
    }

    private enum CodingKeys: String, CodingKey { case conservation, quantile, loads, mode, recordsFirstWave }

    /// Configurations written before `recordsFirstWave` existed decode with it off.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            conservation: try c.decode(Double.self, forKey: .conservation), quantile: try c.decode(Double.self, forKey: .quantile),
            loads: try c.decode(LoadTransform.self, forKey: .loads), mode: try c.decode(ProbeMode.self, forKey: .mode),
            recordsFirstWave: try c.decodeIfPresent(Bool.self, forKey: .recordsFirstWave) ?? false)
    }

    public func validate() throws {
        guard conservation > 0, conservation <= 1 else {
            throw ProbeError.invalidConfig("conservation c = \(conservation) must be in (0, 1] (the method's default is 0.9)")
        }
        guard quantile > 0, quantile < 1 else {
            throw ProbeError.invalidConfig("quantile q = \(quantile) must be in (0, 1) (the method's default is 0.9)")
        }
    }
}
