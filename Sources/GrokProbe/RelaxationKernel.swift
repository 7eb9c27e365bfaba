/// The toppling loop over raw buffers owned by ``AvalancheProbe`` (see its rules). Separate so
/// the hot loop sees plain pointers: no bounds checks, no reference counting, no allocation.
struct RelaxationKernel {
    let nodeCount: Int
    let offsets: UnsafePointer<Int32>
    let neighbors: UnsafePointer<Int32>
    let load: UnsafeMutablePointer<Double>
    let shares: UnsafeMutablePointer<Double>
    /// waveStamp[j] == wave ⇔ j is already in the next wave's list (no clearing between waves).
    let waveStamp: UnsafeMutablePointer<Int>
    /// toppleStamp[i] == cascadeID ⇔ i has toppled in this cascade (for the extent).
    let toppleStamp: UnsafeMutablePointer<Int>
    /// The current wave's list on entry, at `firstWave` entries; the two buffers alternate.
    let bufferA: UnsafeMutablePointer<Int32>
    let bufferB: UnsafeMutablePointer<Int32>

    struct Result {
        var wave: Int
        var size = 0, extent = 0, duration = 0
        var toppled = 0.0, dropped = 0.0
        var overCap = false
    }

    func run(firstWave: Int, c: Double, cap: Int, cascadeID: Int, result r: inout Result) {
        var cur = bufferA, nxt = bufferB
        var count = firstWave
        var wave = r.wave
        while count > 0 {
            if r.size > cap - count { r.overCap = true; break }
            r.duration += 1
            r.size += count
            // Pass 1: shares from the loads before the wave; topplers drop to 0.
            for t in 0..<count {
                let i = Int(cur[t])
                let l = load[i]
                let k = offsets[i + 1] - offsets[i]
                if k > 0 {
                    shares[t] = c * l / Double(k)
                    r.toppled += l
                } else {
                    shares[t] = 0
                    r.dropped += l
                }
                load[i] = 0
                if toppleStamp[i] != cascadeID {
                    toppleStamp[i] = cascadeID
                    r.extent += 1
                }
            }
            // Pass 2: distribute in (toppler, neighbour) ascending order; collect recipients ≥ 1.
            wave += 1
            var nextCount = 0, lowest = nodeCount, highest = -1
            for t in 0..<count {
                let i = Int(cur[t])
                let s = shares[t]
                var p = Int(offsets[i])
                let end = Int(offsets[i + 1])
                while p < end {
                    let j = Int(neighbors[p])
                    let v = load[j] + s
                    load[j] = v
                    if v >= 1 && waveStamp[j] != wave {
                        waveStamp[j] = wave
                        nxt[nextCount] = Int32(j)
                        nextCount += 1
                        if j < lowest { lowest = j }
                        if j > highest { highest = j }
                    }
                    p += 1
                }
            }
            WaveOrder.sortAscending(nxt, nextCount, lowest: lowest, highest: highest, stamps: waveStamp, wave: wave)
            swap(&cur, &nxt)
            count = nextCount
        }
        r.wave = wave
    }
}
