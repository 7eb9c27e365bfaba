import Foundation
import GrokConfig
import GrokReportModel
import GrokSweep
import Testing

/// The acceptance check of the science: docs/method.md's default grid must show the transition.
@Suite("Default grid: grokking shows as a dimensional transition")
struct DefaultGridTests {
    @Test("≥ 90% of runs grok; D_pre < 0.95 < 1.05 < D_post with disjoint 95% intervals; |τ*| ≤ 400; D_synth in [0.88, 1.06] on every topology")
    func defaultGridShowsTheTransition() throws {
        let config = SweepConfig()
        let outcome = InProcessSweep.run(config: config, threads: ProcessInfo.processInfo.activeProcessorCount)
        #expect(outcome.failures.isEmpty)
        let report = ReportBuilder.build(config: config, results: outcome.results, provenance: Provenance(gitCommit: nil, hostCount: 1))
        let summary = try #require(report["summary"])
        guard case .int(let runs)? = summary["runs"], case .int(let grokked)? = summary["grokked_runs"] else {
            Issue.record("no run counts"); return
        }
        #expect(runs == 48)
        #expect(Double(grokked) >= 0.9 * Double(runs))
        let dPre = try #require(summary["D_pre"]), dPost = try #require(summary["D_post"])
        let pre = try interval(dPre), post = try interval(dPost)
        #expect(try value(dPre) < 0.95)
        #expect(try value(dPost) > 1.05)
        #expect(pre.hi < post.lo, "95% intervals overlap: pre \(pre), post \(post)")
        guard case .double(let tau)? = summary["crossing_tau"]?["value"] else { Issue.record("no crossing"); return }
        #expect(abs(tau) <= 400)
        guard case .object(let synth)? = summary["D_synth"] else { Issue.record("no D_synth"); return }
        #expect(synth.count == 5)
        for (name, estimate) in synth {
            let d = try value(estimate)
            #expect(d >= 0.88 && d <= 1.06, "D_synth[\(name)] = \(d)")
        }
    }

    private func value(_ e: JSONValue) throws -> Double {
        guard case .double(let v)? = e["value"] else { throw Missing() }
        return v
    }

    private func interval(_ e: JSONValue) throws -> (lo: Double, hi: Double) {
        guard case .array(let b)? = e["ci95"], b.count == 2, case .double(let lo) = b[0], case .double(let hi) = b[1] else { throw Missing() }
        return (lo, hi)
    }

    struct Missing: Error {}
}
