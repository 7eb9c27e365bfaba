/// The alarm threshold of a detector, set on runs that never grokked so that at most a chosen
/// share of them raise an alarm (the false-positive rate), and the AUROC of grokked against
/// ungrokked runs. Pure functions over the runs' scores (the largest detector statistic over
/// each run's horizon).
public enum WarningThreshold {
    /// The smallest control score h such that the share of control scores strictly above h is
    /// at most `fpr`: sorted ascending, the ⌈(1 − fpr)·m⌉-th score. Nil when there are fewer than
    /// ⌈1 / fpr⌉ control runs: with fewer, one false alarm already exceeds the rate, so the
    /// rate cannot be resolved (``minimumControls(fpr:)``).
    public static func calibrate(controlScores: [Double], fpr: Double) -> Double? {
        let m = controlScores.count
        guard fpr > 0, fpr < 1, m >= minimumControls(fpr: fpr) else { return nil }
        let sorted = controlScores.sorted()
        let rank = Int((1 - fpr) * Double(m) - 1e-9) + 1  // ⌈(1 − fpr)·m⌉, robust to 0.95·20 = 18.999…
        return sorted[min(max(rank, 1), m) - 1]
    }

    /// ⌈1 / fpr⌉: the control runs a false-positive rate of `fpr` needs to be resolvable.
    public static func minimumControls(fpr: Double) -> Int {
        Int((1 / fpr - 1e-9).rounded(.up))
    }

    /// The area under the ROC curve of `positives` (grokked runs' scores) against `negatives`
    /// (ungrokked runs'): the probability that a random positive scores above a random negative,
    /// ties counting one half (the Mann–Whitney U over m·n). Nil when either set is empty.
    public static func auroc(positives: [Double], negatives: [Double]) -> Double? {
        guard !positives.isEmpty, !negatives.isEmpty else { return nil }
        let neg = negatives.sorted()
        var u = 0.0
        for x in positives {
            let below = lowerBound(neg, x)
            let atOrBelow = upperBound(neg, x)
            u += Double(below) + 0.5 * Double(atOrBelow - below)
        }
        return u / (Double(positives.count) * Double(negatives.count))
    }

    static func lowerBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func upperBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
