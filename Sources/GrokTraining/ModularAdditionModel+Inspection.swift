extension ModularAdditionModel {
    /// Per training pair: the class scores f = W2·q (the MSE outputs; the margin indicator reads
    /// their softmax, a convention, since this model is not trained through one) and the hidden
    /// features q = (W1 x)². One plain pass, example by example: the indicators need no speed.
    public mutating func inspect(_ theta: [Double]) -> ModelInspection? {
        let p = modulus, h = width
        var scores: [[Double]] = [], features: [[Double]] = []
        scores.reserveCapacity(trainingPairs.count)
        features.reserveCapacity(trainingPairs.count)
        for k in trainingPairs {
            let a = k / p, b = k % p
            var q = [Double](repeating: 0, count: h)
            for j in 0..<h {
                let z = theta[a * h + j] + theta[(p + b) * h + j]
                q[j] = z * z
            }
            var f = [Double](repeating: 0, count: p)
            for c in 0..<p {
                var s = 0.0
                for j in 0..<h { s += theta[2 * p * h + c * h + j] * q[j] }
                f[c] = s
            }
            scores.append(f)
            features.append(q)
        }
        return ModelInspection(scores: scores, features: features)
    }
}
