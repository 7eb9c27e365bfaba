/// Why a run folder cannot be analysed; `kind` picks the exit status (noInput 66, dataError 65).
public struct RunFolderError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case noInput, invalid }
    public var kind: Kind
    public var description: String
    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }
}
