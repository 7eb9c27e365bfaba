import Foundation
import GrokConfig
import GrokRunner
import GrokTasks
import Testing

/// The binary record (what workers send and the journal stores since the binary format) must carry the
/// same value as the JSON form: the pinned pre-seam digest of a result's sorted-key JSON still
/// holds after a trip through the record.
@Suite("Binary result record: the same value as the pinned JSON result")
struct BinaryRecordDigestTests {
    @Test("a default-axes XOR result through its binary record still has the pre-seam JSON digest")
    func recordKeepsPinnedDigest() throws {
        let config = try smallConfig()
        let result = try TaskRunner.run(SweepTask(width: 30, seedIndex: 1), config: config)
        let back = try TaskResult.decodeBinary(TaskResult.binaryRecord(result))
        #expect(back == result)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(SHA256.hex(Array(try encoder.encode(back))) == LegacyXORBytesTests.resultDigest)
    }

    @Test("the buffer SHA-256 equals FIPS 180-4 test vectors at block boundaries")
    func sha256Vectors() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
