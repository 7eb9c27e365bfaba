import Foundation
import ZeroMQ

/// Why a journal cannot be used, in words that say what to do; `kind` picks the exit status.
public struct JournalError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The folder belongs to another configuration, or the stored one does not read back.
        case otherConfiguration
        /// Committed rows fail their checksum or validation (`grokscale repair` quarantines them).
        case damaged
        /// Another coordinator holds the folder.
        case locked
        /// The journal cannot be written (disk full, permissions).
        case cannotWrite
        /// The folder or its journal is missing or unreadable.
        case noInput
        case other
    }

    public var kind: Kind
    public var description: String

    public init(_ kind: Kind = .other, description: String) {
        self.kind = kind
        self.description = description
    }

    public init(description: String) { self.init(.other, description: description) }
}

/// The coordinator could not bind its endpoint (a port in use, an address not on this host).
public struct CoordinatorStartError: Error, CustomStringConvertible {
    public var endpoint: String
    public var error: ZMQError
    public var addressInUse: Bool { error.code == EADDRINUSE }
    public var description: String {
        addressInUse
            ? "cannot bind \(endpoint): the port is in use (another coordinator?). Choose another --bind port; nothing was recorded."
            : "cannot bind \(endpoint): \(error). Nothing was recorded."
    }
}
