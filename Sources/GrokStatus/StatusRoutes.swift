import Foundation

/// What the status server answers: `/` the page, `/status.json`, `/metrics`; 404 otherwise.
public enum StatusRoutes {
    public static func handler(board: StatusBoard, metrics: StatusMetrics, refreshSeconds: Int = 5) -> StatusServer.Handler {
        { path in
            let snapshot = board.snapshot()
            switch path {
            case "/", "/index.html":
                return (200, "text/html; charset=utf-8", Array(StatusPage.html(snapshot, refreshSeconds: refreshSeconds).utf8))
            case "/status.json":
                return (200, "application/json", Array(snapshot.json.serialized().utf8))
            case "/metrics":
                return (200, "text/plain; version=0.0.4; charset=utf-8", Array(metrics.text(snapshot).utf8))
            default:
                return (404, "text/plain; charset=utf-8", Array("not found: try /, /status.json or /metrics\n".utf8))
            }
        }
    }
}
