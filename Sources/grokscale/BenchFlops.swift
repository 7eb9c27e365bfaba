/// The dense flops of one timed bench run of `epochs` epochs (two per multiply–add, the layers'
/// products only), counted as SupervisedTraining does the work. Every epoch before the last:
/// modadd (full batch) evaluates the training set with gradient, three products of the layer's
/// size (forward, W2's gradient, the hidden gradient), plus the test pass; parity and rule
/// (minibatch) evaluate the training set without gradient (one product), the test pass and the
/// batches with gradient (two: forward, W1's gradient). Either way 3·train + test. A minibatch
/// run's epoch 0 is a snapshot, so its full pass carries a gradient: one more training product.
/// The last epoch is evaluated only: train + test.
enum BenchFlops {
    /// `skippedBackward`: multiply–adds per training example and epoch of a backward product the
    /// model does not compute (ising's input-layer input gradient).
    static func perRun(layerMultiplyAdds: Int, training: Int, test: Int, epochs: Int, minibatch: Bool, skippedBackward: Int = 0) -> Double {
        let products = epochs * (3 * training + test) + (training + test) + (minibatch ? training : 0)
        return 2 * (Double(layerMultiplyAdds) * Double(products) - Double(skippedBackward) * Double(epochs * training))
    }
}
