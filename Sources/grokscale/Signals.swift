import Foundation
import Synchronization

/// SIGINT and SIGTERM set a flag that long-running loops poll; nothing else happens in the handler.
let stopSignalReceived = Atomic<Bool>(false)

enum Signals {
    static func installStopHandlers() {
        var mask = sigset_t()
        sigemptyset(&mask)
        for sig in [SIGINT, SIGTERM] {
            signal(sig) { _ in stopSignalReceived.store(true, ordering: .sequentiallyConsistent) }
            sigaddset(&mask, sig)
        }
        // A parent (a test runner, a batch system) may have started us with them blocked.
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    }
}
