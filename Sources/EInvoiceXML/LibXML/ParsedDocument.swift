internal import CLibXML2

/// A well-formed document: the compact ``XMLTree`` that the rules evaluate, built straight from the parser's
/// events, and the document's bytes, from which XML Schema validation reads it again as a stream.
///
/// No libxml2 tree is kept: it took several times the memory of ``tree``. Only a document that the XML Schema
/// finds invalid is read into one, to report its errors as libxml2 reports them on a tree.
///
/// Not `Sendable`: one document belongs to one task (STYLE §2.5).
public final class ParsedDocument {
    /// The document as the XPath engine sees it.
    public private(set) var tree: XMLTree
    /// The bytes the document was read from.
    let bytes: [UInt8]
    /// The limits it was read with, for reading it again.
    let limits: ParseLimits

    private init(tree: XMLTree, bytes: [UInt8], limits: ParseLimits) {
        self.tree = tree
        self.bytes = bytes
        self.limits = limits
    }

    /// Gives ``tree`` the identifiers of names interned since the document was read (see
    /// ``XMLTree/withSharedNames()``), as reading it again would.
    public func refreshNames() {
        tree = tree.withSharedNames()
    }

    /// Parses a document safely (STYLE §2.6): no network, no DTD, no entity expansion, any DOCTYPE refused,
    /// size, encoding and attributes per element checked before parsing, depth, nodes and namespaces while
    /// parsing (``ParseLimits``).
    ///
    /// The encoding comes from a byte order mark or the XML declaration (UTF-8 by default). Safe to call from
    /// several threads at once.
    /// - Throws: the first error, with its line and column where libxml2 knows them.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer,
        limits: ParseLimits = ParseLimits()
    ) throws(IntakeError) -> ParsedDocument {
        try checkBeforeParsing(bytes, limits: limits)
        return try parseChecked([UInt8](bytes), limits: limits)
    }

    /// Parses a document held in an array; see ``parse(_:limits:)-(UnsafeRawBufferPointer,_)``.
    public static func parse(
        _ bytes: [UInt8],
        limits: ParseLimits = ParseLimits()
    ) throws(IntakeError) -> ParsedDocument {
        // `Array.withUnsafeBytes` rethrows untyped errors.
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(IntakeError) in try checkBeforeParsing(buffer, limits: limits) }
        }.get()
        return try parseChecked(bytes, limits: limits)
    }

    private static func parseChecked(_ bytes: [UInt8], limits: ParseLimits) throws(IntakeError) -> ParsedDocument {
        LibXML.initialise()
        let context = try ParserContext(limits: limits, building: .xmlTree, byteCount: bytes.count)
        let tree = try bytes.withUnsafeBytes { buffer in
            Result { () throws(IntakeError) in try context.readTree(buffer) }
        }.get()
        return ParsedDocument(tree: tree, bytes: bytes, limits: limits)
    }

    /// The namespace and local name of the document element, read from the start of the bytes only: the parse
    /// stops at the document element's start tag, so this costs next to nothing however large the document.
    /// Nil when the bytes fail the checks made before any parse (size, attributes per element: the same as
    /// ``parse(_:limits:)-([UInt8],_)``'s, so libxml2 never sees what a parse would refuse), or when what comes
    /// before that tag is refused (a DOCTYPE) or not well-formed; the parse alone says whether the whole document is.
    public static func documentElementName(_ bytes: [UInt8], limits: ParseLimits = ParseLimits()) -> QName? {
        let checked = bytes.withUnsafeBytes { buffer in
            Result { () throws(IntakeError) in try checkBeforeParsing(buffer, limits: limits) }
        }
        guard case .success = checked else { return nil }
        LibXML.initialise()
        guard let context = try? ParserContext(limits: limits, building: .documentElementName) else { return nil }
        return bytes.withUnsafeBytes { context.readDocumentElementName($0) }
    }

    /// libxml2's tree of `bytes`, which the caller owns, and the context that read it.
    static func readLibXMLTree(
        _ bytes: [UInt8],
        limits: ParseLimits
    ) throws(IntakeError) -> (document: xmlDocPtr, context: ParserContext) {
        let context = try ParserContext(limits: limits)
        let document = try bytes.withUnsafeBytes { buffer in
            Result { () throws(IntakeError) in try context.read(buffer) }
        }.get()
        return (document, context)
    }

    private static func checkBeforeParsing(_ bytes: UnsafeRawBufferPointer, limits: ParseLimits) throws(IntakeError) {
        if bytes.isEmpty { throw IntakeError(.empty, "the document is empty") }
        if bytes.count > limits.maxBytes || bytes.count > Int(Int32.max) {
            throw IntakeError(
                .tooLarge,
                "the document has \(bytes.count) bytes; at most \(limits.maxBytes) are accepted"
            )
        }
        try MarkupPrescan.check(bytes, maxAttributes: limits.maxAttributes)
    }
}
