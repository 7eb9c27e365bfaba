import Dispatch
import GrokNumerics

/// Runs bootstrap resamples over seeds within each width. Resample r draws, for each width in
/// ascending N and then for each of its runs, one run index with nextInt(below: runs of the
/// width) from RandomStream(baseSeed: seed, labels: labels + [.int(r)]), so a resample depends
/// only on r; resamples are spread over threads into fixed slots, and the result does not
/// depend on the thread count or their timing.
enum Bootstrap {
    /// Returns values[q][r] for `quantities` numbers per resample. `makeBody` is called once per
    /// chunk (so each chunk owns its scratch); the body gets the run multiplicities and the
    /// resample index r, and writes `quantities` numbers.
    static func run(resamples: Int, quantities: Int, runStart: [Int], seed: UInt64, labels: [StreamLabel],
                    makeBody: @Sendable () -> (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) -> [[Double]] {
        guard resamples > 0 else { return [[Double]](repeating: [], count: quantities) }
        let runs = runStart[runStart.count - 1]
        var out = [Double](repeating: .nan, count: resamples * quantities)
        let chunks = Swift.min(resamples, 16)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = SlotPointer(address: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let body = makeBody()
                var weight = [Double](repeating: 0, count: runs)
                weight.withUnsafeMutableBufferPointer { wp in
                    let w = wp.baseAddress!
                    var r = chunk
                    while r < resamples {
                        var rng = RandomStream(baseSeed: seed, labels: labels + [.int(r)])
                        for k in 0..<runs { w[k] = 0 }
                        for width in 0..<(runStart.count - 1) {
                            let start = runStart[width], n = runStart[width + 1] - start
                            for _ in 0..<n { w[start + rng.nextInt(below: n)] += 1 }
                        }
                        body(UnsafePointer(w), base.address + r * quantities, r)
                        r += chunks
                    }
                }
            }
        }
        return (0..<quantities).map { q in (0..<resamples).map { out[$0 * quantities + q] } }
    }
}

/// The output buffer shared by the bootstrap threads: each resample writes only its own slots.
private struct SlotPointer: @unchecked Sendable {
    let address: UnsafeMutablePointer<Double>
}
