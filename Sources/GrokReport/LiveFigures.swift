import GrokSweep

/// The report's figures for other views of a running sweep (the coordinator's live status page).
public enum LiveFigures {
    /// The D(τ) plot of a (possibly partial) report, as inline SVG.
    public static func dTauSVG(_ report: JSONValue) -> String {
        DTauPlot.render(ReportData(report))
    }
}
