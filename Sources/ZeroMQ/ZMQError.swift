import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed libzmq call: the errno it left and the operation that failed.
///
/// `description` reads like `zmq_bind(tcp://127.0.0.1:5555): Address already in use (EADDRINUSE)`,
/// so a log line names the call, its argument, libzmq's message and the symbolic errno.
public struct ZMQError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The errno value (libzmq-specific ones such as `ETERM` included).
    public let code: Int32
    /// The call and its argument, e.g. `zmq_connect(tcp://x)`.
    public let operation: String

    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// Captures `zmq_errno()` right after a failed call.
    static func last(_ operation: @autoclosure () -> String) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation())
    }

    /// `EINTR`: a signal interrupted a blocking call; usually retry.
    public var isInterrupted: Bool { code == EINTR }
    /// `EAGAIN`: non-blocking call would block, or a send timed out.
    public var isAgain: Bool { code == EAGAIN }
    /// `EHOSTUNREACH`: a ROUTER with `routerMandatory` was asked to send to an unknown routing id.
    public var isHostUnreachable: Bool { code == EHOSTUNREACH }
    /// `ETERM`: the context was terminated; close the socket and let the thread end.
    public var isTerminated: Bool { code == ZMQError.eterm }

    static let eterm: Int32 = ZMQ_HAUSNUMERO + 53

    public var description: String {
        let message = String(cString: zmq_strerror(code))
        return "\(operation): \(message) (\(ZMQError.symbolicName(code)))"
    }

    /// The errno macro name for the codes libzmq reports, else `errno N`.
    public static func symbolicName(_ code: Int32) -> String {
        switch code {
        case EAGAIN: return "EAGAIN"
        case EINTR: return "EINTR"
        case EINVAL: return "EINVAL"
        case EFAULT: return "EFAULT"
        case ENOMEM: return "ENOMEM"
        case EMFILE: return "EMFILE"
        case ENOENT: return "ENOENT"
        case EACCES: return "EACCES"
        case ENAMETOOLONG: return "ENAMETOOLONG"
        case ENODEV: return "ENODEV"
        case ENOTSUP: return "ENOTSUP"
        case EPROTONOSUPPORT: return "EPROTONOSUPPORT"
        case ENOBUFS: return "ENOBUFS"
        case ENETDOWN: return "ENETDOWN"
        case EADDRINUSE: return "EADDRINUSE"
        case EADDRNOTAVAIL: return "EADDRNOTAVAIL"
        case ECONNREFUSED: return "ECONNREFUSED"
        case EINPROGRESS: return "EINPROGRESS"
        case ENOTSOCK: return "ENOTSOCK"
        case EMSGSIZE: return "EMSGSIZE"
        case EAFNOSUPPORT: return "EAFNOSUPPORT"
        case ENETUNREACH: return "ENETUNREACH"
        case ECONNABORTED: return "ECONNABORTED"
        case ECONNRESET: return "ECONNRESET"
        case ENOTCONN: return "ENOTCONN"
        case ETIMEDOUT: return "ETIMEDOUT"
        case EHOSTUNREACH: return "EHOSTUNREACH"
        case ENETRESET: return "ENETRESET"
        case ZMQ_HAUSNUMERO + 51: return "EFSM"
        case ZMQ_HAUSNUMERO + 52: return "ENOCOMPATPROTO"
        case ZMQ_HAUSNUMERO + 53: return "ETERM"
        case ZMQ_HAUSNUMERO + 54: return "EMTHREAD"
        default: return "errno \(code)"
        }
    }
}
