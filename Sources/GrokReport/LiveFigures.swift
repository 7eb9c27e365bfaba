import GrokConfig

/// The report's figures for other views of a running sweep (the coordinator's live status page).
public enum LiveFigures {
    /// The D(τ) plot of a (possibly partial) report, as inline SVG.
    public static func dTauSVG(_ report: JSONValue) -> String {
        DTauPlot.render(ReportData(report))
    }

    /// Windows of D(τ) with a value that every width in the (partial) report covers.
    public static func coveredDTauWindows(_ report: JSONValue) -> Int {
        let windows = ReportData(report).summary["D_tau"]?.array ?? []
        return windows.filter { $0["D"]?.double != nil && ($0["covered"]?.bool ?? true) }.count
    }
}
