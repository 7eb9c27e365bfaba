import Foundation

/// The GPUs a worker can offer programs that require one. `GROKSCALE_GPUS` (a comma list such
/// as "cuda:0,cuda:1"; empty for none) wins, so a scheduler test or a site script can state the
/// devices; otherwise NVIDIA's driver is asked through /proc (no CUDA library is linked).
public enum GPUDevices {
    public static func detected(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let listed = environment["GROKSCALE_GPUS"] {
            return listed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let gpus = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/driver/nvidia/gpus")) ?? []
        return gpus.indices.map { "cuda:\($0)" }
    }
}
