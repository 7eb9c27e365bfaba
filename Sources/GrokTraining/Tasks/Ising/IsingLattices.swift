import GrokNumerics

/// The data of the `ising` task (Hutchison & Yevick, arXiv 2510.25966): 8 × 8 lattices of ±1
/// spins on a torus, E = −Σ⟨ij⟩ s_i s_j over the 128 nearest-neighbour bonds (E ∈ −128 … 128 in
/// steps of 4), in four classes by energy bin. Pure functions of a `RandomStream`.
public enum IsingLattices {
    /// Side of the lattice: the paper's 8 (64 inputs).
    public static let side = 8
    public static let sites = side * side
    /// The paper's four classes: E ∈ [−120, −92], [−88, −60], [−56, −28], [−24, 4], each bin
    /// eight levels of step 4.
    public static let bins: [ClosedRange<Int>] = [-120...(-92), -88...(-60), -56...(-28), -24...4]
    /// Every level of every bin, lowest first (32 levels).
    public static let levels: [Int] = bins.flatMap { stride(from: $0.lowerBound, through: $0.upperBound, by: 4) }

    /// E of a lattice (row-major, `sites` spins of ±1).
    public static func energy(_ s: [Double]) -> Int {
        var e = 0.0
        for r in 0..<side {
            for c in 0..<side {
                let v = s[r * side + c]
                e -= v * s[r * side + (c + 1) % side] + v * s[((r + 1) % side) * side + c]
            }
        }
        return Int(e)
    }

    /// The class of energy `e` (0 … 3), nil outside the four bins.
    public static func energyClass(_ e: Int) -> Int? { bins.firstIndex { $0.contains(e) } }

    /// `perLevel` lattices at each of the 32 levels, in the order they were found, with their
    /// energies. The generator is our reading of the paper's (**inferred**): each lattice starts
    /// from its own uniformly random spins and is annealed by single-spin Metropolis updates in
    /// typewriter order, T falling geometrically from 5 to 0.5 over 100 sweeps; it is kept the
    /// first time its energy lands on a level that is not yet full. A lattice that ends its
    /// schedule without doing so is dropped, and the next one starts. Acceptance uses
    /// `Elementary.exp`, so the lattices are the same bits on every host.
    public static func generate(perLevel: Int, stream: inout RandomStream) -> (lattices: [[Double]], energies: [Int]) {
        precondition(perLevel >= 1)
        let sweeps = 100, hot = 5.0, cold = 0.5
        // Metropolis acceptance of ΔE = 4 and 8 at each sweep's temperature.
        let acceptance: [(Double, Double)] = (0..<sweeps).map { k in
            let t = hot * Elementary.exp(Double(k) / Double(sweeps - 1) * Elementary.log(cold / hot))
            return (Elementary.exp(-4 / t), Elementary.exp(-8 / t))
        }
        let lowest = levels[0]
        var missing = [Int](repeating: perLevel, count: (levels.last! - lowest) / 4 + 1)
        var remaining = levels.count * perLevel
        var lattices: [[Double]] = [], energies: [Int] = []
        var s = [Double](repeating: 0, count: sites)
        func open(_ e: Int) -> Bool { e >= lowest && e <= levels.last! && missing[(e - lowest) / 4] > 0 }
        while remaining > 0 {
            for i in 0..<sites { s[i] = stream.nextUniform() < 0.5 ? -1 : 1 }
            var e = energy(s)
            var kept = open(e)
            schedule: for (a4, a8) in acceptance where !kept {
                for r in 0..<side {
                    for c in 0..<side {
                        let i = r * side + c
                        let field =
                            s[r * side + (c + 1) % side] + s[r * side + (c + side - 1) % side]
                            + s[((r + 1) % side) * side + c] + s[((r + side - 1) % side) * side + c]
                        let delta = Int(2 * s[i] * field)
                        let accept = delta <= 0 || stream.nextUniform() < (delta == 4 ? a4 : a8)
                        guard accept else { continue }
                        s[i] = -s[i]
                        e += delta
                        if open(e) { kept = true; break schedule }
                    }
                }
            }
            guard kept else { continue }
            missing[(e - lowest) / 4] -= 1
            remaining -= 1
            lattices.append(s)
            energies.append(e)
        }
        return (lattices, energies)
    }

    /// The paper's "n-inverted" test set: each lattice with `flips` distinct random spins
    /// flipped, relabelled by its new energy; a flipped lattice whose energy leaves the four bins
    /// has no class and is left out.
    public static func inverted(_ lattices: [[Double]], flips: Int, stream: inout RandomStream) -> (lattices: [[Double]], classes: [Int]) {
        var out: [[Double]] = [], classes: [Int] = []
        for lattice in lattices {
            var s = lattice
            let sitesToFlip = stream.permutation(count: sites).prefix(flips)
            for i in sitesToFlip { s[i] = -s[i] }
            if let c = energyClass(energy(s)) {
                out.append(s)
                classes.append(c)
            }
        }
        return (out, classes)
    }
}
