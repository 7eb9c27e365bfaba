import Foundation
import Testing
import ZeroMQ

@Suite("ZMQSocket: moving multipart messages")
struct ZMQSocketTests {
    static let payload: [[UInt8]] = [[], [0x00, 0xFF, 0x00], [], Array(0...255), [0xFF], Array(repeating: 0, count: 100)]

    @Test(
        "ROUTER/DEALER round trip preserves frame boundaries, empty frames and 0x00/0xFF bytes",
        arguments: ["tcp", "ipc", "inproc"])
    func roundTripPreservesFrames(transport: String) throws {
        let context = try ZMQContext()
        let (router, dealer, endpoint) = try routerDealer(context, dealer: [.routingID(Array("worker-1".utf8))], transport: transport)
        defer { removeIPCFolder(endpoint) }
        try dealer.send(Self.payload)
        let request = try #require(try router.receive())
        #expect(request.first == Array("worker-1".utf8))
        #expect(Array(request.dropFirst()) == Self.payload)
        try router.send([request[0]] + Self.payload.reversed())
        #expect(try dealer.receive() == Self.payload.reversed())
    }

    @Test("binding tcp://127.0.0.1:* yields a concrete ephemeral endpoint that peers can reach")
    func ephemeralEndpoint() throws {
        let context = try ZMQContext()
        let (router, dealer, endpoint) = try routerDealer(context)
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let port = Int(endpoint.split(separator: ":").last ?? "")
        #expect(port.map { (1...65535).contains($0) } == true)
        try dealer.send([[1]])
        #expect(try router.receive()?.last == [1])
    }

    @Test("a receive timeout returns nil instead of blocking")
    func receiveTimeoutReturnsNil() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        try socket.set(.receiveTimeout(milliseconds: 30))
        try socket.connect("tcp://127.0.0.1:1")
        #expect(try socket.receive() == nil)
    }

    @Test("dontWait on an empty socket returns nil at once")
    func dontWaitReturnsNil() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        try socket.bind("inproc://empty")
        #expect(try socket.receive(dontWait: true) == nil)
    }

    @Test("a mandatory ROUTER throws EHOSTUNREACH for an unknown routing id")
    func mandatoryRouterRefusesUnknownPeer() throws {
        let context = try ZMQContext()
        let (router, _, _) = try routerDealer(context, router: [.routerMandatory(true)])
        let error = zmqError { try router.send([Array("ghost".utf8), [1]]) }
        #expect(error?.isHostUnreachable == true)
        #expect(error?.description.contains("EHOSTUNREACH") == true)
    }

    @Test("a default ROUTER silently drops a message to an unknown routing id and delivers the next")
    func defaultRouterDropsUnknownPeer() throws {
        let context = try ZMQContext()
        let (router, dealer, _) = try routerDealer(context)
        try dealer.send([Array("hello".utf8)])
        let id = try #require(try router.receive())[0]
        try router.send([Array("ghost".utf8), Array("lost".utf8)])
        try router.send([id, Array("kept".utf8)])
        #expect(try dealer.receive() == [Array("kept".utf8)])
        #expect(try dealer.receive(dontWait: true) == nil)
    }

    @Test("options read back as set; sockets start with linger 0")
    func optionsReadBack() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        #expect(try socket.linger == 0)
        try socket.set([
            .receiveTimeout(milliseconds: 123), .sendTimeout(milliseconds: 45),
            .sendHighWaterMark(7), .receiveHighWaterMark(9), .routingID([1, 2, 3]),
            .heartbeatInterval(milliseconds: 1000), .heartbeatTimeout(milliseconds: 3000),
            .heartbeatTTL(milliseconds: 3000), .reconnectInterval(milliseconds: 50),
            .reconnectIntervalMax(milliseconds: 1000), .immediate(true), .tcpKeepalive(true),
            .ipv6(false), .maxMessageSize(1 << 20), .handshakeInterval(milliseconds: 2000),
        ])
        #expect(try socket.receiveTimeout == 123)
        #expect(try socket.sendTimeout == 45)
        #expect(try socket.sendHighWaterMark == 7)
        #expect(try socket.receiveHighWaterMark == 9)
        #expect(try socket.routingID == [1, 2, 3])
    }

    @Test("close is idempotent and later calls throw ENOTSOCK naming the call")
    func closeIsIdempotent() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        socket.close()
        socket.close()
        #expect(!socket.isOpen)
        let error = zmqError { try socket.send([[1]]) }
        #expect(error?.code == ENOTSOCK)
        #expect(error?.description.contains("closed socket") == true)
    }

    @Test("libzmq is 4.x with CURVE")
    func versionAndCapabilities() {
        #expect(zmqVersion().major == 4)
        #expect(zmqHas("curve"))
    }
}
