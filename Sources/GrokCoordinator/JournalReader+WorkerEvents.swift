import Foundation
import GRDB

extension JournalReader {
    /// One journal event about a worker (lost, quarantined, …), oldest first.
    public struct WorkerEvent: Sendable, Equatable {
        public var kind: String
        public var worker: String
        public var at: String
        public var detail: String?
    }

    /// The latest `limit` worker events whose kind contains `fragment` (e.g. "lost", "quarantin").
    public func workerEvents(kindContaining fragment: String, limit: Int = 50) throws -> [WorkerEvent] {
        try database.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, worker, at, detail FROM events WHERE worker IS NOT NULL AND instr(kind, ?) > 0
                    ORDER BY id DESC LIMIT ?
                    """, arguments: [fragment, limit]
            )
            .map { WorkerEvent(kind: $0["kind"], worker: $0["worker"], at: $0["at"], detail: $0["detail"]) }
            .reversed()
        }
    }
}
