/// The update rule of a run (an axis of the sweep grid, `optimizers`).
///
/// - `gd`: full-batch gradient descent θ ← θ − lr·g.
/// - `sgd`: minibatch SGD with heavy-ball momentum as PyTorch writes it: b ← μ·b + g (b = g at
///   the first step), θ ← θ − lr·b; μ = 0 is plain SGD.
/// - `adam`: Adam (Kingma & Ba) with bias correction; β powers are running products (no `pow`).
/// - `adamw`: Adam whose weight decay is always decoupled (Loshchilov & Hutter; PyTorch's AdamW):
///   it must be paired with the `decoupled` regularizer (or `none`, i.e. no decay).
public enum OptimizerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case gd
    case sgd
    case adam
    case adamw

    /// Whether this optimizer uses minibatches of `batchSize` (gd is always full batch).
    public var usesMinibatches: Bool { self != .gd }
}
