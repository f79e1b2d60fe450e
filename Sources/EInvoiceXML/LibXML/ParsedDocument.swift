internal import CLibXML2

/// Collects the first error of one parser or validation context (never libxml2's global last error).
final class ErrorCollector {
    var first: (code: Int32, message: String, line: Int, column: Int)?
    var all: [SchemaViolation] = []
    var sawDoctype = false

    func record(_ error: xmlErrorPtr?) {
        guard let error else { return }
        var message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
        while message.last == "\n" { message.removeLast() }
        let code = error.pointee.code
        if first == nil {
            first = (code, message, Int(error.pointee.line), Int(error.pointee.int2))
        }
        all.append(
            SchemaViolation(
                line: Int(error.pointee.line),
                column: Int(error.pointee.int2),
                type: SchemaViolation.typeNames[code] ?? "code \(code)",
                message: message
            )
        )
    }
}

/// libxml2 is initialised once per process, before the first parse.
private let libxmlInitialised: Bool = {
    xmlInitParser()
    return true
}()

/// A well-formed document: owns its libxml2 tree (for XML Schema validation) and the compact ``XMLTree`` that
/// the rules evaluate. Not `Sendable`: one document belongs to one task.
public final class ParsedDocument {
    let raw: xmlDocPtr
    /// The document as the XPath engine sees it.
    public let tree: XMLTree

    init(raw: xmlDocPtr, tree: XMLTree) {
        self.raw = raw
        self.tree = tree
    }

    deinit { xmlFreeDoc(raw) }

    /// Parses `bytes` safely: no network, no DTD loading, no entity substitution, DOCTYPE refused, limits
    /// checked; the first error is reported with its line and column.
    public static func parse(_ bytes: [UInt8], limits: ParseLimits = ParseLimits()) throws(IntakeError) -> ParsedDocument {
        if bytes.isEmpty { throw IntakeError(.empty, "the document is empty") }
        if bytes.count > limits.maxBytes {
            throw IntakeError(.tooLarge, "the document has \(bytes.count) bytes; the limit is \(limits.maxBytes)")
        }
        _ = libxmlInitialised
        guard let context = xmlNewParserCtxt() else { throw IntakeError(.notWellFormed, "out of memory") }
        defer { xmlFreeParserCtxt(context) }
        let collector = ErrorCollector()
        context.pointee._private = Unmanaged.passUnretained(collector).toOpaque()
        context.pointee.sax.pointee.serror = { userData, error in
            guard let userData else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let opaque = context.pointee._private else { return }
            Unmanaged<ErrorCollector>.fromOpaque(opaque).takeUnretainedValue().record(error)
        }
        context.pointee.sax.pointee.internalSubset = { userData, _, _, _ in
            guard let userData else { return }
            let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            if let opaque = context.pointee._private {
                Unmanaged<ErrorCollector>.fromOpaque(opaque).takeUnretainedValue().sawDoctype = true
            }
            xmlStopParser(context)
        }
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue
        )
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlCtxtReadMemory(context, $0, Int32(buffer.count), nil, nil, options)
            }
        }
        if collector.sawDoctype {
            if let document { xmlFreeDoc(document) }
            throw IntakeError(.doctypeForbidden, "a DOCTYPE declaration is not allowed in an invoice")
        }
        guard let document, context.pointee.wellFormed != 0, collector.first == nil || isWarningOnly(collector) else {
            if let document { xmlFreeDoc(document) }
            let first = collector.first
            throw IntakeError(
                .notWellFormed,
                first?.message ?? "the document is not well-formed",
                position: first.map { SourcePosition(line: $0.line, column: $0.column) }
            )
        }
        do {
            let tree = try TreeConversion.makeTree(document, limits: limits)
            return ParsedDocument(raw: document, tree: tree)
        } catch {
            xmlFreeDoc(document)
            throw error
        }
    }

    private static func isWarningOnly(_ collector: ErrorCollector) -> Bool {
        // Namespace warnings (e.g. a relative namespace URI) are not well-formedness errors.
        collector.first.map { $0.code == XML_WAR_NS_URI_RELATIVE.rawValue || $0.code == XML_WAR_NS_URI.rawValue } ?? true
    }

    /// Validates the document against an XML Schema; every error, in libxml2's order and wording.
    public func validate(against schema: XMLSchema) -> [SchemaViolation] {
        guard let validation = xmlSchemaNewValidCtxt(schema.raw) else {
            return [SchemaViolation(line: 0, column: 0, type: "internal", message: "out of memory")]
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        let collector = ErrorCollector()
        xmlSchemaSetValidStructuredErrors(
            validation,
            { userData, error in
                guard let userData else { return }
                Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue().record(error)
            },
            Unmanaged.passUnretained(collector).toOpaque()
        )
        let result = xmlSchemaValidateDoc(validation, raw)
        if result != 0 && collector.all.isEmpty {
            return [SchemaViolation(line: 0, column: 0, type: "internal", message: "XML Schema validation failed (\(result))")]
        }
        return collector.all
    }
}
