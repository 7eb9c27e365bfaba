import GrokNumerics
import GrokTraining
import Testing

/// The `ising` task: the lattice generator's energies and class counts, the deep bias-free
/// classifier's gradient, and dropout drawn from the run's noise stream only.
@Suite("ising: lattices, energy classes, the deep classifier and dropout")
struct IsingTaskTests {
    @Test("E = −Σ⟨ij⟩ s_i s_j on the 8 × 8 torus: −128 aligned, +128 checkerboard, −120 with one spin flipped, −116 with two neighbours")
    func energyKnownLattices() {
        let up = [Double](repeating: 1, count: 64)
        #expect(IsingLattices.energy(up) == -128)
        #expect(IsingLattices.energy(up.map { -$0 }) == -128)
        let checker = (0..<64).map { i in ((i / 8) + (i % 8)) % 2 == 0 ? 1.0 : -1.0 }
        #expect(IsingLattices.energy(checker) == 128)
        var one = up
        one[9] = -1
        #expect(IsingLattices.energy(one) == -120)
        one[10] = -1
        #expect(IsingLattices.energy(one) == -116)
        var wrap = up
        wrap[7] = -1  // its right neighbour is site 0 (periodic)
        #expect(IsingLattices.energy(wrap) == -120)
        #expect(IsingLattices.levels.count == 32 && IsingLattices.levels.first == -120 && IsingLattices.levels.last == 4)
        #expect(IsingLattices.energyClass(-128) == nil && IsingLattices.energyClass(8) == nil)
        #expect(IsingLattices.energyClass(-92) == 0 && IsingLattices.energyClass(-88) == 1 && IsingLattices.energyClass(4) == 3)
    }

    @Test(
        "the generator fills every one of the 32 levels exactly, each lattice's energy is its recorded level, and the same stream gives the same lattices"
    )
    func generatorCounts() {
        var stream = RandomStream(seed: 11)
        let made = IsingLattices.generate(perLevel: 3, stream: &stream)
        #expect(made.lattices.count == 96)
        for (s, e) in zip(made.lattices, made.energies) {
            #expect(IsingLattices.energy(s) == e)
            #expect(s.allSatisfy { $0 == 1 || $0 == -1 })
        }
        for level in IsingLattices.levels { #expect(made.energies.filter { $0 == level }.count == 3, "level \(level)") }
        let perClass = (0..<4).map { c in made.energies.filter { IsingLattices.energyClass($0) == c }.count }
        #expect(perClass == [24, 24, 24, 24])
        var again = RandomStream(seed: 11)
        #expect(IsingLattices.generate(perLevel: 3, stream: &again).lattices == made.lattices)
        #expect(Set(made.lattices).count == made.lattices.count, "lattices repeat")
    }

    @Test("the inverted set flips exactly the asked number of spins and labels each lattice by its new energy")
    func invertedSet() {
        var stream = RandomStream(seed: 12)
        let made = IsingLattices.generate(perLevel: 2, stream: &stream)
        let inverted = IsingLattices.inverted(made.lattices, flips: 5, stream: &stream)
        #expect(inverted.lattices.count == inverted.classes.count && inverted.lattices.count <= made.lattices.count)
        #expect(inverted.lattices.count > made.lattices.count / 2)
        for (s, c) in zip(inverted.lattices, inverted.classes) {
            #expect(IsingLattices.energyClass(IsingLattices.energy(s)) == c)
            #expect(made.lattices.contains { original in zip(original, s).filter { $0 != $1 }.count == 5 })
        }
    }

    static func model(dropout: Double = 0, beta: Double = 1.7) -> DeepReLUClassifier {
        var data = RandomStream(seed: 13)
        let train = IsingLattices.generate(perLevel: 1, stream: &data)
        return DeepReLUClassifier(
            inputs: 64, width: 5, depth: 3, classes: 4, beta: beta, dropout: dropout, initScale: 2,
            train: (train.lattices.flatMap { $0 }, train.energies.map { IsingLattices.energyClass($0)! }), test: ([], []))
    }

    @Test("the deep bias-free classifier with β ≠ 1: gradient matches central differences, N = 64h + 2h² + 4h")
    func gradient() {
        var m = Self.model()
        #expect(m.parameterCount == 64 * 5 + 2 * 25 + 4 * 5)
        #expect(IsingTask(depth: 4).parameterCount(width: 48) == 10_176, "the paper's N")
        var initStream = RandomStream(seed: 14)
        let theta = m.initialParameters(stream: &initStream)
        expectClose(analyticGradient(&m, theta), finiteDifferenceGradient(&m, theta, step: 1e-6), tolerance: 1e-5, "ising")
        let single = analyticGradient(&m, theta, batch: [7][...])
        #expect(single.contains { $0 != 0 }, "a one-example gradient is all zero")
    }

    @Test("dropout never touches evaluate; a training gradient draws its masks from the noise stream only, the same stream giving the same bits")
    func dropoutFromTheNoiseStream() {
        var plain = Self.model(), dropped = Self.model(dropout: 0.3)
        var initStream = RandomStream(seed: 15)
        let theta = plain.initialParameters(stream: &initStream)
        #expect(analyticGradient(&plain, theta) == analyticGradient(&dropped, theta), "evaluate must not drop units")
        #expect(dropped.hasTrainingNoise && !plain.hasTrainingNoise)
        func step(_ seed: UInt64) -> [Double] {
            var noise = RandomStream(seed: seed), g = [Double](repeating: 0, count: theta.count)
            g.withUnsafeMutableBufferPointer { dropped.trainingGradient(theta, batch: nil, gradient: $0.baseAddress!, noise: &noise) }
            return g
        }
        #expect(step(1) == step(1))
        #expect(step(1) != step(2))
        #expect(step(1) != analyticGradient(&dropped, theta))
    }
}
