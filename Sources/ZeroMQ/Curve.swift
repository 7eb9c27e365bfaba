import CZeroMQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CURVE keys and the Z85 text encoding libzmq uses for them.
///
/// A CURVE key is 32 bytes; its Z85 form is 40 printable characters, safe in JSON, TOML and shells.
public enum Curve {
    /// A fresh long-term key pair, both halves in Z85 (40 characters each). Throws `ENOTSUP` when
    /// libzmq was built without libsodium.
    public static func generateKeyPair() throws -> (publicKey: String, secretKey: String) {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else {
            throw ZMQError.last("zmq_curve_keypair")
        }
        return (string(publicKey), string(secretKey))
    }

    /// The public key belonging to a Z85 secret key (`zmq_curve_public`).
    public static func publicKey(fromSecret secretKey: String) throws -> String {
        _ = try keyBytes(secretKey, role: "secret key")  // rejects malformed input with a clear error
        var publicKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicKey, secretKey) == 0 else {
            throw ZMQError.last("zmq_curve_public")
        }
        return string(publicKey)
    }

    /// Z85-encodes bytes; the count must be a multiple of 4 (else `EINVAL`).
    public static func z85Encode(_ bytes: [UInt8]) throws -> String {
        guard bytes.count % 4 == 0 else {
            throw ZMQError(code: EINVAL, operation: "zmq_z85_encode(\(bytes.count) bytes; need a multiple of 4)")
        }
        var out = [CChar](repeating: 0, count: bytes.count / 4 * 5 + 1)
        let ok = bytes.withUnsafeBufferPointer { src in
            zmq_z85_encode(&out, src.baseAddress, src.count) != nil
        }
        guard ok else { throw ZMQError.last("zmq_z85_encode(\(bytes.count) bytes)") }
        return string(out)
    }

    /// Decodes Z85 text; the length must be a multiple of 5 and every character in the Z85 alphabet.
    public static func z85Decode(_ text: String) throws -> [UInt8] {
        let utf8 = Array(text.utf8)
        let z85Alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#".utf8)
        guard utf8.count % 5 == 0, utf8.allSatisfy({ z85Alphabet.contains($0) }) else {
            throw ZMQError(code: EINVAL, operation: "zmq_z85_decode(\(utf8.count) characters; need a multiple of 5 from the Z85 alphabet)")
        }
        var out = [UInt8](repeating: 0, count: utf8.count / 5 * 4)
        guard zmq_z85_decode(&out, text) != nil else {
            throw ZMQError.last("zmq_z85_decode(\(utf8.count) characters)")
        }
        return out
    }

    /// The 32 bytes of a Z85 key, or an `EINVAL` error naming the role ("server key", …).
    static func keyBytes(_ z85: String, role: String) throws -> [UInt8] {
        guard z85.utf8.count == 40, let bytes = try? z85Decode(z85) else {
            throw ZMQError(code: EINVAL, operation: "CURVE \(role) must be 40 Z85 characters (got \(z85.utf8.count))")
        }
        return bytes
    }

    private static func string(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
