/// How a field is relaxed: one global cascade (the method's default) or one avalanche per
/// supra-threshold seed node, taken in ascending node order (the comparison reading).
public enum ProbeMode: String, Sendable, Hashable, Codable, CaseIterable {
    case global
    case perSeed = "per_seed"
}
