/// The release this build belongs to: announced by workers (READY), printed by `--version` and
/// recorded in every report's provenance.
public enum GrokscaleVersion {
    public static let current = "0.1.0"
}
