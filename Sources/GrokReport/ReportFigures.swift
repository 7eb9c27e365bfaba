/// The report's figures, in reading order: file name under `plots/`, caption, SVG text.
public struct Figure: Sendable {
    public var file: String
    public var caption: String
    public var svg: String
}

enum ReportFigures {
    /// What P(s|N) is in the probe mode that produced it (report.json's collapse caption).
    static func collapseCaption(_ data: ReportData) -> String {
        (data.summary["collapse"]?["caption"]?.string).map { "Here \($0)." } ?? ""
    }

    static func all(_ data: ReportData) -> [Figure] {
        let w = ReportWords.current
        // User runs (fit, serve) carry D(step); sweeps do not. Curves a user's runs did not record
        // (Gini always; loss, accuracy, onsets when not given) are left out, not drawn empty.
        let figures: [Figure?] =
            (data.summary["D_step"] == nil ? [] : [Figure(file: "d_step.svg", caption: DStepPlot.caption, svg: DStepPlot.render(data))]) + [
                Figure(
                    file: "d_tau.svg",
                    caption:
                        "D(τ): the effective dimension in windows of τ = \(w.unit) − t_g. Filled, joined points with the 95% bootstrap band: windows every width takes part in (only these can make the crossing); open circles: windows missing widths. Dashed grey: D = 1; grey band: the Gaussian control's D_synth with its 95% interval (the probe's own null); shaded blue and orange: the fixed windows of D_pre and D_post; dotted: the onset τ = 0; orange: the crossing τ* with its 95% interval (thick bar), large open circles: saturated windows.",
                    svg: DTauPlot.render(data)),
                Figure(
                    file: "collapse.svg",
                    caption:
                        "Data collapse, every snapshot pooled: s^γ P(s|N) against s/N^D with the fitted (D, γ); curves fall on one another only when the scaling holds (Houdayer–Hartmann S ≈ 1). "
                        + collapseCaption(data), svg: CollapsePlot.render(data)),
                Figure(
                    file: "collapse_pre.svg", caption: "Data collapse in the pre-onset window, fitted separately. " + collapseCaption(data),
                    svg: CollapsePlot.render(data, phase: "pre")),
                Figure(
                    file: "collapse_post.svg", caption: "Data collapse in the post-onset window, fitted separately. " + collapseCaption(data),
                    svg: CollapsePlot.render(data, phase: "post")),
                Figure(
                    file: "s_of_n.svg",
                    caption: "S(N) before and after the onset on log–log axes; the lines have the fitted slopes D_pre and D_post.",
                    svg: SizeScalingPlot.render(data)),
                Figure(
                    file: "p_s_gradient.svg",
                    caption: "Complementary CDF P(S ≥ s | N) of the gradient cascade sizes, per width (every snapshot). " + collapseCaption(data),
                    svg: SizeDistributionPlot.render(data, control: false)),
                Figure(
                    file: "p_s_control.svg",
                    caption: "Complementary CDF P(S ≥ s | N) of the Gaussian control (i.i.d. standard Gaussian fields of the same N), per width.",
                    svg: SizeDistributionPlot.render(data, control: true)),
                Figure(
                    file: "bootstrap.svg",
                    caption: "Bootstrap distributions of D_pre, D_post and D_synth per topology (resamples over seeds within widths).",
                    svg: BootstrapPlot.render(data)),
                w.hasAccuracy && w.hasOnset
                    ? Figure(
                        file: "accuracy.svg", caption: "\(w.accuracyCaption) against τ, one line per grokked run.",
                        svg: TrainingPlot.render(data, .accuracy)) : nil,
                w.hasLoss && w.hasOnset
                    ? Figure(
                        file: "loss.svg", caption: "\(w.lossCaption) against τ, one line per grokked run.", svg: TrainingPlot.render(data, .loss))
                    : nil,
                w.hasOnset || w.hasAccuracy
                    ? Figure(
                        file: "timing_ecdf.svg",
                        caption:
                            "Grokking time t_g per width: the fraction of runs grokked by each \(w.unit) (ungrokked runs keep the curve below 1), dots at the Kaplan–Meier median.",
                        svg: TimingPlot.render(data)) : nil,
                w.hasGini
                    ? Figure(
                        file: "gini.svg", caption: "Gini coefficient of the weight magnitudes |θ| against τ, one line per grokked run.",
                        svg: TrainingPlot.render(data, .gini)) : nil,
            ]
        return figures.compactMap { $0 } + WarningReport.figures(data) + OverlapHistogramPlot.figures(data)
    }
}
