import Foundation
import GrokCoordinator
import GrokStatus
import GrokTestSupport
import Testing

@Suite("The live status server: read-only, loopback by default, page, JSON and metrics")
struct StatusServerTests {
    func board() -> StatusBoard {
        let board = StatusBoard(configurationHash: "abcdef0123456789", tasksTotal: 12)
        board.publish(CoordinatorProgress(total: 12, done: 5, failed: 1, leased: 2, liveWorkers: 3, duplicates: 1))
        board.update { s in
            s.running = [.init(task: "h50-s1", worker: "w<1>", host: "node7")]
            s.failures = [.init(task: "h20-s0", error: "injected", attempts: 3)]
            s.quarantined = ["bad-worker"]
        }
        return board
    }

    @Test("a non-loopback address is refused unless opened explicitly; bad addresses are named")
    func loopbackOnlyByDefault() throws {
        #expect(throws: StatusServerError.self) { try StatusServer(address: "0.0.0.0:0", allowNonLoopback: false) { _ in (200, "text/plain", []) } }
        #expect(throws: StatusServerError.self) { try StatusServer(address: "8080", allowNonLoopback: false) { _ in (200, "text/plain", []) } }
        #expect(throws: StatusServerError.self) {
            try StatusServer(address: "example.org:8080", allowNonLoopback: true) { _ in (200, "text/plain", []) }
        }
        let open = try StatusServer(address: "0.0.0.0:0", allowNonLoopback: true) { _ in (200, "text/plain", []) }
        open.stop()
    }

    @Test("the page, /status.json and /metrics answer GET; other methods get 405 and other paths 404")
    func routes() throws {
        let board = board()
        let server = try StatusServer(
            address: "127.0.0.1:0", allowNonLoopback: false, handler: StatusRoutes.handler(board: board, metrics: StatusMetrics()))
        server.start()
        defer { server.stop() }

        let page = try #require(httpGet(port: server.port, path: "/"))
        #expect(page.status == 200)
        #expect(page.headers.contains("text/html"))
        #expect(page.body.contains("<meta http-equiv=\"refresh\""))
        #expect(page.body.contains("5 / 12"))
        #expect(page.body.contains("w&lt;1&gt;"), "worker names are escaped")
        #expect(page.body.contains("bad-worker") && page.body.contains("injected"))
        #expect(!page.body.contains("<script") && !page.body.contains("src=\"http"), "self-contained: no script, nothing fetched")

        let json = try #require(httpGet(port: server.port, path: "/status.json"))
        #expect(json.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
        #expect(object["tasks_done"] as? Int == 5)
        #expect(object["tasks_pending"] as? Int == 4)
        #expect(object["workers_quarantined"] as? [String] == ["bad-worker"])

        let metrics = try #require(httpGet(port: server.port, path: "/metrics"))
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("# TYPE grokscale_tasks_done_total counter"))
        #expect(metrics.body.contains("grokscale_tasks_done_total 5"))
        #expect(metrics.body.contains("grokscale_workers_live 3"))
        #expect(metrics.body.contains("grokscale_sweep_tasks 12"))

        #expect(try #require(httpGet(port: server.port, path: "/metrics", method: "POST")).status == 405)
        #expect(try #require(httpGet(port: server.port, path: "/journal.sqlite")).status == 404)
        let head = try #require(httpGet(port: server.port, path: "/", method: "HEAD"))
        #expect(head.status == 200 && head.body.isEmpty)
    }

    @Test("counters never go down: a later snapshot with more tasks done raises the counter by the difference")
    func countersAreMonotonic() {
        let metrics = StatusMetrics()
        var s = StatusSnapshot()
        s.done = 3
        #expect(metrics.text(s).contains("grokscale_tasks_done_total 3"))
        s.done = 7
        #expect(metrics.text(s).contains("grokscale_tasks_done_total 7"))
        s.done = 2  // never happens in one process; must not make the counter go back
        #expect(metrics.text(s).contains("grokscale_tasks_done_total 7"))
    }

    @Test("rate and ETA count from this coordinator's first result, not from its start; 0 once finished")
    func etaFromRate() throws {
        let board = StatusBoard(configurationHash: "x", tasksTotal: 10)
        board.publish(CoordinatorProgress(total: 10, done: 0, failed: 0, leased: 0, liveWorkers: 1, duplicates: 0))
        usleep(300_000)  // start-up time (workers joining) must not dilute the rate
        board.publish(CoordinatorProgress(total: 10, done: 1, failed: 0, leased: 0, liveWorkers: 1, duplicates: 0))
        #expect(board.snapshot().etaSeconds == nil, "one result is no rate yet")
        usleep(20_000)
        board.publish(CoordinatorProgress(total: 10, done: 5, failed: 0, leased: 0, liveWorkers: 1, duplicates: 0))
        let rate = try #require(board.snapshot().tasksPerSecond)
        #expect(rate > 4 / 0.3, "4 tasks in a few tens of ms, not 5 in 0.32 s: \(rate)")
        let eta = try #require(board.snapshot().etaSeconds)
        #expect(eta > 0 && eta < 1)
        board.publish(CoordinatorProgress(total: 10, done: 9, failed: 1, leased: 0, liveWorkers: 1, duplicates: 0))
        #expect(board.snapshot().finished && board.snapshot().etaSeconds == 0)
    }

    @Test("the leased count and the holders table come from one source: the coordinator's own leases")
    func leasedAndHoldersAgree() {
        let board = StatusBoard(configurationHash: "x", tasksTotal: 10)
        let holders = [
            CoordinatorProgress.Holder(worker: "w1", host: "n1", tasks: ["h20-s0", "h20-s1"]), .init(worker: "w2", host: "n2", tasks: ["h30-s0"]),
        ]
        board.publish(CoordinatorProgress(total: 10, done: 2, failed: 0, leased: 3, liveWorkers: 2, duplicates: 0, holders: holders))
        let s = board.snapshot()
        #expect(s.running.count == 3 && Set(s.running.map(\.worker)) == ["w1", "w2"])
        let page = StatusPage.html(s)
        #expect(page.contains("3 task(s), held by 2 worker(s)") && page.contains("Workers holding tasks (2)"))
    }

    @Test("before any τ window is covered, the page says why instead of drawing an empty D(τ) plot")
    func partialDTauNote() {
        var s = StatusSnapshot()
        s.tasksTotal = 10
        s.done = 1
        s.dTauNote = "not yet: no τ window has enough runs from enough widths (1 of 3 widths have results so far)"
        let page = StatusPage.html(s)
        #expect(page.contains("id=\"d-tau-note\"") && page.contains("1 of 3 widths") && !page.contains("<svg"))
    }
}
