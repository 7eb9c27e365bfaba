/// Colours that stay distinguishable for colour-blind readers and in print: a viridis-like
/// ramp for ordered things (widths), fixed hues for named things.
enum Palette {
    static let ramp = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#2e9e5f", "#4f9a2c", "#75881a", "#8a6d00"]

    /// Colour of item `i` of `count` ordered items, spread over the whole ramp.
    static func ordered(_ i: Int, of count: Int) -> String {
        guard count > 1 else { return ramp[3] }
        let position = Double(i) / Double(count - 1) * Double(ramp.count - 1)
        return ramp[min(ramp.count - 1, Int(position.rounded()))]
    }

    static let categorical = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
    static func named(_ i: Int) -> String { categorical[i % categorical.count] }

    static let reference = "#555555"
    static let highlight = "#d55e00"
}
