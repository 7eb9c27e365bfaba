/// Why bytes could not be read as a .npy array; each description says what to do.
public enum NumPyFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    case notNpy
    case truncatedHeader(needed: Int, found: Int)
    case unsupportedVersion(major: Int, minor: Int)
    case badHeader(String)
    case unsupportedDType(String)
    case fortranOrder
    case unsupportedDimensions(shape: [Int])
    case dataLength(expected: Int, found: Int, shape: [Int], dtype: String)

    public var description: String {
        switch self {
        case .notNpy:
            return "not a .npy file: it does not start with the magic bytes \\x93NUMPY; save the array with numpy.save (not savez, savetxt or pickle)"
        case .truncatedHeader(let needed, let found):
            return "the .npy file is truncated inside its header (\(found) bytes, the header needs \(needed)); re-save it"
        case .unsupportedVersion(let major, let minor):
            return
                "unsupported .npy format version \(major).\(minor); this reader handles 1.0, 2.0 and 3.0 (numpy.save writes 1.0 unless the header is huge)"
        case .badHeader(let why):
            return "malformed .npy header: \(why); re-save the array with numpy.save"
        case .unsupportedDType(let found):
            return "unsupported dtype '\(found)': only float32 and float64 are read; convert with arr.astype(np.float64) before np.save"
        case .fortranOrder:
            return "the array is stored in Fortran (column-major) order; save np.ascontiguousarray(arr) instead"
        case .unsupportedDimensions(let shape):
            return
                "the array has \(shape.count) dimensions (shape \(NumPyFormat.shapeLiteral(shape))); only 1-D or 2-D arrays are read, reshape it first"
        case .dataLength(let expected, let found, let shape, let dtype):
            let what = found < expected ? "the file is truncated" : "there are \(found - expected) extra bytes after the data"
            return
                "the data section has \(found) bytes but shape \(NumPyFormat.shapeLiteral(shape)) of '\(dtype)' needs \(expected): \(what); re-save the array"
        }
    }
}
