import Synchronization

/// Fixed slots written by concurrent jobs, one job per slot: results land by index, so their
/// order never depends on the thread count or timing (the in-process sweep, the report's folds).
public final class Slots<T: Sendable>: Sendable {
    private let values: Mutex<[T?]>
    public init(count: Int) { values = Mutex(Array(repeating: nil, count: count)) }
    public subscript(i: Int) -> T? {
        get { values.withLock { $0[i] } }
        set { values.withLock { $0[i] = newValue } }
    }
}
