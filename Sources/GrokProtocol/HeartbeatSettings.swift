import Foundation

/// The coordinator's liveness settings, carried in the body of its HEARTBEAT messages
/// (`{"interval_ms": 1000, "liveness": 3}`), so that workers follow the sweep's
/// `network.heartbeat_interval_ms` and `network.heartbeat_liveness` without being told by hand.
///
/// Backward compatible: a worker that ignores HEARTBEAT bodies (protocol 1 as first written)
/// still reads `{}`-or-more as a heartbeat, and a coordinator that sends `{}` leaves workers on
/// their own settings. Only the coordinator sends it; a worker's heartbeats stay `{}`.
public struct HeartbeatSettings: Codable, Sendable, Equatable {
    public var intervalMs: Int
    public var liveness: Int
    enum CodingKeys: String, CodingKey { case intervalMs = "interval_ms", liveness }

    public init(intervalMs: Int, liveness: Int) {
        self.intervalMs = intervalMs
        self.liveness = liveness
    }

    /// A HEARTBEAT carrying these settings.
    public var frames: [[UInt8]] {
        [Array(WireProtocol.identifier.utf8), Array(MessageKind.heartbeat.rawValue.utf8), Array(WireCodec.json(self))]
    }

    /// The settings in a decoded HEARTBEAT's frames, if it carries sensible ones (10 ms … 1 h,
    /// liveness 1 … 1000); nil for `{}`, another kind, or values out of range.
    public init?(heartbeatFrames frames: [[UInt8]]) {
        guard frames.count == 3, String(decoding: frames[1], as: UTF8.self) == MessageKind.heartbeat.rawValue,
            let settings = try? JSONDecoder().decode(HeartbeatSettings.self, from: Data(frames[2])),
            (10...3_600_000).contains(settings.intervalMs), (1...1000).contains(settings.liveness)
        else { return nil }
        self = settings
    }
}

/// The workers' reconnect back-off (Paranoid Pirate), shared by the worker and the coordinator,
/// which stays up after a restarted sweep's end long enough for a worker in back-off to return.
public enum WorkerReconnect {
    /// First wait after the coordinator fell silent, seconds; doubled on each attempt.
    public static let initialBackoff = 1.0
    /// The longest wait between reconnect attempts, seconds.
    public static let maxBackoff = 8.0
    /// A worker that reaches no coordinator for this long gives up (exit status 4), unless
    /// `--give-up-after` says otherwise: ten minutes covers a scheduler requeueing the
    /// coordinator; longer, the allocation would burn for nothing.
    public static let defaultGiveUpAfter = 600.0
}
