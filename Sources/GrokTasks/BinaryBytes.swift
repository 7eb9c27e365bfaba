/// Little-endian byte writing and bounds-checked reading for the binary result record
/// (``TaskResult/binaryRecord(_:)``). Written by hand rather than taken from a library: the
/// format is a few dozen lines, and the reader must refuse every malformed input with a
/// sentence (never trap, never allocate more than the input can hold), which generic
/// serialisation libraries do not promise.

/// Why bytes could not be read as a binary record: the reason names the field and offset.
public struct BinaryDecodingError: Error, CustomStringConvertible, Equatable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Appends values. Integers are zigzag LEB128 varints (small values take one byte, each value
/// has exactly one encoding); doubles are their IEEE 754 bits, 8 bytes little-endian.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    public mutating func unsigned(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    public mutating func int(_ value: Int) {
        let v = Int64(value)
        unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }

    public mutating func count(_ n: Int) { unsigned(UInt64(n)) }

    public mutating func double(_ x: Double) {
        let bits = x.bitPattern
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }

    public mutating func doubles(_ xs: [Double]) {
        count(xs.count)
        for x in xs { double(x) }
    }

    public mutating func string(_ s: String) {
        let utf8 = s.utf8
        count(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    public mutating func flag(_ b: Bool) { bytes.append(b ? 1 : 0) }
}

/// Reads values written by ``BinaryWriter`` from a buffer, checking every length against the
/// bytes that remain before anything is allocated.
public struct BinaryReader: ~Copyable {
    private let base: UnsafeRawBufferPointer
    public private(set) var offset: Int

    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
        base = buffer
        self.offset = offset
    }

    /// `body` over the bytes of `array`, keeping the typed error (withUnsafeBytes only rethrows).
    public static func reading<T>(
        _ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(BinaryDecodingError) -> T
    ) throws(BinaryDecodingError) -> T {
        let outcome: Result<T, BinaryDecodingError> = array.withUnsafeBytes { b in
            do throws(BinaryDecodingError) { return .success(try body(b)) } catch { return .failure(error) }
        }
        return try outcome.get()
    }

    public var remaining: Int { base.count - offset }
    public var isAtEnd: Bool { offset == base.count }

    private func fail(_ what: String, _ why: String) -> BinaryDecodingError {
        BinaryDecodingError("\(what) at byte \(offset): \(why)")
    }

    public mutating func byte(_ what: String) throws(BinaryDecodingError) -> UInt8 {
        guard offset < base.count else { throw fail(what, "the body ends early") }
        let b = base[offset]
        offset += 1
        return b
    }

    public mutating func expect(_ magic: [UInt8], _ what: String) throws(BinaryDecodingError) {
        guard remaining >= magic.count else { throw fail(what, "the body ends early") }
        for (i, m) in magic.enumerated() where base[offset + i] != m {
            throw fail(what, "expected the bytes \(magic.map { String($0, radix: 16) }.joined(separator: " "))")
        }
        offset += magic.count
    }

    /// An unsigned varint of at most 10 bytes, in its one shortest form.
    public mutating func unsigned(_ what: String) throws(BinaryDecodingError) -> UInt64 {
        // Most numbers of a result (cascade sizes, epochs, counts) take one byte.
        if offset < base.count, base[offset] < 0x80 {
            offset += 1
            return UInt64(base[offset - 1])
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let start = offset
        while true {
            guard offset < base.count else { throw fail(what, "the body ends inside a number") }
            let b = base[offset]
            offset += 1
            if shift == 63 && b > 1 { throw BinaryDecodingError("\(what) at byte \(start): the number does not fit in 64 bits") }
            value |= UInt64(b & 0x7F) << shift
            if b < 0x80 {
                if b == 0 && offset - start > 1 { throw BinaryDecodingError("\(what) at byte \(start): a number not in its shortest form") }
                return value
            }
            shift += 7
        }
    }

    public mutating func int(_ what: String) throws(BinaryDecodingError) -> Int {
        let z = try unsigned(what)
        return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    /// A count of elements of at least `minBytes` bytes each: larger than the rest of the body
    /// could hold is refused before any allocation.
    public mutating func count(_ what: String, minBytes: Int) throws(BinaryDecodingError) -> Int {
        let start = offset
        let n = try unsigned(what)
        guard n <= UInt64(remaining / max(1, minBytes)) else {
            throw BinaryDecodingError("\(what) at byte \(start): a count of \(n) does not fit in the \(remaining) bytes that remain")
        }
        return Int(n)
    }

    public mutating func double(_ what: String) throws(BinaryDecodingError) -> Double {
        guard remaining >= 8 else { throw fail(what, "the body ends inside a number") }
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(base[offset + i]) << UInt64(8 * i) }
        offset += 8
        return Double(bitPattern: bits)
    }

    public mutating func doubles(_ what: String) throws(BinaryDecodingError) -> [Double] {
        let n = try count(what, minBytes: 8)
        var xs = [Double](repeating: 0, count: n)
        xs.withUnsafeMutableBytes { out in
            out.copyMemory(from: UnsafeRawBufferPointer(rebasing: base[offset..<(offset + 8 * n)]))
        }
        #if _endian(big)
            for i in 0..<n { xs[i] = Double(bitPattern: UInt64(littleEndian: xs[i].bitPattern)) }
        #endif
        offset += 8 * n
        return xs
    }

    public mutating func string(_ what: String) throws(BinaryDecodingError) -> String {
        let n = try count(what, minBytes: 1)
        let slice = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)])
        guard let s = String(validating: slice, as: UTF8.self) else { throw fail(what, "the text is not valid UTF-8") }
        offset += n
        return s
    }

    public mutating func flag(_ what: String) throws(BinaryDecodingError) -> Bool {
        switch try byte(what) {
        case 0: return false
        case 1: return true
        case let b: throw BinaryDecodingError("\(what) at byte \(offset - 1): a flag must be 0 or 1, found \(b)")
        }
    }
}
