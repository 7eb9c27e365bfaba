import Foundation
import GrokConfig
import GrokCoordinator
import GrokProbe
import GrokRunner
import GrokTasks
import GrokTraining
import Testing

/// The coordinator accepts a binary result without decoding it when ``InPlaceResultCheck``
/// proves it valid; a record it proves must be one the decoder reads exactly and the validator
/// accepts, or a bad result would be committed.
@Suite("In-place result check: never proves a record the decoder or the validator refuses")
struct InPlaceResultCheckTests {
    static let config: SweepConfig = {
        var c = SweepConfig()
        c.widths = [20]
        c.seeds = 2
        c.topologies = ["ba", "ring"]
        c.training.epochs = 200
        c.training.snapshotInterval = 50
        return c
    }()
    static let task = SweepTask(width: 20, seedIndex: 1)
    static let result: TaskResult = try! TaskRunner.run(task, config: config)
    static let expected = ExpectedResult(task: task, config: config)

    func proven(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { InPlaceResultCheck.isValid($0, expected: Self.expected) }
    }

    /// The full path's verdict: decodes exactly and validates.
    func acceptedInFull(_ bytes: [UInt8]) -> Bool {
        guard let r = try? TaskResult.decodeBinary(bytes) else { return false }
        return ResultValidator.problem(with: r, expected: Self.expected) == nil
    }

    @Test("a worker's valid record, and valid variants of it, are proven valid in place")
    func validRecordsAreProven() {
        var variants = [Self.result]
        var noOnset = Self.result
        noOnset.onsetEpoch = nil
        noOnset.trainOnsetEpoch = 7
        noOnset.loss[0] = PhysicalRanges.defaultMaxLoss  // the task's bound itself is allowed
        variants.append(noOnset)
        var empty = Self.result
        empty.topologies[0].gradient[0] = FieldCascades(cascades: [Cascade(size: 0, extent: 0, duration: 0)])
        variants.append(empty)
        for r in variants {
            #expect(ResultValidator.problem(with: r, expected: Self.expected) == nil)
            #expect(proven(TaskResult.binaryRecord(r)))
        }
    }

    @Test("results the validator refuses are never proven (each rule broken once)")
    func invalidResultsAreNotProven() {
        var cases: [(String, TaskResult)] = []
        func breaking(_ name: String, _ change: (inout TaskResult) -> Void) {
            var r = Self.result
            change(&r)
            cases.append((name, r))
        }
        breaking("other seed") { $0.task = SweepTask(width: 20, seedIndex: 0) }
        breaking("parameter count") { $0.parameterCount += 1 }
        breaking("onset beyond the epochs") { $0.onsetEpoch = 201 }
        breaking("negative onset") { $0.onsetEpoch = -1 }
        breaking("snapshot epoch") { $0.snapshotEpochs[1] += 1 }
        breaking("one snapshot more") {
            $0.snapshotEpochs.append(250); $0.loss.append(0); $0.accuracy.append(0); $0.gini.append(0)
        }
        breaking("negative loss") { $0.loss[0] = -1 }
        breaking("NaN loss") { $0.loss[0] = .nan }
        breaking("infinite loss") { $0.loss[0] = .infinity }
        breaking("accuracy above 1") { $0.accuracy[0] = 1.5 }
        // The task's physical ranges: finite, well-formed, impossible.
        breaking("loss 1e308") { $0.loss[0] = 1e308 }
        breaking("loss just above the task's bound") { $0.loss[1] = PhysicalRanges.defaultMaxLoss.nextUp }
        breaking("accuracy off the k/4 grid") { $0.accuracy[0] = 0.3 }
        breaking("accuracy −0.0") { $0.accuracy[0] = -0.0 }
        breaking("accuracy one ulp off") { $0.accuracy[0] = 0.75.nextUp }
        breaking("test accuracy on a task without a test set") { $0.testAccuracy = $0.loss.map { _ in 0.5 } }
        breaking("NaN gini") { $0.gini[0] = .nan }
        breaking("gini count") { $0.gini.removeLast() }
        breaking("topology order") { $0.topologies.swapAt(0, 1) }
        breaking("topology missing") { $0.topologies.removeLast() }
        breaking("gradient field missing") { $0.topologies[0].gradient.removeLast() }
        breaking("control field extra") { $0.topologies[1].control.append(FieldCascades(cascades: [Cascade(size: 1, extent: 1, duration: 1)])) }
        breaking("two cascades in global mode") { $0.topologies[0].gradient[0].cascades.append(Cascade(size: 1, extent: 1, duration: 1)) }
        breaking("size 0 with extent") { $0.topologies[0].gradient[0] = FieldCascades(cascades: [Cascade(size: 0, extent: 1, duration: 0)]) }
        breaking("extent above size") { $0.topologies[0].gradient[0] = FieldCascades(cascades: [Cascade(size: 2, extent: 3, duration: 1)]) }
        breaking("duration 0") { $0.topologies[0].gradient[0] = FieldCascades(cascades: [Cascade(size: 2, extent: 1, duration: 0)]) }
        breaking("size above the cap") { $0.topologies[0].gradient[0] = FieldCascades(cascades: [Cascade(size: 1 << 50, extent: 1, duration: 1)]) }
        breaking("negative size") { $0.topologies[0].gradient[0] = FieldCascades(cascades: [Cascade(size: -1, extent: 1, duration: 1)]) }
        for (name, r) in cases {
            #expect(ResultValidator.problem(with: r, expected: Self.expected) != nil, "\(name): the validator should refuse it")
            #expect(!proven(TaskResult.binaryRecord(r)), "\(name): proven valid in place")
        }
        // A field with a probe error is left to the full check, valid or not.
        var withError = Self.result
        withError.topologies[0].gradient[0] = FieldCascades(cascades: [], error: "no threshold")
        #expect(!proven(TaskResult.binaryRecord(withError)))
    }

