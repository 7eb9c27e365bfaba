/// The hidden layer's nonlinearity.
///
/// - `tanh`: a = tanh(z) (`Elementary.tanh`, bit for bit), a′ = 1 − a².
/// - `relu`: a = z for z > 0, else 0; a′ = 1 for z > 0, else 0 (the derivative at 0 is 0).
public enum Activation: String, Sendable, Hashable, Codable, CaseIterable {
    case tanh
    case relu
}
