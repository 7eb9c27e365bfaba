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
    static func run(
        resamples: Int, quantities: Int, runStart: [Int], seed: UInt64, labels: [StreamLabel],
        makeBody: @Sendable () -> (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void
    ) -> [[Double]] {
        let runs = runStart[runStart.count - 1]
        return runBatched(resamples: resamples, quantities: quantities, runStart: runStart, seed: seed, labels: labels, batch: 1) {
            let body = makeBody()
            return { weights, out, first, count in
                for b in 0..<count { body(weights + b * runs, out + b * quantities, first + b) }
            }
        }
    }

    /// As ``run(resamples:quantities:runStart:seed:labels:makeBody:)``, but the body gets
    /// `batch` consecutive resamples at once (fewer at the end): their weights at
    /// weights[b · runs + k] and their output slots at out[b · quantities + q] for resample
    /// first + b. Each resample's weights are still drawn from its own stream, so batching and
    /// threads change no number.
    static func runBatched(
        resamples: Int, quantities: Int, runStart: [Int], seed: UInt64, labels: [StreamLabel], batch: Int,
        makeBody: @Sendable () -> (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int, Int) -> Void
    ) -> [[Double]] {
        guard resamples > 0 else { return [[Double]](repeating: [], count: quantities) }
        let runs = runStart[runStart.count - 1]
        let batch = Swift.max(1, batch)
        let batches = (resamples + batch - 1) / batch
        var out = [Double](repeating: .nan, count: resamples * quantities)
        let chunks = Swift.min(batches, 16)
        out.withUnsafeMutableBufferPointer { buffer in
            let base = SlotPointer(address: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let body = makeBody()
                var weight = [Double](repeating: 0, count: runs * batch)
                weight.withUnsafeMutableBufferPointer { wp in
                    var k = chunk
                    while k < batches {
                        let first = k * batch, count = Swift.min(batch, resamples - first)
                        for b in 0..<count {
                            let w = wp.baseAddress! + b * runs
                            var rng = RandomStream(baseSeed: seed, labels: labels + [.int(first + b)])
                            for k in 0..<runs { w[k] = 0 }
                            for width in 0..<(runStart.count - 1) {
                                let start = runStart[width], n = runStart[width + 1] - start
                                for _ in 0..<n { w[start + rng.nextInt(below: n)] += 1 }
                            }
                        }
                        body(UnsafePointer(wp.baseAddress!), base.address + first * quantities, first, count)
                        k += chunks
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
