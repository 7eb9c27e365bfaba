import GrokNumerics

/// The method's control field: i.i.d. standard normal values, the k-th drawn k-th.
public enum GaussianControl {
    public static func field(count: Int, stream: inout RandomStream) -> [Double] {
        var values = [Double]()
        values.reserveCapacity(max(count, 0))
        for _ in 0..<max(count, 0) { values.append(stream.nextGaussian()) }
        return values
    }
}
