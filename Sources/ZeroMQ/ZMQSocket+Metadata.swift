import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ZMQSocket {
    /// Like ``receive(dontWait:)``, and also returns a metadata property of the connection the
    /// message came over (`zmq_msg_gets`), e.g. "User-Id": the id a ZAP handler gave the peer
    /// (its CURVE public key in grokscale). nil when the connection has no such property.
    public func receive(dontWait: Bool = false, property: String) throws -> (frames: [[UInt8]], property: String?)? {
        let h = try open("zmq_msg_recv")
        // The property's C string once per call, not once per frame.
        return try property.withCString { name in try receive(h, dontWait: dontWait, property: name) }
    }

    private func receive(
        _ h: UnsafeMutableRawPointer, dontWait: Bool, property: UnsafePointer<CChar>
    ) throws -> (frames: [[UInt8]], property: String?)? {
        var frames: [[UInt8]] = []
        frames.reserveCapacity(4)  // routing id, protocol, kind, body
        var value: String? = nil
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let flags: Int32 = frames.isEmpty && dontWait ? ZMQ_DONTWAIT : 0
            if zmq_msg_recv(&message, h, flags) < 0 {
                let code = zmq_errno()
                if frames.isEmpty && code == EAGAIN { return nil }
                if !frames.isEmpty && code == EINTR { continue }
                throw ZMQError(code: code, operation: "zmq_msg_recv(frame \(frames.count + 1))")
            }
            // Every payload frame carries the connection's metadata; the ROUTER's routing-id
            // frame may not, so the last frame that has it wins.
            if let p = zmq_msg_gets(&message, property) { value = String(cString: p) }
            let size = zmq_msg_size(&message)
            frames.append(size == 0 ? [] : Array(UnsafeRawBufferPointer(start: zmq_msg_data(&message), count: size)))
            if zmq_msg_more(&message) == 0 { return (frames, value) }
        }
    }
}
