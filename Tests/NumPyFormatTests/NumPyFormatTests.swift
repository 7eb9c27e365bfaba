import NumPyFormat
import Testing

/// A .npy file from its parts: magic, version, header length, header text, data.
func npy(major: UInt8 = 1, header: String, data: [UInt8]) -> [UInt8] {
    let h = Array(header.utf8)
    let length: [UInt8] =
        major == 1
        ? [UInt8(h.count & 0xFF), UInt8(h.count >> 8)]
        : [UInt8(h.count & 0xFF), UInt8((h.count >> 8) & 0xFF), 0, 0]
    return [0x93] + Array("NUMPY".utf8) + [major, 0] + length + h + data
}

func pad(_ dict: String, major: UInt8 = 1) -> String {
    // numpy pads with spaces so that the data starts on a 64-byte boundary.
    let prefix = major == 1 ? 10 : 12
    return dict + String(repeating: " ", count: (64 - (prefix + dict.utf8.count + 1) % 64) % 64) + "\n"
}

/// Bytes of 1.0 and 2.0 as little-endian float64.
let oneTwoF8: [UInt8] = [0, 0, 0, 0, 0, 0, 240, 63, 0, 0, 0, 0, 0, 0, 0, 64]

@Suite("NumPyFormat: parsing .npy")
struct NumPyParseTests {
    /// `np.save(f, np.array([[1.5, -2.0, 0.1], [3.0, 1e-300, -0.0]]))` with numpy 2.4, byte for byte.
    static let numpyFloat64Matrix: [UInt8] =
        [147, 78, 85, 77, 80, 89, 1, 0, 118, 0]
        + Array("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }                                                          \n".utf8)
        + [
            0, 0, 0, 0, 0, 0, 248, 63, 0, 0, 0, 0, 0, 0, 0, 192, 154, 153, 153, 153, 153, 153, 185, 63,
            0, 0, 0, 0, 0, 0, 8, 64, 89, 243, 248, 194, 31, 110, 165, 1, 0, 0, 0, 0, 0, 0, 0, 128,
        ]

    @Test("float64 2-D, exactly as numpy 2 writes it")
    func float64Matrix() throws {
        let a = try NumPyFormat.parse(Self.numpyFloat64Matrix)
        #expect(a.shape == [2, 3])
        #expect(a.values == [1.5, -2.0, 0.1, 3.0, 1e-300, -0.0])
        #expect(a.values[5].sign == .minus)
    }

    @Test("float32 1-D widens exactly to Double")
    func float32Vector() throws {
        // np.save(f, np.array([0.1, -2.5, 3.0], dtype=np.float32))
        let bytes = npy(
            header: pad("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"),
            data: [205, 204, 204, 61, 0, 0, 32, 192, 0, 0, 64, 64])
        let a = try NumPyFormat.parse(bytes)
        #expect(a.shape == [3])
        #expect(a.values == [Double(Float(0.1)), -2.5, 3.0])
        #expect(a.values[0] == 0x1.99999ap-4)
    }

    @Test("float64 1-D and float32 2-D")
    func otherCombinations() throws {
        let v = try NumPyFormat.parse(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n", data: oneTwoF8))
        #expect(v == NumPyArray(shape: [2], values: [1, 2]))
        let m = try NumPyFormat.parse(
            npy(
                header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }\n",
                data: [0, 0, 128, 63, 0, 0, 0, 64]))
        #expect(m == NumPyArray(shape: [1, 2], values: [1, 2]))
    }

    @Test("format versions 2.0 and 3.0 (4-byte header length) are read")
    func versions() throws {
        for major: UInt8 in [2, 3] {
            let bytes = npy(major: major, header: pad("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", major: major), data: oneTwoF8)
            #expect(bytes.count == 144)  // as numpy.lib.format.write_array(…, version=(2, 0)) writes it
            #expect(try NumPyFormat.parse(bytes) == NumPyArray([1, 2]))
        }
    }

