import Foundation
import GrokCluster
import Testing

@Suite("Default slots follow the CPUs a process may use")
struct CPUAllocationTests {
    @Test("the affinity mask counts what nproc counts, never more than the machine's CPUs")
    func affinityMatchesNproc() throws {
        let count = try #require(CPUAllocation.affinityCount())
        #expect(count >= 1 && count <= ProcessInfo.processInfo.activeProcessorCount)
        let nproc = Process()
        nproc.executableURL = URL(fileURLWithPath: "/usr/bin/nproc")
        let pipe = Pipe()
        nproc.standardOutput = pipe
        try nproc.run()
        nproc.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) == count)
    }

    @Test("SLURM_CPUS_PER_TASK caps the slots; nonsense values are ignored")
    func slurmCapsSlots() throws {
        let mask = try #require(CPUAllocation.affinityCount())
        #expect(CPUAllocation.slots(environment: ["SLURM_CPUS_PER_TASK": "1"]) == 1)
        #expect(CPUAllocation.slots(environment: ["SLURM_CPUS_PER_TASK": "999"]) == mask)
        #expect(CPUAllocation.slots(environment: ["SLURM_CPUS_PER_TASK": "zero"]) == mask)
        #expect(CPUAllocation.slots(environment: [:]) == mask)
    }
}

@Suite("The journal folder's file system")
struct FileSystemKindTests {
    @Test("NFS, Lustre and GPFS magic numbers are network file systems; ext4, xfs, tmpfs are local")
    func classifiesMagic() {
        #expect(FileSystemKind.classify(magic: 0x6969) == .network("NFS"))
        #expect(FileSystemKind.classify(magic: 0x0BD0_0BD0) == .network("Lustre"))
        #expect(FileSystemKind.classify(magic: 0x4750_4653) == .network("GPFS (IBM Storage Scale)"))
        #expect(FileSystemKind.classify(magic: 0xEF53) == .local)  // ext2/3/4
        #expect(FileSystemKind.classify(magic: 0x5846_5342) == .local)  // xfs
        #expect(FileSystemKind.classify(magic: 0x0102_1994) == .local)  // tmpfs
    }

    @Test("the temporary folder is local here, so no warning; a missing folder is judged by its parent")
    func localFolderHasNoWarning() {
        let tmp = FileManager.default.temporaryDirectory
        #expect(FileSystemKind.of(tmp) == .local)
        #expect(FileSystemKind.of(tmp.appendingPathComponent("does-not-exist/yet")) == .local)
        #expect(FileSystemKind.journalWarning(for: tmp) == nil)
    }
}
