/// Where D(τ) passes 1 nearest the onset, and in which direction (XOR ascends, the
/// companion's modular addition descends). Linear interpolation between consecutive windows'
/// centres, as `ScalingAnalysis` does for τ*.
public struct DTauCrossing: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable { case ascending, descending }
    public var tau: Double
    public var direction: Direction

    /// The crossing nearest τ = 0 (the earlier on a tie); nil when D(τ) never crosses 1.
    public static func nearestOnset(_ windows: [DTauWindow]) -> DTauCrossing? {
        // Only adjacent covered windows (every width present) may cross.
        let sorted = windows.filter { $0.d.isFinite && $0.covered }.sorted { $0.tauLo < $1.tauLo }
        var best: DTauCrossing?
        for i in sorted.indices.dropLast() {
            let a = sorted[i], b = sorted[i + 1]
            guard a.tauHi == b.tauLo else { continue }
            let up = a.d < 1 && b.d >= 1, down = a.d >= 1 && b.d < 1
            guard up || down else { continue }
            let tau = a.centre + (1 - a.d) * (b.centre - a.centre) / (b.d - a.d)
            if best == nil || tau.magnitude < best!.tau.magnitude {
                best = DTauCrossing(tau: tau, direction: up ? .ascending : .descending)
            }
        }
        return best
    }
}