    @Test("a task with a test set: test accuracies on its k/n grid are proven; off it, both checks refuse and name the field")
    func testAccuracyGrid() throws {
        var c = SweepConfig()
        c.widths = [6]
        c.seeds = 1
        c.topologies = ["ring"]
        c.training.epochs = 20
        c.training.snapshotInterval = 10
        c.taskGrid.tasks = ["modadd"]
        c.taskGrid.knobs.modaddModulus = 7
        let task = try #require(c.tasks.first)
        let honest = try TaskRunner.run(task, config: c)
        let e = ExpectedResult(task: task, config: c)
        let ranges = try #require(e.ranges)
        #expect(ranges.trainingCount == 39 && ranges.testCount == 10, "⌊0.8 · 49⌋ training pairs, the rest test")
        func bothAccept(_ r: TaskResult) -> Bool {
            let full = ResultValidator.problem(with: r, expected: e) == nil
            let inPlace = TaskResult.binaryRecord(r).withUnsafeBytes { InPlaceResultCheck.isValid($0, expected: e) }
            #expect(full == inPlace, "the in-place check and the validator disagree")
            return full
        }
        #expect(bothAccept(honest))
        var off = honest
        off.testAccuracy![1] = 0.55
        #expect(!bothAccept(off))
        #expect(ResultValidator.problem(with: off, expected: e)?.contains("testAccuracy[1] = 0.55 is not k/10") == true)
        var short = honest
        short.testAccuracy!.removeLast()
        #expect(!bothAccept(short))
    }

    @Test("5,000 corrupted records (bytes flipped, cut, inserted): whatever is proven decodes exactly, validates, and re-encodes to the same bytes")
    func corruptedRecordsAreNeverWronglyProven() {
        let record = TaskResult.binaryRecord(Self.result)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_CE4E_5B9B
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        var provenCount = 0, wronglyProven = 0
        for _ in 0..<5000 {
            var bytes = record
            switch next(4) {
            case 0: bytes[next(bytes.count)] ^= UInt8(1 << next(8))
            case 1: bytes[next(bytes.count)] = UInt8(next(256))
            case 2: bytes.removeLast(1 + next(min(16, bytes.count - 1)))
            default: bytes.insert(UInt8(next(256)), at: next(bytes.count))
            }
            guard proven(bytes) else { continue }
            provenCount += 1
            let decoded = try? TaskResult.decodeBinary(bytes)
            if !acceptedInFull(bytes) || decoded.map(TaskResult.binaryRecord) != bytes { wronglyProven += 1 }
        }
        #expect(wronglyProven == 0, "\(wronglyProven) corrupted records proven valid that the full path refuses")
        // Flips inside doubles and cascade values keep many records valid: the check was exercised.
        #expect(provenCount > 0)
    }
}
