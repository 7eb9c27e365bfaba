import Foundation
import Testing
import ZeroMQ

@Suite("ZMQError: errors name the call and the errno")
struct ZMQErrorTests {
    @Test("a malformed endpoint throws EINVAL naming zmq_connect and the endpoint")
    func badEndpoint() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        let error = zmqError { try socket.connect("not-an-endpoint") }
        #expect(error?.code == EINVAL)
        #expect(error?.description == "zmq_connect(not-an-endpoint): Invalid argument (EINVAL)")
    }

    @Test("an unknown transport throws EPROTONOSUPPORT")
    func unknownTransport() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .router)
        let error = zmqError { try socket.bind("bogus://x") }
        #expect(error?.code == EPROTONOSUPPORT)
        #expect(error?.description.hasSuffix("(EPROTONOSUPPORT)") == true)
    }

    @Test("binding a port in use throws EADDRINUSE naming zmq_bind and the endpoint")
    func bindConflict() throws {
        let context = try ZMQContext()
        let first = try ZMQSocket(context: context, type: .router)
        try first.bind("tcp://127.0.0.1:*")
        let endpoint = try first.lastEndpoint
        let second = try ZMQSocket(context: context, type: .router)
        let error = zmqError { try second.bind(endpoint) }
        #expect(error?.code == EADDRINUSE)
        #expect(error?.description == "zmq_bind(\(endpoint)): Address already in use (EADDRINUSE)")
    }

    @Test("a CURVE key that is not 40 Z85 characters is refused with EINVAL naming its role")
    func badCurveKey() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        let error = zmqError { try socket.set(.curveServerKey("too-short")) }
        #expect(error?.code == EINVAL)
        #expect(error?.description.contains("server key") == true)
    }

    @Test("an invalid option value is refused with the option's name")
    func badOptionValue() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .dealer)
        let error = zmqError { try socket.set(.routingID([])) }
        #expect(error?.code == EINVAL)
        #expect(error?.operation == "zmq_setsockopt(routingID)")
    }
}
