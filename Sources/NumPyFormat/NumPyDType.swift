/// The element types this reader and writer handle: IEEE float64 and float32, either byte order
/// on reading, little-endian on writing.
public enum NumPyDType: String, Sendable, Hashable, CaseIterable {
    case float64 = "<f8"
    case float32 = "<f4"
    case float64BigEndian = ">f8"
    case float32BigEndian = ">f4"

    var itemSize: Int {
        switch self {
        case .float64, .float64BigEndian: return 8
        case .float32, .float32BigEndian: return 4
        }
    }

    var isBigEndian: Bool { self == .float64BigEndian || self == .float32BigEndian }
}
