/// A 1-D or 2-D float array read from (or to be written to) a .npy file, values in C (row-major)
/// order. float32 data is widened to Double exactly.
public struct NumPyArray: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Double]

    public init(shape: [Int], values: [Double]) {
        self.shape = shape
        self.values = values
    }

    /// A 1-D array.
    public init(_ values: [Double]) {
        self.init(shape: [values.count], values: values)
    }
}
