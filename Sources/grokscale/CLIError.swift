/// A failure at run time (a file that cannot be read, a sweep that cannot start), with the exit
/// status of the table in ExitStatus.swift. Unlike `ValidationError` (usage errors, status 64),
/// it is printed without the usage text, which would only distract from the message.
/// Every message is printed as `error: <message>` on standard error (`Grokscale.main`).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let status: ExitStatus
    init(_ description: String, status: ExitStatus = .failure) {
        self.description = description
        self.status = status
    }
}
