/// The dense flops of one bench epoch (two per multiply–add, the layers' products only): a
/// training pass with gradient is three products of the layer's size (forward, weight
/// gradient, input or hidden gradient), a pass without is one. Full batch: one pass with
/// gradient plus the test pass; minibatch: a full pass without gradient, the test pass, and the
/// batches' passes with gradient: 3·train + test layer products either way.
enum BenchFlops {
    static func perEpoch(layerMultiplyAdds: Int, training: Int, test: Int) -> Double {
        2 * Double(layerMultiplyAdds) * Double(3 * training + test)
    }
}
