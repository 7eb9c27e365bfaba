import Foundation
import Testing
import ZeroMQ

@Suite("Curve: keys, Z85 and encrypted connections")
struct CurveTests {
    @Test("Z85 matches the RFC 32 test vector and round-trips any multiple of 4 bytes")
    func z85RoundTrip() throws {
        #expect(try Curve.z85Encode([0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B]) == "HelloWorld")
        #expect(try Curve.z85Decode("HelloWorld") == [0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B])
        let bytes = (0..<64).map { UInt8(($0 * 37 + 11) & 0xFF) } + [0x00, 0xFF, 0xFF, 0x00]
        #expect(try Curve.z85Decode(Curve.z85Encode(bytes)) == bytes)
        #expect(try Curve.z85Encode([]) == "")
    }

    @Test("Z85 rejects lengths that are not multiples and characters outside the alphabet")
    func z85RejectsMalformed() {
        #expect(zmqError { _ = try Curve.z85Encode([1, 2, 3]) }?.code == EINVAL)
        #expect(zmqError { _ = try Curve.z85Decode("abcd") }?.code == EINVAL)
        #expect(zmqError { _ = try Curve.z85Decode("abc\"e") }?.code == EINVAL)
    }

    @Test("a generated key pair is 2 × 40 Z85 characters and the public key derives from the secret")
    func keyPairConsistency() throws {
        let a = try Curve.generateKeyPair()
        let b = try Curve.generateKeyPair()
        #expect(a.publicKey.count == 40 && a.secretKey.count == 40)
        #expect(try Curve.z85Decode(a.publicKey).count == 32)
        #expect(try Curve.publicKey(fromSecret: a.secretKey) == a.publicKey)
        #expect(try Curve.publicKey(fromSecret: b.secretKey) == b.publicKey)
        #expect(a.publicKey != b.publicKey && a.secretKey != b.secretKey)
    }

    /// Options for a CURVE-server ROUTER and a DEALER client that trusts `serverKey`.
    static func curveOptions(
        server: (publicKey: String, secretKey: String), clientTrusts serverKey: String,
        client: (publicKey: String, secretKey: String)
    ) -> (router: [SocketOption], dealer: [SocketOption]) {
        (
            [.curveServer(true), .curveSecretKey(server.secretKey)],
            [.curveServerKey(serverKey), .curvePublicKey(client.publicKey), .curveSecretKey(client.secretKey)]
        )
    }

    @Test("a DEALER with the right server key talks to a CURVE-server ROUTER both ways")
    func rightServerKeyConnects() throws {
        let context = try ZMQContext()
        let server = try Curve.generateKeyPair(), client = try Curve.generateKeyPair()
        let options = Self.curveOptions(server: server, clientTrusts: server.publicKey, client: client)
        let (router, dealer, _) = try routerDealer(context, router: options.router, dealer: options.dealer)
        try dealer.send([[0x00, 0xFF], []])
        let request = try #require(try router.receive())
        #expect(Array(request.dropFirst()) == [[0x00, 0xFF], []])
        try router.send([request[0], [42]])
        #expect(try dealer.receive() == [[42]])
    }

    @Test("with a wrong server key nothing reaches the server and no reply arrives")
    func wrongServerKeyGetsNothing() throws {
        let context = try ZMQContext()
        let server = try Curve.generateKeyPair(), client = try Curve.generateKeyPair()
        let impostor = try Curve.generateKeyPair()
        let options = Self.curveOptions(server: server, clientTrusts: impostor.publicKey, client: client)
        let (router, dealer, _) = try routerDealer(
            context, router: options.router + [.receiveTimeout(milliseconds: absentMs)],
            dealer: options.dealer + [.receiveTimeout(milliseconds: absentMs)])
        try dealer.send([[1]])
        #expect(try router.receive() == nil)
        #expect(try dealer.receive() == nil)
    }
}
