/// Why a document could not be taken in: it is not XML that this package accepts (STYLE §2.4).
///
/// A fault of one document, never of the service: the pipeline catches it and writes a rejection.
/// `description` is safe to log: a code, a position and libxml2's text, which names elements but does not
/// quote character data.
public struct IntakeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, dotted code that reports carry; new codes can be added without breaking anyone.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let id: String

        private init(id: String) { self.id = id }

        /// The dotted identifier, e.g. `xml.not-well-formed`.
        public var description: String { id }

        /// `xml.empty`: the document has no bytes at all.
        public static let empty = Code(id: "xml.empty")
        /// `xml.too-large`: more bytes than ``ParseLimits/maxBytes``, or a single text larger than libxml2
        /// accepts (10,000,000 bytes).
        public static let tooLarge = Code(id: "xml.too-large")
        /// `xml.not-well-formed`: not well-formed XML 1.0 with namespaces, including bytes that are not in the
        /// declared encoding.
        public static let notWellFormed = Code(id: "xml.not-well-formed")
        /// `xml.doctype-forbidden`: the document has a DOCTYPE; invoices have none, and DTDs are how entity
        /// attacks (billion laughs, external entities) work.
        public static let doctypeForbidden = Code(id: "xml.doctype-forbidden")
        /// `xml.too-deep`: elements nested deeper than ``ParseLimits/maxDepth``.
        public static let tooDeep = Code(id: "xml.too-deep")
        /// `xml.too-many-nodes`: more nodes than ``ParseLimits/maxNodes``.
        public static let tooManyNodes = Code(id: "xml.too-many-nodes")
        /// `xml.too-many-attributes`: an element with more attributes and namespace declarations than
        /// ``ParseLimits/maxAttributes``.
        public static let tooManyAttributes = Code(id: "xml.too-many-attributes")
        /// `xml.too-many-namespaces`: more namespace declarations in scope than ``ParseLimits/maxNamespaces``.
        public static let tooManyNamespaces = Code(id: "xml.too-many-namespaces")
        /// `xml.encoding`: the declared or detected encoding is unknown or not accepted, or the bytes cannot be
        /// converted from it.
        public static let encoding = Code(id: "xml.encoding")
        /// `xml.out-of-memory`: libxml2 could not allocate its parser.
        public static let outOfMemory = Code(id: "xml.out-of-memory")
    }

    /// What went wrong, as a stable code.
    public var code: Code
    /// libxml2's text (first line only), or ours for the limits.
    public var message: String
    /// Where the first error was found, when known.
    public var position: SourcePosition?

    public init(_ code: Code, _ message: String, position: SourcePosition? = nil) {
        self.code = code
        self.message = message
        self.position = position
    }

    /// `code at line:column: message`.
    public var description: String {
        if let position { return "\(code) at \(position): \(message)" }
        return "\(code): \(message)"
    }
}
