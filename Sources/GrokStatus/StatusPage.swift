import Foundation
import GrokReport

/// The live status page: one self-contained HTML document (inline CSS and SVG, no script, no
/// fonts or anything fetched) that reloads itself every `refreshSeconds`.
public enum StatusPage {
    public static func html(_ s: StatusSnapshot, refreshSeconds: Int = 5) -> String {
        let finishedTasks = s.done + s.failed
        let percent = s.tasksTotal > 0 ? Double(finishedTasks) / Double(s.tasksTotal) * 100 : 100
        var body = """
            <h1>grokscale sweep <code>\(SVG.escape(String(s.configurationHash.prefix(12))))</code></h1>
            <p class="state" id="state">\(s.finished ? "finished" : "running")</p>
            <div class="bar"><div class="done" style="width:\(String(format: "%.1f", percent))%"></div></div>
            <table class="facts">
            <tr><th>tasks done</th><td id="tasks-done">\(s.done) / \(s.tasksTotal)</td></tr>
            <tr><th>failed</th><td id="tasks-failed">\(s.failed)</td></tr>
            <tr><th>leased now</th><td id="tasks-leased">\(s.leased) task(s), held by \(Set(s.running.map(\.worker)).count) worker(s)</td></tr>
            <tr><th>rate</th><td id="rate">\(rate(s.tasksPerSecond)) (since the first result)</td></tr>
            <tr><th>ETA</th><td id="eta">\(s.finished ? "done" : clock(s.etaSeconds))</td></tr>
            <tr><th>live workers</th><td id="workers-live">\(s.liveWorkers)</td></tr>
            <tr><th>workers lost</th><td>\(s.workersLost)</td></tr>
            <tr><th>duplicate results</th><td>\(s.duplicates)</td></tr>
            <tr><th>running for</th><td>\(clock(s.elapsedSeconds))</td></tr>
            </table>

            """
        let byWorker = Dictionary(grouping: s.running, by: \.worker).sorted { $0.key < $1.key }
        body += "<h2>Workers holding tasks (\(byWorker.count))</h2>\n"
        if byWorker.isEmpty {
            body += "<p>none</p>\n"
        } else {
            body += "<table id=\"workers\"><tr><th>worker</th><th>host</th><th>tasks</th></tr>\n"
            for (worker, leases) in byWorker {
                body +=
                    "<tr><td>\(SVG.escape(worker))</td><td>\(SVG.escape(leases[0].host))</td><td>\(SVG.escape(leases.map(\.task).joined(separator: " ")))</td></tr>\n"
            }
            body += "</table>\n"
        }
        body += "<h2>Quarantined workers (\(s.quarantined.count))</h2>\n"
        body +=
            s.quarantined.isEmpty
            ? "<p>none</p>\n" : "<ul id=\"quarantined\">" + s.quarantined.map { "<li>\(SVG.escape($0))</li>" }.joined() + "</ul>\n"
        body += "<h2>Failed tasks (\(s.failures.count))</h2>\n"
        if s.failures.isEmpty {
            body += "<p>none</p>\n"
        } else {
            body += "<table id=\"failures\"><tr><th>task</th><th>attempts</th><th>last error</th></tr>\n"
            for f in s.failures { body += "<tr><td>\(SVG.escape(f.task))</td><td>\(f.attempts)</td><td>\(SVG.escape(f.error))</td></tr>\n" }
            body += "</table>\n"
        }
        body += "<h2>D(τ) so far</h2>\n"
        if let svg = s.dTauSVG {
            body +=
                "<p class=\"note\">From the \(s.dTauTasks) task(s) committed when it was drawn, with a light bootstrap (windows appear once enough widths have results); the report's numbers come from the finished sweep.</p>\n<div class=\"plot\">\(svg)</div>\n"
        } else if let note = s.dTauNote {
            body += "<p id=\"d-tau-note\">D(τ) \(SVG.escape(note)).</p>\n"
        } else {
            body += "<p>no results committed yet</p>\n"
        }
        body +=
            "<p class=\"note\">Machine-readable: <a href=\"/status.json\">/status.json</a>, <a href=\"/metrics\">/metrics</a> (Prometheus). This page reloads every \(refreshSeconds) s.</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="refresh" content="\(refreshSeconds)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>grokscale: \(finishedTasks)/\(s.tasksTotal) tasks</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222;background:#fff}
            h1{font-size:1.4em} h2{font-size:1.1em;margin-top:1.5em}
            .bar{background:#e6e6e6;border-radius:4px;height:1.2em;overflow:hidden}
            .bar .done{background:#2a7ab0;height:100%}
            table{border-collapse:collapse} th,td{text-align:left;padding:.2em .8em .2em 0;vertical-align:top}
            .facts th{font-weight:normal;color:#555} .state{font-weight:bold}
            .note{color:#666;font-size:.9em} .plot svg{max-width:100%;height:auto}
            </style></head><body>
            \(body)</body></html>

            """
    }

    static func rate(_ r: Double?) -> String {
        r.map(TaskRateText.text) ?? "–"
    }

    static func clock(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "–" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
