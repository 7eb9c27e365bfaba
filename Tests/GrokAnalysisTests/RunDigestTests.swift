import GrokAnalysis
import GrokNumerics
import Testing

/// The analysis from per-run digests is the analysis from the runs' cascades.
@Suite("Per-run digests")
struct RunDigestTests {
    /// Fingerprints taken with the code before digests existed (commit 31c40c2, where the
    /// analysis folded every cascade of every run at the end); they must never change.
    static let preDigest: [String: String] = [
        "gradient-A-mean": "d5115bfa1f0dbe32",
        "gradient-B-median": "d4edb0a4c680329b",
        "control-A-mean": "53e0cf4d0866fb32",
        "control-B-median": "de43017112087e2",
        "lead-A-C": "46f4c607e16dd21b",
        "gradient-D-mean": "a772042f18667985",
        "gradient-D-median": "8b76b7c860449346",
        "control-D-median": "c890e31c82cabd0e",
        "step-A-mean": "eb0a7b87db9e18ee",
        "step-B-median": "bce89958e6f09824",
    ]

    @Test("gradient, control, D(step) and the early warning give the pre-digest results bit for bit", arguments: DigestCases.names)
    func preDigestResults(name: String) throws {
        #expect(try DigestCases.fingerprint(name) == Self.preDigest[name])
    }

    static func shuffled<T>(_ values: [T], seed: UInt64) -> [T] {
        var out = values
        var rng = RandomStream(baseSeed: seed, labels: ["shuffle"])
        rng.shuffle(&out)
        return out
    }

    @Test("digests folded one run at a time and passed in any order give the runs' gradient and control bit for bit")
    func anyOrder() throws {
        // The fixtures hold what the fold must get right: ungrokked runs, sizes 0, ties, saturated extents.
        let cascades = (DigestFixtures.gridA + DigestFixtures.gridB).flatMap(\.cascades)
        #expect(DigestFixtures.gridB.contains { $0.onsetEpoch == nil } && cascades.contains { $0.size == 0 })
        #expect(Set(cascades.map(\.size)).count * 5 < cascades.count)
        #expect(DigestFixtures.gridA.contains { run in run.cascades.contains { $0.extent == run.parameterCount } })
        for (runs, options) in [
            (DigestFixtures.gridA, DigestFixtures.optionsA()), (DigestFixtures.gridB, DigestFixtures.optionsB()),
            (DigestFixtures.gridD, DigestFixtures.optionsA()),
        ] {
            let gradient = try DigestFixtures.fingerprint(ScalingAnalysis.gradient(runs, options: options))
            let control = try DigestFixtures.fingerprint(ScalingAnalysis.control(runs, options: options))
            for seed: UInt64 in [1, 2] {
                let order = Self.shuffled(runs, seed: seed)
                let g = try order.map { try RunDigest(gradient: $0, options: options) }
                let c = try order.map { try RunDigest(control: $0, options: options) }
                #expect(try DigestFixtures.fingerprint(ScalingAnalysis.gradient(digests: g, options: options)) == gradient)
                #expect(try DigestFixtures.fingerprint(ScalingAnalysis.control(digests: c, options: options)) == control)
            }
        }
    }

