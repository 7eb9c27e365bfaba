import Foundation
import Synchronization

/// SIGINT and SIGTERM set a flag that long-running loops poll; nothing else happens in the handler.
let stopSignalReceived = Atomic<Bool>(false)

enum Signals {
    static func installStopHandlers() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { _ in stopSignalReceived.store(true, ordering: .sequentiallyConsistent) }
        }
    }
}
