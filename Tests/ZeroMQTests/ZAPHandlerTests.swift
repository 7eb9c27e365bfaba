import Foundation
import Testing
import ZeroMQ

@Suite("ZAPHandler: authenticating CURVE clients")
struct ZAPHandlerTests {
    @Test("only the admitted client key gets through; the handler sees both keys")
    func admitsOnlyKnownKey() throws {
        let context = try ZMQContext()
        let server = try Curve.generateKeyPair()
        let known = try Curve.generateKeyPair(), unknown = try Curve.generateKeyPair()
        let seen = Locked<[String]>([])
        let handler = try ZAPHandler(context: context) { request in
            let key = request.curvePublicKey ?? "?"
            seen.withValue { $0.append(key) }
            return key == known.publicKey ? .allow(userID: "worker") : .deny(reason: "unknown key")
        }
        defer { handler.stop() }
        let router = try ZMQSocket(context: context, type: .router)
        try router.set([.curveServer(true), .curveSecretKey(server.secretKey), .zapDomain("grokscale")])
        try router.bind("tcp://127.0.0.1:*")
        let endpoint = try router.lastEndpoint
        func client(_ keys: (publicKey: String, secretKey: String)) throws -> ZMQSocket {
            let dealer = try ZMQSocket(context: context, type: .dealer)
            try dealer.set([
                .curveServerKey(server.publicKey), .curvePublicKey(keys.publicKey),
                .curveSecretKey(keys.secretKey), .receiveTimeout(milliseconds: arriveMs),
            ])
            try dealer.connect(endpoint)
            return dealer
        }
        let stranger = try client(unknown)
        try stranger.send([Array("from stranger".utf8)])
        let member = try client(known)
        try member.send([Array("from member".utf8)])

        try router.set(.receiveTimeout(milliseconds: arriveMs))
        let request = try #require(try router.receive())
        #expect(request.last == Array("from member".utf8))
        try router.send([request[0], Array("welcome".utf8)])
        #expect(try member.receive() == [Array("welcome".utf8)])

        try router.set(.receiveTimeout(milliseconds: absentMs))
        #expect(try router.receive() == nil)  // the stranger's message never arrives
        #expect(seen.current.contains(known.publicKey))
        #expect(seen.current.contains(unknown.publicKey))
    }

    /// A REQ socket speaking ZAP directly to the handler, as libzmq would.
    static func zapClient(_ context: ZMQContext) throws -> ZMQSocket {
        let req = try ZMQSocket(context: context, type: .req)
        try req.set(.receiveTimeout(milliseconds: arriveMs))
        try req.connect(ZAPHandler.endpoint)
        return req
    }

    static func curveRequest(id: String, key: [UInt8]) -> [[UInt8]] {
        ["1.0", id, "dom", "127.0.0.1", "", "CURVE"].map { Array($0.utf8) } + [key]
    }

    @Test("replies follow RFC 27: 200 with user id, 400 with reason, request id echoed")
    func replyLayout() throws {
        let context = try ZMQContext()
        let allowed = Array(repeating: UInt8(7), count: 32)
        let handler = try ZAPHandler(context: context) { request in
            request.credentials == [allowed] && request.domain == "dom" && request.address == "127.0.0.1"
                ? .allow(userID: "alice") : .deny(reason: "no")
        }
        defer { handler.stop() }
        let req = try Self.zapClient(context)
        try req.send(Self.curveRequest(id: "17", key: allowed))
        #expect(try req.receive() == ["1.0", "17", "200", "OK", "alice", ""].map { Array($0.utf8) })
        try req.send(Self.curveRequest(id: "18", key: Array(repeating: 1, count: 32)))
        #expect(try req.receive() == ["1.0", "18", "400", "no", "", ""].map { Array($0.utf8) })
    }

    @Test("a malformed request gets status 500 and a log line, and the handler keeps serving")
    func malformedRequestSurvives() throws {
        let context = try ZMQContext()
        let logged = Locked<[String]>([])
        let handler = try ZAPHandler(context: context, log: { line in logged.withValue { $0.append(line) } }) { _ in
            .allow(userID: "")
        }
        defer { handler.stop() }
        let req = try Self.zapClient(context)
        for bad in [
            [Array("1.0".utf8)], ["2.0", "1", "", "", "", "NULL"].map { Array($0.utf8) },
            Self.curveRequest(id: "5", key: [1, 2, 3]),
        ] {
            try req.send(bad)
            let reply = try #require(try req.receive())
            #expect(reply.count == 6 && reply[2] == Array("500".utf8))
        }
        #expect(logged.current.count == 3)
        try req.send(Self.curveRequest(id: "6", key: Array(repeating: 0, count: 32)))
        #expect(try req.receive()?[2] == Array("200".utf8))
        #expect(handler.isRunning)
    }

    @Test("stop from another thread ends the handler promptly, is idempotent, and frees the endpoint")
    func stopFromAnotherThread() throws {
        let context = try ZMQContext()
        let handler = try ZAPHandler(context: context) { _ in .deny(reason: "") }
        #expect(zmqError { _ = try ZAPHandler(context: context) { _ in .deny(reason: "") } }?.code == EADDRINUSE)
        let stopped = Locked(false)
        #expect(finishesOnThread(within: 2) { stopped.withValue { $0 = handler.stop() } })
        #expect(stopped.current)
        #expect(!handler.isRunning)
        #expect(handler.stop())
        let again = try ZAPHandler(context: context) { _ in .deny(reason: "") }
        #expect(again.isRunning)
        again.stop()
    }

    @Test("terminating the context ends the handler thread without stop")
    func contextTerminationEndsHandler() throws {
        let context = try ZMQContext()
        let handler = try ZAPHandler(context: context) { _ in .deny(reason: "") }
        context.terminate()
        let deadline = Date(timeIntervalSinceNow: 2)
        while handler.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(!handler.isRunning)
    }
}
