/// Why an XML Schema could not be loaded: a fault of the installed rules, found at start-up (STYLE §2.4).
public struct SchemaLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, dotted code; new codes can be added without breaking anyone.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let id: String

        private init(id: String) { self.id = id }

        /// The dotted identifier, e.g. `xsd.invalid`.
        public var description: String { id }

        /// `xsd.unreadable`: the schema, or a file it includes or imports, cannot be read or is not XML.
        public static let unreadable = Code(id: "xsd.unreadable")
        /// `xsd.invalid`: the schema documents are XML but not a valid XML Schema.
        public static let invalid = Code(id: "xsd.invalid")
    }

    /// What went wrong, as a stable code.
    public var code: Code
    /// libxml2's text of the first error.
    public var message: String
    /// The schema that was asked for.
    public var path: String
    /// The file of the first error (the schema itself or one it includes or imports), when libxml2 names it.
    public var file: String?
    /// The line of the first error in ``file``, when known.
    public var line: Int?

    public init(_ code: Code, _ message: String, path: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.file = file
        self.line = line
    }

    /// `code: path (file:line): message`.
    public var description: String {
        var location = ""
        if let file {
            location = line.map { " (\(file):\($0))" } ?? " (\(file))"
        }
        return "\(code): \(path)\(location): \(message)"
    }
}
