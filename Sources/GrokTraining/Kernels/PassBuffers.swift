/// What every dense model's pass needs besides its activations: θ and the gradient in the pass's
/// precision (``DenseScalar/withBuffers(theta:gradient:thetaScratch:gradientScratch:_:)``: float64
/// uses the caller's buffers, float32 converts) and the transposed weights of
/// ``DenseKernels/layerForward``. Kept apart from a model's activation scratch so that a pass can
/// hold both at once (two distinct `inout` values).
struct PassBuffers<S: DenseScalar> {
    private var theta: [S] = [], gradient: [S] = [], transposed: [S] = []

    /// Runs `body` with θ, the gradient (nil when none is asked for; zeroed otherwise) and the
    /// transposition buffer.
    mutating func run<R>(
        theta: [Double], gradient: UnsafeMutablePointer<Double>?, _ body: (UnsafePointer<S>, UnsafeMutablePointer<S>?, inout [S]) -> R
    ) -> R {
        let count = theta.count
        return S.withBuffers(theta: theta, gradient: gradient, thetaScratch: &self.theta, gradientScratch: &self.gradient) { tp, g in
            if let g { for i in 0..<count { g[i] = 0 } }
            return body(tp, g, &transposed)
        }
    }
}
