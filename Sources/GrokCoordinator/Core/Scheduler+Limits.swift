extension Scheduler {
    /// The sweep's liveness, attempt and lease settings (network.* keys), as the scheduler uses them.
    public struct Limits: Sendable, Equatable {
        public var heartbeatInterval: Double
        public var liveness: Int
        public var leaseTimeout: Double
        public var maxAttempts: Int
        public var maxLosses: Int
        public var maxLeasesPerWorker: Int
        public var leaseFloor: Double
        public var quarantineAfter: Int

        public init(
            heartbeatInterval: Double, liveness: Int, leaseTimeout: Double, maxAttempts: Int,
            maxLosses: Int = 10, maxLeasesPerWorker: Int = 256, leaseFloor: Double = 60, quarantineAfter: Int = 5
        ) {
            self.heartbeatInterval = heartbeatInterval
            self.liveness = liveness
            self.leaseTimeout = leaseTimeout
            self.maxAttempts = maxAttempts
            self.maxLosses = maxLosses
            self.maxLeasesPerWorker = maxLeasesPerWorker
            self.leaseFloor = leaseFloor
            self.quarantineAfter = quarantineAfter
        }

        /// How long a silent worker is still presumed alive.
        public var silenceAllowed: Double { heartbeatInterval * Double(liveness) }

        /// How long a worker waits before it retries a task it failed: two liveness periods,
        /// time enough for a worker on another host to announce itself and take the task.
        public var retryDelay: Double { 2 * silenceAllowed }
    }
}
