import Dispatch

/// Independent jobs run on all cores, each writing only its own slot: the result is in index
/// order and does not depend on the thread count or timing.
enum ConcurrentSlots {
    static func map<T: Sendable>(count: Int, _ job: @Sendable (Int) -> T) -> [T] {
        var slots = [T?](repeating: nil, count: count)
        slots.withUnsafeMutableBufferPointer { buffer in
            let base = Base(address: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: count) { i in base.address[i] = job(i) }
        }
        return slots.map { $0! }
    }

    private struct Base<T>: @unchecked Sendable { let address: UnsafeMutablePointer<T?> }
}
