internal import CLibXML2

/// A well-formed document: owns its libxml2 tree, which never leaves this module and serves XML Schema
/// validation, and holds the compact ``XMLTree`` that the rules evaluate.
///
/// Not `Sendable`: one document belongs to one task (STYLE §2.5).
public final class ParsedDocument {
    /// The libxml2 tree, until ``releaseSourceTree()``.
    private(set) var raw: xmlDocPtr?
    /// The document as the XPath engine sees it.
    public private(set) var tree: XMLTree

    private init(raw: xmlDocPtr, tree: XMLTree) {
        self.raw = raw
        self.tree = tree
    }

    deinit { if let raw { xmlFreeDoc(raw) } }

    /// Gives ``tree`` the identifiers of names interned since the document was read (see
    /// ``XMLTree/withSharedNames()``), as reading it again would.
    public func refreshNames() {
        tree = tree.withSharedNames()
    }

    /// Frees libxml2's tree once XML Schema validation is done: the rules need only ``tree``, and a large
    /// invoice's libxml2 tree is the biggest thing in memory.
    public func releaseSourceTree() {
        if let raw { xmlFreeDoc(raw) }
        raw = nil
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
        LibXML.initialise()
        let context = try ParserContext(limits: limits)
        let raw = try context.read(bytes)
        return ParsedDocument(raw: raw, tree: makeTree(raw, bigLines: context.bigLines))
    }

    /// Parses a document held in an array; see ``parse(_:limits:)-(UnsafeRawBufferPointer,_)``.
    public static func parse(
        _ bytes: [UInt8],
        limits: ParseLimits = ParseLimits()
    ) throws(IntakeError) -> ParsedDocument {
        // `Array.withUnsafeBytes` rethrows untyped errors.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(IntakeError) in try parse(buffer, limits: limits) }
        }
        return try result.get()
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