    @Test(
        "a digest is never larger than its packed readings (12 bytes a cascade); with many cascades of repeating sizes (grokked or control) it is a fifth of the cascades' 32 bytes or less"
    )
    func storageChoice() throws {
        for options in [DigestFixtures.optionsA(), DigestFixtures.optionsB()] {
            for run in DigestFixtures.gridA + DigestFixtures.gridD {
                for digest in [try RunDigest(gradient: run, options: options), try RunDigest(control: run, options: options)] {
                    #expect(
                        digest.approximateBytes <= 12 * run.cascades.count + 200,
                        "\(digest.approximateBytes) bytes for \(run.cascades.count) cascades")
                }
            }
        }
        // The median keeps every group's sizes, other statistics only the fixed windows'; an
        // ungrokked gradient run keeps its readings (to be alignable).
        for run in DigestFixtures.gridD {
            let digests =
                [try RunDigest(control: run, options: DigestFixtures.optionsB())]
                + (run.onsetEpoch == nil ? [] : [try RunDigest(gradient: run, options: DigestFixtures.optionsA())])
            for digest in digests {
                #expect(digest.approximateBytes * 5 < 32 * run.cascades.count, "\(digest.approximateBytes) bytes for \(run.cascades.count) cascades")
                #expect(digest.approximateBytes < 12 * run.cascades.count, "sums, not readings: \(digest.approximateBytes) bytes")
            }
        }
    }

    @Test(
        "an ungrokked run's digest aligned at an onset equals the digest of the run given that onset, and analyses alike; a run with an onset or a control digest is refused"
    )
    func alignment() throws {
        let ungrokked = (DigestFixtures.gridA + DigestFixtures.gridB).filter { $0.onsetEpoch == nil }
        #expect(ungrokked.count >= 5)
        for options in [DigestFixtures.optionsA(), DigestFixtures.optionsB()] {
            for run in ungrokked {
                var given = run
                given.onsetEpoch = 1_234
                #expect(try RunDigest(gradient: run, options: options).aligned(atOnset: 1_234) == RunDigest(gradient: given, options: options))
            }
            let set = DigestFixtures.gridB.filter { $0.onsetEpoch == nil }
            let aligned = try set.map { try RunDigest(gradient: $0, options: options).aligned(atOnset: 1_500) }
            let given = set.map { run -> RunCascades in
                var r = run
                r.onsetEpoch = 1_500
                return r
            }
            #expect(
                try DigestFixtures.fingerprint(ScalingAnalysis.gradient(digests: aligned, options: options))
                    == DigestFixtures.fingerprint(ScalingAnalysis.gradient(given, options: options)))
        }
        let options = DigestFixtures.optionsA()
        let grokked = try #require(DigestFixtures.gridA.first { $0.onsetEpoch != nil })
        #expect(
            throws: AnalysisError.notAlignable(parameterCount: grokked.parameterCount, seedIndex: grokked.seedIndex, onsetEpoch: grokked.onsetEpoch)
        ) {
            try RunDigest(gradient: grokked, options: options).aligned(atOnset: 100)
        }
        #expect(
            throws: AnalysisError.digestKind(
                parameterCount: ungrokked[0].parameterCount, seedIndex: ungrokked[0].seedIndex, folded: "control", requested: "gradient")
        ) {
            try RunDigest(control: ungrokked[0], options: options).aligned(atOnset: 100)
        }
    }

    @Test("a digest folded for the median also serves a mean analysis, with the mean-folded result")
    func medianFoldServesMean() throws {
        let mean = DigestFixtures.optionsA()
        var median = mean
        median.statistic = .median
        let folded = try DigestFixtures.gridA.map { try RunDigest(gradient: $0, options: median) }
        #expect(
            try DigestFixtures.fingerprint(ScalingAnalysis.gradient(digests: folded, options: mean))
                == DigestFixtures.fingerprint(ScalingAnalysis.gradient(DigestFixtures.gridA, options: mean)))
    }

    @Test("a duplicate (N, seed) among digests is refused as among runs")
    func duplicateRefused() throws {
        let options = DigestFixtures.optionsA()
        let digests = try DigestFixtures.gridA.map { try RunDigest(gradient: $0, options: options) }
        let twice = digests + [digests[7]]
        #expect(throws: AnalysisError.duplicateRun(parameterCount: digests[7].parameterCount, seedIndex: digests[7].seedIndex)) {
            try ScalingAnalysis.gradient(digests: Self.shuffled(twice, seed: 3), options: options)
        }
        let controls = try DigestFixtures.gridA.map { try RunDigest(control: $0, options: options) }
        #expect(throws: AnalysisError.duplicateRun(parameterCount: controls[0].parameterCount, seedIndex: controls[0].seedIndex)) {
            try ScalingAnalysis.control(digests: controls + [controls[0]], options: options)
        }
    }

    @Test("gradient digests are refused by the control and control digests by the gradient, naming both analyses")
    func kindRefused() throws {
        let options = DigestFixtures.optionsA()
        let run = DigestFixtures.gridA[0]
        let gradient = try DigestFixtures.gridA.map { try RunDigest(gradient: $0, options: options) }
        let control = try DigestFixtures.gridA.map { try RunDigest(control: $0, options: options) }
        #expect(
            throws: AnalysisError.digestKind(parameterCount: run.parameterCount, seedIndex: run.seedIndex, folded: "gradient", requested: "control")
        ) {
            try ScalingAnalysis.control(digests: gradient, options: options)
        }
        #expect(
            throws: AnalysisError.digestKind(parameterCount: run.parameterCount, seedIndex: run.seedIndex, folded: "control", requested: "gradient")
        ) {
            try ScalingAnalysis.gradient(digests: control, options: options)
        }
        #expect(
            AnalysisError.digestKind(parameterCount: 41, seedIndex: 0, folded: "control", requested: "gradient").description.contains(
                "RunDigest(gradient:options:)"))
    }

    @Test("a gradient digest refuses an analysis under other window options, naming the option")
    func optionMismatchRefused() throws {
        let folded = DigestFixtures.optionsA()
        let digests = try DigestFixtures.gridA.map { try RunDigest(gradient: $0, options: folded) }
        let first = DigestFixtures.gridA[0]
        let changes: [(String, String, String, (inout ScalingOptions) -> Void)] = [
            ("windowWidth", "400", "300", { $0.windowWidth = 300 }),
            ("preWindow", "800", "600", { $0.preWindow = 600 }),
            ("postWindow", "2000", "1000", { $0.postWindow = 1000 }),
            ("crossingWindow", "100", "0", { $0.crossingWindow = 0 }),
            ("statistic", "not median", "median", { $0.statistic = .median }),
        ]
        for (name, was, now, change) in changes {
            var options = folded
            change(&options)
            let expected = AnalysisError.digestOptions(
                parameterCount: first.parameterCount, seedIndex: first.seedIndex, option: name, folded: was, requested: now)
            #expect(throws: expected) { try ScalingAnalysis.gradient(digests: digests, options: options) }
            #expect(expected.description.contains("\(name) = \(was)") && expected.description.contains("\(name) = \(now)"))
        }
        // Options applied at analysis time only are accepted as they are.
        var other = folded
        other.statistic = .max
        other.collapseBinsPerDecade = 7
        other.bootstrapResamples = 10
        other.minimumRunsPerWidth = 2
        #expect(throws: Never.self) { try ScalingAnalysis.gradient(digests: digests, options: other) }
    }

    @Test("a negative reading or a non-positive N is refused when the run is folded")
    func foldValidates() throws {
        let options = DigestFixtures.optionsA()
        var run = DigestFixtures.gridA[3]
        run.cascades[2].extent = -1
        let epoch = run.cascades[2].epoch
        #expect(throws: AnalysisError.negativeReading(parameterCount: run.parameterCount, seedIndex: run.seedIndex, epoch: epoch)) {
            try RunDigest(gradient: run, options: options)
        }
        #expect(throws: AnalysisError.negativeReading(parameterCount: run.parameterCount, seedIndex: run.seedIndex, epoch: epoch)) {
            try RunDigest(control: run, options: options)
        }
        let zero = RunCascades(parameterCount: 0, seedIndex: 0, onsetEpoch: nil, cascades: [])
        #expect(throws: AnalysisError.invalidParameterCount(0)) { try RunDigest(gradient: zero, options: options) }
        #expect(throws: AnalysisError.noRuns) { try ScalingAnalysis.gradient(digests: [], options: options) }
    }

    @Test("the collapse grid of a smaller maximum is a prefix of the grid of a larger one (bin edges do not depend on the maximum)")
    func collapseGridPrefix() {
        for bins in [1, 3, 5, 10, 20] {
            let large = CollapseGrid(maximum: 3_000_000, binsPerDecade: bins)
            for maximum in [0, 1, 2, 9, 10, 11, 99, 100, 101, 999, 12_345, 1_000_000] {
                let small = CollapseGrid(maximum: maximum, binsPerDecade: bins)
                #expect(small.count <= large.count)
                #expect(Array(large.lower.prefix(small.count)) == small.lower && Array(large.upper.prefix(small.count)) == small.upper)
                #expect(Array(large.lnCentre.prefix(small.count)).map(\.bitPattern) == small.lnCentre.map(\.bitPattern))
                #expect(Array(large.lnWidth.prefix(small.count)).map(\.bitPattern) == small.lnWidth.map(\.bitPattern))
                #expect(small.upper.last! > Swift.max(maximum, 1))
            }
        }
    }

    @Test("a digest of a run whose sizes repeat is much smaller than its cascades (32 bytes each)")
    func digestIsSmall() throws {
        // 2,000 snapshots with sizes 0…40: the digest holds ~40 distinct sizes per histogram.
        var rng = RandomStream(baseSeed: 4, labels: ["small"])
        let cascades = (0..<2_000).map { k in CascadeRecord(epoch: 5 * k, size: rng.nextInt(below: 41), extent: 3, duration: 2) }
        let run = RunCascades(parameterCount: 81, seedIndex: 0, onsetEpoch: 5_000, cascades: cascades)
        let gradient = try RunDigest(gradient: run, options: ScalingOptions())
        let control = try RunDigest(control: run, options: ScalingOptions())
        #expect(gradient.approximateBytes * 4 < 32 * cascades.count, "\(gradient.approximateBytes) bytes")
        #expect(control.approximateBytes * 20 < 32 * cascades.count, "\(control.approximateBytes) bytes")
        #expect(gradient.parameterCount == 81 && gradient.seedIndex == 0 && gradient.onsetEpoch == 5_000)
    }
}
