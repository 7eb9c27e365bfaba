extension SweepConfig {
    /// The result-affecting keys (those of the configuration hash) whose values differ from
    /// `other`'s: what makes two configurations different sweeps.
    public func resultKeysDiffering(from other: SweepConfig) -> [String] {
        SweepConfig.keys.filter { $0.affectsResults && SweepConfig.tomlLiteral($0.read(self)) != SweepConfig.tomlLiteral($0.read(other)) }.map(\.path)
    }
}
