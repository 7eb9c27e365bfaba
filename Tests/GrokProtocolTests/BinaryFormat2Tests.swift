import Foundation
import GrokProbe
import GrokTasks
import GrokTraining
import Testing

@Suite("Binary result record, format 2: indicators and first waves, exact round trips, format 1 kept when neither is present")
struct BinaryFormat2Tests {
    static var sample: TaskResult {
        var r = BinaryResultTests.sample
        r.indicators = [
            IndicatorSeries(name: "weight_norm_sq", values: [3, 2.5, 1e-300]),
            IndicatorSeries(name: "llc", values: [-0.5, 0.1 + 0.2, 4]),
        ]
        r.topologies[0].gradient[0].cascades[0].firstWave = 2
        r.topologies[0].gradient[2].cascades[0].firstWave = 1 << 39
        return r
    }

    @Test("a result with indicators or first waves is written as format 2 and decodes to itself, in both encodings")
    func roundTrip() throws {
        var firstWavesOnly = BinaryResultTests.sample
        firstWavesOnly.topologies[0].gradient[0].cascades[0].firstWave = 3
        var indicatorsOnly = BinaryResultTests.sample
        indicatorsOnly.indicators = []
        for r in [Self.sample, firstWavesOnly, indicatorsOnly] {
            let record = TaskResult.binaryRecord(r)
            #expect(Array(record.prefix(5)) == TaskResult.binaryMagic2)
            let back = try TaskResult.decodeBinary(record)
            #expect(back == r)
            #expect(TaskResult.binaryRecord(back) == record)
            #expect(try TaskResult.decodeStored(TaskResult.canonicalJSON(r)) == r)
        }
    }

    @Test("a result without either keeps format 1, byte for byte, and its canonical JSON has no new keys")
    func formatOneKept() {
        let record = TaskResult.binaryRecord(BinaryResultTests.sample)
        #expect(Array(record.prefix(5)) == TaskResult.binaryMagic)
        let json = String(decoding: TaskResult.canonicalJSON(BinaryResultTests.sample), as: UTF8.self)
        #expect(!json.contains("indicators") && !json.contains("firstWave"))
    }

    @Test("every truncation of a format-2 record is refused; an unknown format version is refused by name")
    func malformedRefused() {
        let record = TaskResult.binaryRecord(Self.sample)
        for n in 0..<record.count {
            #expect(throws: BinaryDecodingError.self) { try TaskResult.decodeBinary(Array(record.prefix(n))) }
        }
        var future = record
        future[4] = 3
        do {
            _ = try TaskResult.decodeBinary(future)
            Issue.record("format 3 was accepted")
        } catch {
            #expect("\(error)".contains("format 3"))
        }
    }
}