    @Test("big-endian floats are read")
    func bigEndian() throws {
        let bytes = npy(
            header: "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }\n",
            data: [63, 240, 0, 0, 0, 0, 0, 0, 191, 224, 0, 0, 0, 0, 0, 0])
        #expect(try NumPyFormat.parse(bytes).values == [1, -0.5])
        let f4 = npy(header: "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n", data: [64, 32, 0, 0])
        #expect(try NumPyFormat.parse(f4).values == [2.5])
    }

    @Test("the header is parsed as a Python literal: any key order, spacing, trailing commas, double quotes")
    func headerSyntax() throws {
        let headers = [
            "{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}\n",
            "{ \"descr\" :'<f8' ,'fortran_order':False,'shape':( 2 , ) , }  \n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }\n",
            "{'descr':'<f8','fortran_order':False,'shape':(1,2)}",
        ]
        for header in headers {
            let a = try NumPyFormat.parse(npy(header: header, data: oneTwoF8))
            #expect(a.values == [1, 2], "\(header)")
        }
    }

    @Test("an empty array is allowed")
    func empty() throws {
        #expect(try NumPyFormat.parse(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (0,), }\n", data: [])) == NumPyArray([]))
        #expect(try NumPyFormat.parse(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 0), }\n", data: [])).shape == [3, 0])
    }
}

@Suite("NumPyFormat: bad input")
struct NumPyErrorTests {
    let good = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n"

    @Test("wrong magic: not a .npy file")
    func badMagic() {
        #expect(throws: NumPyFormatError.notNpy) { try NumPyFormat.parse(Array("PK\u{3}\u{4} zip file here".utf8)) }
        #expect(throws: NumPyFormatError.notNpy) { try NumPyFormat.parse([]) }
        #expect(NumPyFormatError.notNpy.description.contains("not a .npy file"))
    }

    @Test("unsupported format version")
    func badVersion() {
        var bytes = npy(header: good, data: oneTwoF8)
        bytes[6] = 4
        #expect(throws: NumPyFormatError.unsupportedVersion(major: 4, minor: 0)) { try NumPyFormat.parse(bytes) }
        bytes[6] = 1; bytes[7] = 1
        #expect(throws: NumPyFormatError.unsupportedVersion(major: 1, minor: 1)) { try NumPyFormat.parse(bytes) }
    }

    @Test("header cut short")
    func truncatedHeader() {
        let bytes = npy(header: good, data: [])
        #expect(throws: NumPyFormatError.self) { try NumPyFormat.parse(Array(bytes.prefix(30))) }
        #expect(throws: NumPyFormatError.self) { try NumPyFormat.parse(Array(bytes.prefix(9))) }
    }

