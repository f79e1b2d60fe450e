/// Bounds on what a document may cost before it is refused (STYLE §2.6; WasmKit `ParsingLimits`).
public struct ParseLimits: Hashable, Sendable {
    /// Largest accepted document, in bytes (default 15 MiB, like the federal invoice portal).
    public var maxBytes: Int = 15 * 1024 * 1024
    /// Deepest accepted element nesting (libxml2's own limit without `XML_PARSE_HUGE` is 256).
    public var maxDepth: Int = 256

    public init(maxBytes: Int = 15 * 1024 * 1024, maxDepth: Int = 256) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }
}

/// A 1-based line and column in a source document.
public struct SourcePosition: Hashable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// Why a document could not be taken in: it is not XML we accept. A fault of one document, never of the service.
public struct IntakeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable, dotted codes that reports carry.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let id: String
        public var description: String { id }
        /// Zero bytes.
        public static let empty = Code(id: "xml.empty")
        /// More bytes than ``ParseLimits/maxBytes``.
        public static let tooLarge = Code(id: "xml.too-large")
        /// libxml2 found the document not well-formed (including a wrong encoding declaration).
        public static let notWellFormed = Code(id: "xml.not-well-formed")
        /// The document has a DOCTYPE; invoices have none, and DTDs are how entity attacks work.
        public static let doctypeForbidden = Code(id: "xml.doctype-forbidden")
        /// Elements nested deeper than ``ParseLimits/maxDepth``.
        public static let tooDeep = Code(id: "xml.too-deep")
    }

    public var code: Code
    /// libxml2's text, never quoting document content.
    public var message: String
    /// Where the first error was found.
    public var position: SourcePosition?

    public init(_ code: Code, _ message: String, position: SourcePosition? = nil) {
        self.code = code
        self.message = message
        self.position = position
    }

    public var description: String {
        if let position { return "\(code) at \(position): \(message)" }
        return "\(code): \(message)"
    }
}

/// One XML Schema validation error, as libxml2 reports it (and as the reference's corpus records it).
public struct SchemaViolation: Hashable, Sendable, Codable {
    public var line: Int
    /// libxml2 leaves the column 0 for schema errors.
    public var column: Int
    /// The libxml2 error name without `XML_`, e.g. `SCHEMAV_ELEMENT_CONTENT`.
    public var type: String
    public var message: String

    public init(line: Int, column: Int, type: String, message: String) {
        self.line = line
        self.column = column
        self.type = type
        self.message = message
    }
}
