import Foundation
import ZeroMQ

/// Generous wait for something that should arrive (returns as soon as it does).
let arriveMs = 2000
/// How long to wait before concluding that something will not arrive.
let absentMs = 300

/// A ROUTER bound on an ephemeral loopback port and a DEALER connected to it.
func routerDealer(
    _ context: ZMQContext,
    router routerOptions: [SocketOption] = [],
    dealer dealerOptions: [SocketOption] = [],
    transport: String = "tcp"
) throws -> (router: ZMQSocket, dealer: ZMQSocket, endpoint: String) {
    let router = try ZMQSocket(context: context, type: .router)
    try router.set([.receiveTimeout(milliseconds: arriveMs)] + routerOptions)
    switch transport {
    case "ipc":
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zq-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try router.bind("ipc://\(dir.path)/r.sock")
    case "inproc":
        try router.bind("inproc://router-\(UUID().uuidString)")
    default:
        try router.bind("tcp://127.0.0.1:*")
    }
    let endpoint = try router.lastEndpoint
    let dealer = try ZMQSocket(context: context, type: .dealer)
    try dealer.set([.receiveTimeout(milliseconds: arriveMs)] + dealerOptions)
    try dealer.connect(endpoint)
    return (router, dealer, endpoint)
}

/// Removes the folder of an ipc endpoint made by `routerDealer`.
func removeIPCFolder(_ endpoint: String) {
    guard endpoint.hasPrefix("ipc://") else { return }
    let path = String(endpoint.dropFirst("ipc://".count))
    try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent)
}

/// Runs `body` on a fresh Foundation thread; true if it finished within `timeout` seconds
/// (a hung body leaks its thread but fails the test instead of hanging the suite).
func finishesOnThread(within timeout: Double, _ body: @escaping @Sendable () -> Void) -> Bool {
    let done = DispatchSemaphore(value: 0)
    Thread {
        body()
        done.signal()
    }.start()
    return done.wait(timeout: .now() + timeout) == .success
}

/// A value shared between a test and a handler thread.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withValue<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
    var current: Value { withValue { $0 } }
}

/// The error a throwing expression raised, as a ZMQError (nil if none or another type).
func zmqError(_ body: () throws -> Void) -> ZMQError? {
    do {
        try body()
        return nil
    } catch {
        return error as? ZMQError
    }
}
