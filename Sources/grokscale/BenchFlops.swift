/// The dense flops of one bench epoch (two per multiply–add, the layers' products only). modadd,
/// full batch: the training pass with gradient is three products of the layer's size (forward,
/// W2's gradient, the hidden gradient), plus the test pass. parity and rule, minibatch: a pass
/// without gradient over the training set, the test pass, and the batches' passes with gradient,
/// two products each (forward, W1's gradient). 3·train + test layer products either way.
enum BenchFlops {
    static func perEpoch(layerMultiplyAdds: Int, training: Int, test: Int) -> Double {
        2 * Double(layerMultiplyAdds) * Double(3 * training + test)
    }
}
