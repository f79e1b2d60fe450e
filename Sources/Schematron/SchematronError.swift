/// A rule set that cannot be read or compiled: a start-up error naming the file, rule and expression.
public struct SchematronError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable, dotted error codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let id: String
        public var description: String { id }
        /// The file is missing, unreadable or not well-formed.
        public static let unreadable = Code(id: "schematron.unreadable")
        /// An element or construct the compiler does not implement.
        public static let unsupported = Code(id: "schematron.unsupported")
        /// An XPath expression failed to compile.
        public static let expression = Code(id: "schematron.expression")
        /// An abstract pattern or included file that is referenced but missing.
        public static let reference = Code(id: "schematron.reference")
    }

    public var code: Code
    public var message: String
    /// The .sch file concerned.
    public var file: String

    public init(_ code: Code, _ message: String, file: String) {
        self.code = code
        self.message = message
        self.file = file
    }

    public var description: String { "\(code): \(file): \(message)" }
}
