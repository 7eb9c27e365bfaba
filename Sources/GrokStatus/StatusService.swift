import Foundation
import GrokConfig

/// The live status page of one coordinator, wired: the board it publishes into, the journal
/// refresher and the HTTP server. Start it before the coordinator runs; stop it after.
public final class StatusService: Sendable {
    public let board: StatusBoard
    private let refresher: JournalRefresher
    private let server: StatusServer

    public init(
        address: String, open: Bool, config: SweepConfig, journalFolder: URL,
        timing: JournalRefresher.Timing = JournalRefresher.Timing(), refreshSeconds: Int = 5
    ) throws {
        board = StatusBoard(configurationHash: config.configurationHash, tasksTotal: config.tasks.count)
        refresher = JournalRefresher(board: board, journalFolder: journalFolder, config: config, timing: timing)
        server = try StatusServer(
            address: address, allowNonLoopback: open,
            handler: StatusRoutes.handler(board: board, metrics: StatusMetrics(), refreshSeconds: refreshSeconds))
        refresher.start()
        server.start()
    }

    public var url: String { server.url }

    public func stop() {
        refresher.stop()
        server.stop()
    }
}
