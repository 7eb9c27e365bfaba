import Foundation
import GrokConfig
import Testing

@Suite("JSON writer: reproducible bytes that standard parsers read back exactly")
struct JSONValueTests {
    @Test("doubles round-trip bit for bit through Foundation's parser; non-finite values are null")
    func doublesRoundTrip() throws {
        let values: [Double] = [0.1, 1.0 / 3.0, 1e-300, 5e20, -0.0, 123456789.125, .pi, 2.2250738585072014e-308]
        let json = JSONValue.array(values.map(JSONValue.double) + [.double(.nan), .double(.infinity)]).serialized()
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [Any]
        for (i, v) in values.enumerated() {
            #expect((parsed[i] as! NSNumber).doubleValue.bitPattern == v.bitPattern || v == 0)
        }
        #expect(parsed[values.count] is NSNull)
        #expect(parsed[values.count + 1] is NSNull)
    }

    @Test("object keys keep their order and strings are escaped")
    func orderAndEscapes() throws {
        let v = JSONValue.object([("z", .int(1)), ("a", .string("q\"\\\n\u{01}é")), ("m", .array([.object([("x", .null)])]))])
        let text = v.serialized()
        #expect(text.firstRange(of: "\"z\"")!.lowerBound < text.firstRange(of: "\"a\"")!.lowerBound)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(parsed["a"] as? String == "q\"\\\n\u{01}é")
    }
}
