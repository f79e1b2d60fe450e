internal import CLibXML2

/// A compiled XML Schema, loaded once at start-up and shared by every validation.
///
/// `@unchecked Sendable`: libxml2 only reads an `xmlSchemaPtr` once it is parsed, so threads may share it;
/// each validation creates its own validation context (``ParsedDocument/validate(against:)``), which holds all
/// mutable state. Nothing here changes after `init`.
public final class XMLSchema: @unchecked Sendable {
    let raw: xmlSchemaPtr

    /// Loads the schema at `path` with the files it includes and imports, which libxml2 finds relative to it
    /// (local files: the installed rules are trusted input).
    /// - Throws: the first error libxml2 reports.
    public init(contentsOf path: String) throws(SchemaLoadError) {
        LibXML.initialise()
        raw = try SchemaParserContext(path: path).parse()
    }

    deinit { xmlSchemaFree(raw) }
}

/// Owns the libxml2 schema parser context of one schema load and keeps its first error.
private final class SchemaParserContext {
    private let path: String
    private var first: SchemaLoadError?

    init(path: String) {
        self.path = path
    }

    func parse() throws(SchemaLoadError) -> xmlSchemaPtr {
        guard let raw = xmlSchemaNewParserCtxt(path) else {
            throw SchemaLoadError(.unreadable, "libxml2 could not allocate a schema parser context", path: path)
        }
        defer { xmlSchemaFreeParserCtxt(raw) }
        let handler: xmlStructuredErrorFunc = { userData, error in
            guard let userData, let error else { return }
            Unmanaged<SchemaParserContext>.fromOpaque(userData).takeUnretainedValue().record(error)
        }
        let userData = Unmanaged.passUnretained(self).toOpaque()
        xmlSchemaSetParserStructuredErrors(raw, handler, userData)
        // Reading an included or imported file reports I/O and XML errors without a context.
        let schema = LibXML.withThreadErrorHandler(handler, userData: userData) { xmlSchemaParse(raw) }
        guard let schema else {
            throw first ?? SchemaLoadError(.invalid, "libxml2 could not compile the schema", path: path)
        }
        if let first {
            xmlSchemaFree(schema)
            throw first
        }
        return schema
    }

    private func record(_ error: UnsafePointer<xmlError>) {
        guard first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let domain = UInt32(bitPattern: error.pointee.domain)
        let code = UInt32(bitPattern: error.pointee.code)
        // Errors of reading a file or parsing it as XML, as opposed to errors in the schema it holds.
        let readingDomains = [XML_FROM_IO, XML_FROM_PARSER, XML_FROM_NAMESPACE, XML_FROM_I18N].map(\.rawValue)
        let unreadable =
            readingDomains.contains(domain)
            || code == XML_SCHEMAP_FAILED_LOAD.rawValue || code == XML_SCHEMAP_NOTHING_TO_PARSE.rawValue
        let line = Int(error.pointee.line)
        first = SchemaLoadError(
            unreadable ? .unreadable : .invalid,
            LibXML.message(error),
            path: path,
            file: error.pointee.file.map { String(cString: $0) },
            line: line > 0 ? line : nil
        )
    }
}
