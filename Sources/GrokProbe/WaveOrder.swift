/// Puts a wave's toppler list in ascending node order, the cheapest way for its shape:
/// insertion sort for a few nodes, a branch-free scan of the stamp array over [lowest, highest]
/// when that range is short compared with a sort's cost, otherwise a comparison sort.
enum WaveOrder {
    @inline(__always)
    static func sortAscending(
        _ list: UnsafeMutablePointer<Int32>, _ count: Int, lowest: Int, highest: Int,
        stamps: UnsafeMutablePointer<Int>, wave: Int
    ) {
        if count < 2 { return }
        if count <= 24 {
            for a in 1..<count {
                let x = list[a]
                var b = a - 1
                while b >= 0 && list[b] > x {
                    list[b + 1] = list[b]
                    b -= 1
                }
                list[b + 1] = x
            }
        } else if highest - lowest < 4 * count * (Int.bitWidth - count.leadingZeroBitCount) {
            // Scanning the range costs less than sorting (≈ count·log₂count comparisons).
            var w = 0
            for j in lowest...highest {
                list[w] = Int32(truncatingIfNeeded: j)
                w += stamps[j] == wave ? 1 : 0
            }
        } else {
            var buffer = UnsafeMutableBufferPointer(start: list, count: count)
            buffer.sort()
        }
    }
}
