import GrokConfig

/// What a report of user runs (`fit`, `serve`) says about what the runs recorded, and why a
/// fixed-window fit is missing. The sweep's warning ("fewer than the required widths have 3 runs
/// with snapshots in its window") is right for a sweep, whose runs always record accuracy and an
/// onset; for user runs the usual cause is that no onset was recorded at all, and that is what
/// the report must name, with the fix. Only the user-runs report uses this.
enum UserRunsDiagnosis {
    struct Recorded {
        var loss: Bool
        var accuracy: Bool
        var onset: Bool
        /// The names the runs gave their loss and accuracy, when every run that named one agrees.
        var lossName: String?
        var accuracyName: String?
        /// Every size has exactly one run: a bootstrap over runs within sizes has nothing to resample.
        var oneRunPerSize: Bool
        var lastStep: Int
    }

    static func recorded(_ runs: [UserRun]) -> Recorded {
        func agreed(_ names: [String?]) -> String? {
            let given = Set(names.compactMap { $0 })
            return given.count == 1 ? given.first : nil
        }
        var perSize: [Int: Int] = [:]
        for r in runs { perSize[r.size, default: 0] += 1 }
        return Recorded(
            loss: runs.contains { $0.loss.contains(where: \.isFinite) },
            accuracy: runs.contains { $0.accuracy.contains(where: \.isFinite) },
            onset: runs.contains { $0.onsetStep != nil },
            lossName: agreed(runs.map(\.lossName)), accuracyName: agreed(runs.map(\.accuracyName)),
            oneRunPerSize: !perSize.isEmpty && perSize.values.allSatisfy { $0 == 1 },
            lastStep: runs.flatMap(\.steps).max() ?? 0)
    }

    /// The summary's warnings with every "D_pre/D_post not estimated" replaced by its cause here.
    static func warnings(_ warnings: [String], runs: [UserRun], config: SweepConfig) -> [String] {
        warnings.map { text in
            for name in ["D_pre", "D_post"] where text.hasPrefix("\(name) not estimated:") {
                return "\(name) not estimated: " + cause(name, runs: runs, config: config)
            }
            return text
        }
    }

    static func cause(_ name: String, runs: [UserRun], config: SweepConfig) -> String {
        let grokked = runs.filter { $0.onsetStep != nil }
        if grokked.isEmpty {
            let accuracies = runs.flatMap(\.accuracy).filter(\.isFinite)
            guard let best = accuracies.max() else {
                return
                    "no run has an onset, and no run recorded an accuracy to find one in. D_pre, D_post and D(τ) are fitted around each run's onset: pass accuracy= to snapshot() (or metrics= to attach()) and the recorder sets the onset at onset_threshold, or call set_onset(step)"
            }
            return
                "no run has an onset: accuracies were recorded (the highest \(String(format: "%.3f", best))) but none reached the recorder's onset_threshold. Train longer, lower onset_threshold, or call set_onset(step)"
        }
        var runsPerSize: [Int: Int] = [:], grokkedPerSize: [Int: Int] = [:]
        for r in runs { runsPerSize[r.size, default: 0] += 1 }
        for r in grokked { grokkedPerSize[r.size, default: 0] += 1 }
        let sizes = runsPerSize.keys.sorted()
        let needed = min(config.analysis.minRunsPerWidth, runsPerSize.values.max() ?? 1)
        let required = config.analysis.minWidths == 0 ? sizes.count : config.analysis.minWidths
        let short = sizes.filter { grokkedPerSize[$0, default: 0] < needed }
        if sizes.count - short.count < required {
            let list = short.map { "\($0) (\(grokkedPerSize[$0, default: 0]) of \(runsPerSize[$0]!) runs)" }.joined(separator: ", ")
            let need = config.analysis.minWidths == 0 ? "every size (analysis.min_widths = 0)" : "\(required) sizes (analysis.min_widths)"
            return
                "the fit needs \(need) with \(needed) runs that have an onset; sizes \(list) have fewer. Train those runs longer, record more seeds, or let the fit use fewer sizes (--set analysis.min_widths=…)"
        }
        let window =
            name == "D_pre"
            ? "[−\(config.analysis.preWindow), 0) steps around the onset (analysis.pre_window)"
            : "[0, \(config.analysis.postWindow)) steps after the onset (analysis.post_window)"
        return
            "fewer than the required sizes have \(needed) runs with snapshots in τ ∈ \(window). Record snapshots there, or set the window to your runs' length"
    }
}
