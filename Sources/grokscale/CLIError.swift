/// A failure at run time (a file that cannot be read, a sweep that cannot start). Unlike
/// `ValidationError`, ArgumentParser prints it without the usage text, which would only
/// distract from the message.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
