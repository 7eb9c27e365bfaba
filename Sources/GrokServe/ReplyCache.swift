/// Replies by request key (client token + id), so that a request resent after a client timeout is
/// answered, never computed again: a resend of a finished request gets the stored reply; a resend
/// of one still being computed only moves where its reply goes (the client's new socket). Without
/// this a report unanswered within the client's timeout was rebuilt on every resend.
///
/// Bounded: finished replies beyond `maxEntries` or `maxBytes` are forgotten oldest first (a resend
/// that late is computed again, which is correct, only slower). Pending entries are never evicted.
public struct ReplyCache: Sendable {
    public enum Lookup: Equatable, Sendable {
        /// Not seen before: compute it (the entry is now pending).
        case new
        /// Being computed: its reply will go to the identity just given.
        case pending
        /// Answered before: send this frame again.
        case done([UInt8])
    }

    private enum Entry {
        case pending(identity: [UInt8])
        case done([UInt8])
    }

    private var entries: [RequestKey: Entry] = [:]
    /// Finished keys, oldest first, from `head` on (compacted when half is consumed).
    private var order: [RequestKey] = []
    private var head = 0
    private var bytes = 0
    public let maxEntries: Int
    public let maxBytes: Int

    public init(maxEntries: Int = 4096, maxBytes: Int = 32 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// Registers a request arriving from `identity`.
    public mutating func begin(_ key: RequestKey, identity: [UInt8]) -> Lookup {
        switch entries[key] {
        case .none:
            entries[key] = .pending(identity: identity)
            return .new
        case .pending:
            entries[key] = .pending(identity: identity)
            return .pending
        case .done(let frame):
            return .done(frame)
        }
    }

    /// Stores the reply of a pending request; returns the identity of its latest sender.
    public mutating func complete(_ key: RequestKey, frame: [UInt8], fallback: [UInt8]) -> [UInt8] {
        var identity = fallback
        if case .pending(let latest)? = entries[key] { identity = latest }
        if case .done(let old)? = entries[key] { bytes -= old.count } else { order.append(key) }
        entries[key] = .done(frame)
        bytes += frame.count
        evict()
        return identity
    }

    public var finishedCount: Int { order.count - head }

    private mutating func evict() {
        while finishedCount > maxEntries || (bytes > maxBytes && finishedCount > 1) {
            let key = order[head]
            head += 1
            if case .done(let frame)? = entries.removeValue(forKey: key) { bytes -= frame.count }
        }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
