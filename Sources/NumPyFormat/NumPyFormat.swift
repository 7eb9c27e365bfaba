/// Reading and writing NumPy's .npy format (bytes in, values out; no file access).
///
/// Layout: magic `\x93NUMPY`, major and minor version bytes, header length (2 bytes little
/// endian in v1.0, 4 in v2.0/v3.0), the header (a Python dict literal with 'descr',
/// 'fortran_order', 'shape', padded with spaces and ended by '\n'), then the raw data.
public enum NumPyFormat {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    public static func parse(_ bytes: [UInt8]) throws -> NumPyArray {
        guard bytes.count >= 8, Array(bytes[0..<6]) == magic else { throw NumPyFormatError.notNpy }
        let major = Int(bytes[6]), minor = Int(bytes[7])
        let lengthBytes: Int
        switch (major, minor) {
        case (1, 0): lengthBytes = 2
        case (2, 0), (3, 0): lengthBytes = 4
        default: throw NumPyFormatError.unsupportedVersion(major: major, minor: minor)
        }
        guard bytes.count >= 8 + lengthBytes else { throw NumPyFormatError.truncatedHeader(needed: 8 + lengthBytes, found: bytes.count) }
        var headerLength = 0
        for b in 0..<lengthBytes { headerLength |= Int(bytes[8 + b]) << (8 * b) }
        let dataStart = 8 + lengthBytes + headerLength
        guard bytes.count >= dataStart else { throw NumPyFormatError.truncatedHeader(needed: dataStart, found: bytes.count) }
        let (dtype, shape) = try header(Array(bytes[(8 + lengthBytes)..<dataStart]))
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw NumPyFormatError.badHeader("shape \(shapeLiteral(shape)) is too large") }
            count = product
        }
        let (expected, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        let found = bytes.count - dataStart
        guard !overflow, found == expected else {
            throw NumPyFormatError.dataLength(expected: overflow ? Int.max : expected, found: found, shape: shape, dtype: dtype.rawValue)
        }
        var values = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            let data = UnsafeRawBufferPointer(rebasing: raw[dataStart...])
            for i in 0..<count {
                switch dtype {
                case .float64, .float64BigEndian:
                    let word = data.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                    values[i] = Double(bitPattern: dtype.isBigEndian ? UInt64(bigEndian: word) : UInt64(littleEndian: word))
                case .float32, .float32BigEndian:
                    let word = data.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                    values[i] = Double(Float(bitPattern: dtype.isBigEndian ? UInt32(bigEndian: word) : UInt32(littleEndian: word)))
                }
            }
        }
        return NumPyArray(shape: shape, values: values)
    }

    /// Interprets the header dict: keys in any order, all three required, no others needed.
    static func header(_ text: [UInt8]) throws -> (NumPyDType, [Int]) {
        guard case .dict(let entries) = try PythonLiteral.parse(text) else {
            throw NumPyFormatError.badHeader("the header is not a dict literal")
        }
        func entry(_ key: String) throws -> PythonLiteral {
            guard let value = entries.first(where: { $0.0 == key })?.1 else {
                throw NumPyFormatError.badHeader("the header dict has no '\(key)' key")
            }
            return value
        }
        let descr = try entry("descr")
        guard case .string(let descrText) = descr else {
            throw NumPyFormatError.unsupportedDType("structured dtype \(descr)")
        }
        guard let dtype = NumPyDType(rawValue: descrText) else { throw NumPyFormatError.unsupportedDType(descrText) }
        guard case .bool(let fortran) = try entry("fortran_order") else {
            throw NumPyFormatError.badHeader("'fortran_order' is not True or False")
        }
        guard case .tuple(let dims) = try entry("shape") else { throw NumPyFormatError.badHeader("'shape' is not a tuple") }
        var shape = [Int]()
        for d in dims {
            guard case .int(let n) = d, n >= 0 else { throw NumPyFormatError.badHeader("'shape' has an entry that is not a non-negative integer") }
            shape.append(n)
        }
        guard !fortran || shape.count < 2 else { throw NumPyFormatError.fortranOrder }
        guard shape.count == 1 || shape.count == 2 else { throw NumPyFormatError.unsupportedDimensions(shape: shape) }
        return (dtype, shape)
    }

    /// Writes format 1.0 exactly as `numpy.save` does (header padded with spaces so the data
    /// starts at a multiple of 64 bytes), in little-endian float64 or float32. The shape must
    /// match the value count; float32 rounds each value to nearest.
    public static func encode(_ array: NumPyArray, dtype: NumPyDType = .float64) -> [UInt8] {
        precondition(array.shape.reduce(1, *) == array.values.count, "shape \(array.shape) does not match \(array.values.count) values")
        let little: NumPyDType = dtype.itemSize == 8 ? .float64 : .float32
        var header = Array("{'descr': '\(little.rawValue)', 'fortran_order': False, 'shape': \(shapeLiteral(array.shape)), }".utf8)
        let unpadded = 10 + header.count + 1
        header += Array(repeating: 0x20, count: (64 - unpadded % 64) % 64)
        header.append(0x0A)
        var bytes = magic + [1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)] + header
        bytes.reserveCapacity(bytes.count + array.values.count * little.itemSize)
        for v in array.values {
            if little == .float64 {
                withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 }
            } else {
                withUnsafeBytes(of: Float(v).bitPattern.littleEndian) { bytes += $0 }
            }
        }
        return bytes
    }

    /// Python's tuple repr of a shape: `()`, `(5,)`, `(3, 4)`.
    static func shapeLiteral(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
