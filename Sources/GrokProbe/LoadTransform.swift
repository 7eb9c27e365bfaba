/// How a gradient component becomes a load before scaling: a_i = |g_π(i)| or g_π(i)².
public enum LoadTransform: String, Sendable, Hashable, Codable, CaseIterable {
    case abs, square

    @inline(__always)
    func apply(_ g: Double) -> Double {
        switch self {
        case .abs: return Swift.abs(g)
        case .square: return g * g
        }
    }
}
