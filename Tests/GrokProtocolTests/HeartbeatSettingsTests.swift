import Foundation
import GrokProtocol
import Testing

@Suite("HEARTBEAT carries the coordinator's liveness settings, backward compatibly")
struct HeartbeatSettingsTests {
    @Test("a heartbeat with settings still decodes as a plain HEARTBEAT, and the settings read back")
    func roundTrip() throws {
        let settings = HeartbeatSettings(intervalMs: 250, liveness: 4)
        let frames = settings.frames
        #expect(try WireCodec.decode(frames) == .heartbeat)
        #expect(String(decoding: frames[2], as: UTF8.self) == #"{"interval_ms":250,"liveness":4}"#)
        #expect(HeartbeatSettings(heartbeatFrames: frames) == settings)
    }

    @Test("{} (an older coordinator, or a worker's heartbeat), other kinds and absurd values carry no settings")
    func noSettings() {
        #expect(HeartbeatSettings(heartbeatFrames: WireCodec.encode(.heartbeat)) == nil)
        #expect(HeartbeatSettings(heartbeatFrames: WireCodec.encode(.done)) == nil)
        let id = Array("GRKS/1".utf8), kind = Array("HEARTBEAT".utf8)
        #expect(HeartbeatSettings(heartbeatFrames: [id, kind, Array(#"{"interval_ms":0,"liveness":3}"#.utf8)]) == nil)
        #expect(HeartbeatSettings(heartbeatFrames: [id, kind, Array(#"{"interval_ms":1000,"liveness":0}"#.utf8)]) == nil)
        #expect(HeartbeatSettings(heartbeatFrames: [id, kind, Array(#"{"interval_ms":"fast","liveness":3}"#.utf8)]) == nil)
    }
}
