/// Who is who: routing ids ⇄ worker ids, and the principal each worker id is bound to.
///
/// A worker id is the READY's name unless that name is taken: by a live connection of another
/// process (no matching session) or, ever in this run, by another principal (CURVE key). Then
/// the newcomer gets a fresh id (`name~2`, `name~3`, …) and never the other's leases or results.
struct WorkerDirectory {
    struct Entry {
        var routingID: [UInt8]
        var principal: String
        var session: String?
    }

    private(set) var byWorker: [String: Entry] = [:]
    private(set) var byRouting: [[UInt8]: String] = [:]
    /// Every worker id ever bound in this run, and its principal: ids are never rebound to
    /// another principal, even after the worker is gone (its old leases' results stay its own).
    private var boundPrincipal: [String: String] = [:]

    func worker(routing: [UInt8]) -> String? { byRouting[routing] }
    func routing(of worker: String) -> [UInt8]? { byWorker[worker]?.routingID }

    /// The worker id for a READY of `name` over `routing` by `principal`. `isLive(id)`: the
    /// scheduler still counts that worker alive.
    mutating func bind(name: String, routing: [UInt8], principal: String, session: String?, isLive: (String) -> Bool) -> String {
        if let current = byRouting[routing], boundPrincipal[current] == principal { return current }
        var id = name
        var n = 1
        while !mayTake(id, principal: principal, session: session, isLive: isLive) {
            n += 1
            id = "\(name)~\(n)"
        }
        if let old = byWorker[id]?.routingID, old != routing { byRouting[old] = nil }
        if let previous = byRouting[routing], previous != id { byWorker[previous] = nil }
        byWorker[id] = Entry(routingID: routing, principal: principal, session: session)
        byRouting[routing] = id
        boundPrincipal[id] = principal
        return id
    }

    private func mayTake(_ id: String, principal: String, session: String?, isLive: (String) -> Bool) -> Bool {
        if let bound = boundPrincipal[id], bound != principal { return false }
        guard let entry = byWorker[id], isLive(id) else { return true }
        // Live: only the same process (same session) may move it to a new connection.
        return session != nil && entry.session == session
    }

    mutating func forget(_ worker: String) {
        if let entry = byWorker.removeValue(forKey: worker) { byRouting[entry.routingID] = nil }
    }
}
