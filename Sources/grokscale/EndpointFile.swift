import Foundation
import Logging

/// `coordinator --endpoint-file`: the endpoint workers should dial, written once the socket is
/// bound (so it names the port really bound, e.g. after a fallback to another port) and removed
/// at exit. Workers started with `--connect-file` read it before every (re)connect.
struct EndpointFile: Sendable {
    let path: String?
    let advertise: String?

    func write(bound endpoint: String, logger: Logger) {
        guard let path else { return }
        // "tcp://0.0.0.0:20345" → "tcp://<advertise>:20345"; ipc:// endpoints are written as bound.
        var text = endpoint
        if endpoint.hasPrefix("tcp://"), let colon = endpoint.lastIndex(of: ":") {
            let host = advertise ?? ProcessInfo.processInfo.hostName
            text = "tcp://\(host)\(endpoint[colon...])"
        }
        do {
            let url = URL(fileURLWithPath: path)
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
            try Data((text + "\n").utf8).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw CLIError(String(cString: strerror(errno))) }
            logger.info("wrote the endpoint \(text) to \(path)")
        } catch {
            logger.error("cannot write the endpoint file \(path): \(error); workers given --connect-file will not find this coordinator")
        }
    }

    func remove() {
        guard let path else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
