import GrokNumerics

/// The random streams a run may draw from, each addressed by the caller (the sweep derives them
/// from the grid point's axis values, so adding an axis value changes no other point's numbers).
public struct TaskStreams: Sendable {
    /// The initial parameters.
    public var initialization: RandomStream
    /// The data set and its split (teacher, relevant bits, shuffles of the examples).
    public var data: RandomStream
    /// The order of the minibatches, one shuffle per epoch.
    public var order: RandomStream
    /// The indicators' own draws (the LLC's SGLD noise); only read when indicators are recorded.
    public var indicators: RandomStream
    /// The training noise of models that have one (dropout masks); never read otherwise.
    public var noise: RandomStream

    public init(
        initialization: RandomStream, data: RandomStream, order: RandomStream, indicators: RandomStream = RandomStream(seed: 0),
        noise: RandomStream = RandomStream(seed: 0)
    ) {
        self.noise = noise
        self.initialization = initialization
        self.data = data
        self.order = order
        self.indicators = indicators
    }
}
