import ArgumentParser
import Foundation
import GrokCoordinator

/// Decides whether a coordinator may bind an endpoint without CURVE.
enum BindSecurity {
    /// True when only this host can reach `endpoint`: tcp on a loopback address, ipc (file
    /// permissions guard it) or inproc. Wildcards, interface names and other addresses are not.
    static func isLocalOnly(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        var host = String(endpoint.dropFirst("tcp://".count))
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        // "tcp://eth0;192.168.1.1:5555" style source specs: the bound side is after the ';'.
        if let semicolon = host.lastIndex(of: ";") { host = String(host[host.index(after: semicolon)...]) }
        host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The CURVE settings for the coordinator, or nil when it may run without them; throws
    /// when the bind needs CURVE or --insecure.
    static func coordinatorCurve(
        bind: String, secretKeyFile: String?, authorizedKeysFolder: String?, insecure: Bool
    ) throws -> CoordinatorOptions.CurveServer? {
        switch (secretKeyFile, authorizedKeysFolder) {
        case let (secretPath?, folder?):
            let secret = try CurveKeyFile.read(secretPath, role: "coordinator secret key", secret: true)
            let authorized = try CurveKeyFile.readAuthorized(folder: folder)
            return .init(secretKey: secret, authorizedKeys: authorized)
        case (nil, nil):
            if isLocalOnly(bind) { return nil }
            guard insecure else {
                throw ValidationError(
                    """
                    binding \(bind) without CURVE lets any peer that reaches the port feed results into the report. \
                    Pass --curve-secret-key coordinator.key --authorized-keys DIR (make keys with `grokscale keygen`; \
                    see cluster/README.md), bind tcp://127.0.0.1:PORT, or pass --insecure on a network you trust.
                    """)
            }
            Console.info("WARNING: \(bind) is open to any peer without authentication or encryption (--insecure)")
            return nil
        default:
            throw ValidationError("CURVE needs both --curve-secret-key FILE and --authorized-keys DIR")
        }
    }
}
