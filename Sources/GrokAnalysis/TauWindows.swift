/// The onset-aligned windows [kW, (k+1)W) that hold a snapshot of some grokked run.
struct TauWindows: Sendable {
    let width: Int
    let kMin: Int
    let count: Int

    static let none = TauWindows(width: 1, kMin: 0, count: 0)

    init(width: Int, kMin: Int, count: Int) {
        self.width = width; self.kMin = kMin; self.count = count
    }

    /// The tiling of absolute windows kLo…kHi (none when kLo > kHi).
    init(width: Int, spanning kLo: Int, _ kHi: Int) {
        self.init(width: width, kMin: kLo <= kHi ? kLo : 0, count: kLo <= kHi ? kHi - kLo + 1 : 0)
    }

    /// Windows tiling [lo, hi) only (the finer τ* windows: the crossing is sought near the onset).
    init(from lo: Int, to hi: Int, width: Int) {
        let first = ScalingAnalysis.floorDivide(lo, width), last = ScalingAnalysis.floorDivide(hi - 1, width)
        self.init(width: width, kMin: first, count: Swift.max(0, last - first + 1))
    }

    func index(_ tau: Int) -> Int { ScalingAnalysis.floorDivide(tau, width) - kMin }

    /// The window of τ, nil outside the tiling.
    func window(_ tau: Int) -> Int? {
        let k = index(tau)
        return k >= 0 && k < count ? k : nil
    }
    func lower(_ k: Int) -> Int { (kMin + k) * width }

    /// The windows as crossing input: D per window (NaN where not fitted) and coverage.
    func windows(values: [Double], covered: [Bool]) -> [Crossing.Point] {
        (0..<count).map { k in
            Crossing.Point(centre: Double(lower(k)) + Double(width) / 2, d: values[k], covered: covered[k])
        }
    }
}

/// Crossings of D = 1 in D(τ) (method §3): only between adjacent windows that are both covered
/// (every width takes part) and fitted, by linear interpolation between their centres; a window
/// missing a width never makes a crossing.
enum Crossing {
    struct Point { var centre: Double; var d: Double; var covered: Bool }

    /// Every crossing, upward (D below 1, then at or above 1) or downward, in increasing τ.
    static func all(_ points: [Point]) -> [(tau: Double, upward: Bool)] {
        var out: [(Double, Bool)] = []
        for i in points.indices.dropLast() {
            let a = points[i], b = points[i + 1]
            guard a.covered, b.covered, a.d.isFinite, b.d.isFinite else { continue }
            let up = a.d < 1 && b.d >= 1, down = a.d >= 1 && b.d < 1
            guard up || down else { continue }
            out.append((a.centre + (1 - a.d) * (b.centre - a.centre) / (b.d - a.d), up))
        }
        return out
    }

    /// τ*: the upward crossing nearest τ = 0 (the earlier on a tie); nil if none.
    static func star(_ points: [Point]) -> Double? {
        var star: Double?
        for c in all(points) where c.upward {
            if star == nil || c.tau.magnitude < star!.magnitude { star = c.tau }
        }
        return star
    }
}
