extension ModularAdditionModel {
    /// Per training pair: the class scores f = W2·q (the MSE outputs; the margin indicator reads
    /// their softmax, a convention, since this model is not trained through one) and the hidden
    /// features q = (W1 x)². One plain pass, example by example: the indicators need no speed.
    /// Then Nanda et al.'s measures (``ModularFourier``) from the a-embedding (the first p
    /// columns of W1) and the logits on every pair.
    public mutating func inspect(_ theta: [Double]) -> ModelInspection? {
        let p = modulus, h = width
        var scores: [[Double]] = [], features: [[Double]] = []
        scores.reserveCapacity(trainingPairs.count)
        features.reserveCapacity(trainingPairs.count)
        var all: [[Double]] = []
        all.reserveCapacity(p * p)
        for k in 0..<(p * p) {
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
            all.append(f)
            features.append(q)
        }
        scores = trainingPairs.map { all[$0] }
        features = trainingPairs.map { features[$0] }
        let embedding = (0..<p).map { a in Array(theta[(a * h)..<(a * h + h)]) }
        let power = ModularFourier.embeddingPower(embedding, p: p)
        let fourier = ModularFourier.restrictedAndExcluded(
            logits: all, p: p, keys: ModularFourier.keyFrequencies(power), pairs: trainingPairs)
        return ModelInspection(
            scores: scores, features: features,
            taskIndicators: [
                (.fourierGini, XORTraining.gini(power)), (.restrictedLoss, fourier.restricted), (.excludedLoss, fourier.excluded),
            ])
    }
}
