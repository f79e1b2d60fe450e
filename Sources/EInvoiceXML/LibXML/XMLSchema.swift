internal import CLibXML2

/// A compiled XML Schema. `@unchecked Sendable`: libxml2's `xmlSchemaPtr` is read-only once parsed and may be
/// shared by threads; each validation uses its own validation context.
public final class XMLSchema: @unchecked Sendable {
    let raw: xmlSchemaPtr

    /// Loads the schema at `path` and everything it imports (local files only).
    public init(contentsOf path: String) throws(IntakeError) {
        guard let parser = xmlSchemaNewParserCtxt(path) else {
            throw IntakeError(.notWellFormed, "cannot open the XML Schema \(path)")
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        let collector = ErrorCollector()
        xmlSchemaSetParserStructuredErrors(
            parser,
            { userData, error in
                guard let userData else { return }
                Unmanaged<ErrorCollector>.fromOpaque(userData).takeUnretainedValue().record(error)
            },
            Unmanaged.passUnretained(collector).toOpaque()
        )
        guard let schema = xmlSchemaParse(parser) else {
            throw IntakeError(.notWellFormed, "the XML Schema \(path) is invalid: \(collector.first?.message ?? "unknown error")")
        }
        raw = schema
    }

    deinit { xmlSchemaFree(raw) }
}