    @Test(
        "header that is not a dict, or lacks a key, or is malformed",
        arguments: [
            "[1, 2]\n", "{'descr': '<f8', 'shape': (2,)}\n", "{'descr': '<f8', 'fortran_order': False}\n",
            "{'fortran_order': False, 'shape': (2,)}\n", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)\n",
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}\n", "{'descr': '<f8', 'fortran_order': False, 'shape': 2}\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}\n", "{'descr' '<f8'}\n", "{descr: '<f8'}\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} extra\n",
        ])
    func badHeader(header: String) {
        #expect(throws: NumPyFormatError.self) { try NumPyFormat.parse(npy(header: header, data: oneTwoF8)) }
    }

    @Test("a missing key is named")
    func missingKeyNamed() {
        #expect(throws: NumPyFormatError.badHeader("the header dict has no 'shape' key")) {
            try NumPyFormat.parse(npy(header: "{'descr': '<f8', 'fortran_order': False}\n", data: oneTwoF8))
        }
    }

    @Test("a non-float dtype names what was found and suggests astype(np.float64)")
    func badDType() {
        let bytes = npy(
            header: "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }\n", data: [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0])
        #expect(throws: NumPyFormatError.unsupportedDType("<i8")) { try NumPyFormat.parse(bytes) }
        #expect(NumPyFormatError.unsupportedDType("<i8").description.contains("'<i8'"))
        #expect(NumPyFormatError.unsupportedDType("<i8").description.contains("arr.astype(np.float64)"))
        let structured = npy(header: "{'descr': [('x', '<f8')], 'fortran_order': False, 'shape': (2,), }\n", data: oneTwoF8)
        #expect(throws: NumPyFormatError.self) { try NumPyFormat.parse(structured) }
        let half = npy(header: "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }\n", data: [0, 60, 0, 64])
        #expect(throws: NumPyFormatError.unsupportedDType("<f2")) { try NumPyFormat.parse(half) }
    }

    @Test("Fortran order is refused with the np.ascontiguousarray fix")
    func fortran() {
        let bytes = npy(header: "{'descr': '<f8', 'fortran_order': True, 'shape': (1, 2), }\n", data: oneTwoF8)
        #expect(throws: NumPyFormatError.fortranOrder) { try NumPyFormat.parse(bytes) }
        #expect(NumPyFormatError.fortranOrder.description.contains("np.ascontiguousarray"))
    }

    @Test("only 1-D and 2-D arrays are read", arguments: ["()", "(1, 1, 2)", "(1, 1, 1, 2)"])
    func dimensions(shape: String) {
        let bytes = npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }\n", data: oneTwoF8)
        #expect(throws: NumPyFormatError.self) { try NumPyFormat.parse(bytes) }
        #expect(NumPyFormatError.unsupportedDimensions(shape: [1, 1, 2]).description.contains("(1, 1, 2)"))
    }

    @Test("data shorter or longer than the shape says")
    func dataLength() {
        #expect(throws: NumPyFormatError.dataLength(expected: 16, found: 15, shape: [2], dtype: "<f8")) {
            try NumPyFormat.parse(npy(header: good, data: Array(oneTwoF8.dropLast())))
        }
        #expect(throws: NumPyFormatError.dataLength(expected: 16, found: 24, shape: [2], dtype: "<f8")) {
            try NumPyFormat.parse(npy(header: good, data: oneTwoF8 + oneTwoF8.prefix(8)))
        }
        #expect(NumPyFormatError.dataLength(expected: 16, found: 15, shape: [2], dtype: "<f8").description.contains("truncated"))
        #expect(NumPyFormatError.dataLength(expected: 16, found: 24, shape: [2], dtype: "<f8").description.contains("8 extra bytes"))
    }
}

@Suite("NumPyFormat: writing .npy")
struct NumPyEncodeTests {
    @Test("encode writes numpy 2's exact bytes for float64")
    func matchesNumpy() {
        let a = NumPyArray(shape: [2, 3], values: [1.5, -2.0, 0.1, 3.0, 1e-300, -0.0])
        #expect(NumPyFormat.encode(a, dtype: .float64) == NumPyParseTests.numpyFloat64Matrix)
    }

    @Test("encode → parse round-trips both dtypes and both ranks; the data starts on a 64-byte boundary")
    func roundTrip() throws {
        let values = [0.5, -1.25, 3_221_225_472, 0, 7, -0.0625]
        for shape in [[6], [2, 3], [3, 2], [1, 6]] {
            let a = NumPyArray(shape: shape, values: values)
            for dtype in [NumPyDType.float64, .float32] {
                let bytes = NumPyFormat.encode(a, dtype: dtype)
                #expect((bytes.count - values.count * (dtype == .float64 ? 8 : 4)) % 64 == 0)
                #expect(try NumPyFormat.parse(bytes) == a)  // values exactly representable in float32
            }
        }
        let irrational = NumPyArray([0.1, 1.0 / 3.0])
        #expect(try NumPyFormat.parse(NumPyFormat.encode(irrational)) == irrational)
        #expect(try NumPyFormat.parse(NumPyFormat.encode(irrational, dtype: .float32)).values == irrational.values.map { Double(Float($0)) })
    }
}
