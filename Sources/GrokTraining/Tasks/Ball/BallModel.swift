import GrokNumerics

/// The solvable ball model, our construction after Žunkovič & Ilievski's (arXiv 2210.15435; their
/// exact formulas are not reproduced here, see docs/seeds.md): every answer of it is known in
/// closed form, so it tests the timing statistics against exact values.
///
/// Data: x = u + y ε e₁ with u uniform in the unit D-ball, y = sign(u₁): two half-balls pushed
/// apart by ±ε along the teacher direction e₁. Student: a linear classifier sign(w·x), w ∈ R^D
/// (N = D, the width). Loss: the squared loss against the teacher's score a·x₁ on whitened inputs,
/// L(w) = ½‖w − a e₁‖² (its population value), so gradient descent with step η and coupled ℓ2
/// strength λ is exactly w_k = m + q^k (w₀ − m), m = a e₁/(1 + λ), q = 1 − η(1 + λ).
/// Init: w₀ uniform in the ball of radius ρ.
///
/// Test error over the whole distribution is zero exactly when w₁ > 0 and ‖w_⊥‖ < ε w₁ (the
/// worst point is u on the flat face with u_⊥ opposite w_⊥): the test "set" is the distribution
/// itself, one verdict per epoch, so test accuracy is 0 or 1. Training accuracy is over n points
/// drawn from the distribution. Hence t_g = 0 when ‖w₀⊥‖ ≤ ε w₀₁, else the first k with
/// q^k (‖w₀⊥‖ − ε w₀₁ + ε m₁) < ε m₁ (``BallModel/onset(initial:)``, and docs/seeds.md for the
/// distribution of t_g over w₀).
public struct BallModel: TaskModel {
    public let dimension: Int
    public let epsilon: Double, target: Double, initRadius: Double
    let trainX: [Double], trainY: [Double]

    public init(dimension: Int, epsilon: Double, target: Double, initRadius: Double, trainingCount: Int, data: inout RandomStream) {
        self.dimension = dimension
        self.epsilon = epsilon
        self.target = target
        self.initRadius = initRadius
        var x: [Double] = [], y: [Double] = []
        for _ in 0..<trainingCount {
            var u = BallModel.uniformInBall(dimension: dimension, radius: 1, stream: &data)
            let label: Double = u[0] >= 0 ? 1 : -1
            u[0] += label * epsilon
            x += u
            y.append(label)
        }
        (trainX, trainY) = (x, y)
    }

    /// A point uniform in the D-ball of `radius`: a Gaussian direction, radius · U^(1/D).
    public static func uniformInBall(dimension d: Int, radius: Double, stream: inout RandomStream) -> [Double] {
        var g = (0..<d).map { _ in stream.nextGaussian() }
        let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let r = radius * Elementary.exp(Elementary.log(stream.nextUniform()) / Double(d))
        for i in 0..<d { g[i] *= r / norm }
        return g
    }

    public var parameterCount: Int { dimension }
    public var trainingCount: Int { trainY.count }
    public var testCount: Int { 1 }

    public func initialParameters(stream: inout RandomStream) -> [Double] {
        BallModel.uniformInBall(dimension: dimension, radius: initRadius, stream: &stream)
    }

    /// Whether w classifies the whole distribution correctly: w₁ > 0 and ‖w_⊥‖ < ε w₁.
    public func generalizes(_ w: [Double]) -> Bool {
        let perpendicular = w.dropFirst().reduce(0) { $0 + $1 * $1 }.squareRoot()
        return w[0] > 0 && perpendicular < epsilon * w[0]
    }

    public mutating func evaluate(_ theta: [Double], batch: ArraySlice<Int>?, gradient: UnsafeMutablePointer<Double>?) -> (loss: Double, correct: Int)
    {
        var loss = 0.0
        for i in 0..<dimension {
            let diff = theta[i] - (i == 0 ? target : 0)
            loss += 0.5 * diff * diff
            gradient?[i] = diff
        }
        var hits = 0
        for e in batch.map(Array.init) ?? Array(0..<trainY.count) {
            var score = 0.0
            for i in 0..<dimension { score += theta[i] * trainX[e * dimension + i] }
            if score * trainY[e] > 0 { hits += 1 }
        }
        return (loss, hits)
    }

    public mutating func testCorrect(_ theta: [Double]) -> Int { generalizes(theta) ? 1 : 0 }
}
