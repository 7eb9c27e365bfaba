import Foundation
import Testing
import ZeroMQ

@Suite("Lifecycle and polling")
struct LifecycleTests {
    @Test("the poller reports readiness on the socket that has a message and only there")
    func pollerReportsTheRightSocket() throws {
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        try router.set(.receiveTimeout(milliseconds: arriveMs))
        try router.bind("inproc://poll")
        var dealers: [ZMQSocket] = []
        for name in ["a", "b"] {
            let dealer = try ZMQSocket(context: context, type: .dealer)
            try dealer.set(.routingID(Array(name.utf8)))
            try dealer.connect("inproc://poll")
            try dealer.send([[0]])
            _ = try router.receive()
            dealers.append(dealer)
        }
        var poller = ZMQPoller()
        let a = poller.add(dealers[0])
        let b = poller.add(dealers[1])
        #expect(try poller.poll(timeoutMilliseconds: 20) == [[], []])
        try router.send([Array("b".utf8), [1]])
        let ready = try poller.poll(timeoutMilliseconds: arriveMs)
        #expect(ready[b] == .readable)
        #expect(ready[a].isEmpty)
        var writable = ZMQPoller()
        writable.add(dealers[0], events: [.readable, .writable])
        #expect(try writable.poll(timeoutMilliseconds: 0) == [.writable])
    }

    @Test("polling a closed socket throws ENOTSOCK")
    func pollClosedSocket() throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        var poller = ZMQPoller()
        poller.add(socket)
        socket.close()
        #expect(zmqError { _ = try poller.poll(timeoutMilliseconds: 0) }?.code == ENOTSOCK)
    }

    @Test("terminating a context with an open socket and queued messages does not hang (linger 0)")
    func terminateWithOpenSocket() {
        // Checks run on the test's thread; the worker thread only records what it saw.
        let observed = Locked<(receive: ZMQError?, newSocket: ZMQError?, other: String?)>((nil, nil, nil))
        let finished = finishesOnThread(within: 2) {
            do {
                let context = try ZMQContext()
                let dealer = try ZMQSocket(context: context, type: .dealer)
                try dealer.connect("tcp://127.0.0.1:1")  // nobody listens: messages stay queued
                for _ in 0..<10 { try dealer.send([[1, 2, 3]]) }
                context.terminate()
                context.terminate()
                let receive = zmqError { _ = try dealer.receive() }
                let newSocket = zmqError { _ = try ZMQSocket(context: context, type: .pair) }
                observed.withValue {
                    $0.receive = receive; $0.newSocket = newSocket
                }
            } catch {
                observed.withValue { $0.other = "\(error)" }
            }
            // context and dealer are released here: zmq_close, then zmq_ctx_term.
        }
        #expect(finished)
        #expect(observed.current.other == nil)
        #expect(observed.current.receive?.isTerminated == true)
        #expect(observed.current.newSocket?.isTerminated == true)
    }

    @Test("terminate wakes a receive blocked forever on another thread with ETERM")
    func terminateWakesBlockedReceive() throws {
        let context = try ZMQContext()
        let started = DispatchSemaphore(value: 0)
        let outcome = Locked<ZMQError?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            do {
                let socket = try ZMQSocket(context: context, type: .dealer)
                try socket.bind("inproc://blocked")
                started.signal()
                _ = try socket.receive()  // no timeout: blocks until terminate
            } catch let error as ZMQError {
                outcome.withValue { $0 = error }
            } catch {}
            done.signal()
        }.start()
        #expect(started.wait(timeout: .now() + 2) == .success)
        Thread.sleep(forTimeInterval: 0.05)
        context.terminate()
        #expect(done.wait(timeout: .now() + 2) == .success)
        #expect(outcome.current?.isTerminated == true)
        #expect(outcome.current?.description.hasSuffix("(ETERM)") == true)
    }
}
