import GrokServe
import Testing

@Suite("Resent requests are answered, never computed again")
struct ReplyCacheTests {
    static let key = RequestKey(client: "c1", id: 7)

    @Test("a resend while pending moves the reply to the latest sender; a resend after the reply gets the same bytes")
    func pendingThenDone() {
        var cache = ReplyCache()
        #expect(cache.begin(Self.key, identity: [1]) == .new)
        #expect(cache.begin(Self.key, identity: [2]) == .pending)
        #expect(cache.complete(Self.key, frame: [9, 9], fallback: [1]) == [2])
        #expect(cache.begin(Self.key, identity: [3]) == .done([9, 9]))
        // The same id from another client is another request.
        #expect(cache.begin(RequestKey(client: "c2", id: 7), identity: [4]) == .new)
    }

    @Test("finished replies beyond the entry or byte budget are forgotten oldest first; pending ones are kept")
    func eviction() {
        var cache = ReplyCache(maxEntries: 2, maxBytes: 10)
        let keys = (0..<4).map { RequestKey(client: "c", id: $0) }
        for k in keys { #expect(cache.begin(k, identity: [0]) == .new) }
        _ = cache.complete(keys[0], frame: [0], fallback: [0])
        _ = cache.complete(keys[1], frame: [1], fallback: [0])
        _ = cache.complete(keys[2], frame: [2], fallback: [0])
        #expect(cache.finishedCount == 2)
        #expect(cache.begin(keys[0], identity: [0]) == .new)  // evicted: computed again
        #expect(cache.begin(keys[2], identity: [0]) == .done([2]))
        #expect(cache.begin(keys[3], identity: [5]) == .pending)  // never evicted while pending
        _ = cache.complete(keys[3], frame: [UInt8](repeating: 3, count: 10), fallback: [0])
        #expect(cache.finishedCount == 1 && cache.begin(keys[3], identity: [0]) == .done([UInt8](repeating: 3, count: 10)))
    }

    @Test("a request's client and id are its key; a client token without an id is refused")
    func envelope() throws {
        let keyed = try ServeCodec.decodeEnvelope([Array(#"{"protocol": "grokscale-serve/1", "type": "report", "client": "abc", "id": 5}"#.utf8)])
        #expect(keyed.key == RequestKey(client: "abc", id: 5) && keyed.id == 5)
        let plain = try ServeCodec.decodeEnvelope([Array(#"{"protocol": "grokscale-serve/1", "type": "hello"}"#.utf8)])
        #expect(plain.key == nil && plain.id == nil)
        #expect { try ServeCodec.decodeEnvelope([Array(#"{"protocol": "grokscale-serve/1", "type": "hello", "client": "abc"}"#.utf8)]) } throws: {
            ($0 as? ServeError)?.code == "bad_request"
        }
    }
}
