internal import CLibXML2

extension ParsedDocument {
    /// Validates the document against an XML Schema: every error and warning, in libxml2's order and wording,
    /// as the reference corpus records them (`xsd_errors`). Empty when the document is valid.
    ///
    /// Safe to call on several documents at once with one shared schema.
    public func validate(against schema: XMLSchema) -> [SchemaViolation] {
        guard let raw else {
            return [SchemaViolation.internalError("the libxml2 tree was released before XML Schema validation")]
        }
        guard let context = SchemaValidationContext(schema) else {
            return [SchemaViolation.internalError("libxml2 could not allocate a schema validation context")]
        }
        return context.validate(raw)
    }
}

/// Owns the libxml2 validation context of one validation and collects its errors through the context's own
/// structured handler (never the global one).
private final class SchemaValidationContext {
    private let raw: xmlSchemaValidCtxtPtr
    private var violations: [SchemaViolation] = []

    init?(_ schema: XMLSchema) {
        guard let raw = xmlSchemaNewValidCtxt(schema.raw) else { return nil }
        self.raw = raw
        xmlSchemaSetValidStructuredErrors(
            raw,
            { userData, error in
                guard let userData, let error else { return }
                Unmanaged<SchemaValidationContext>.fromOpaque(userData).takeUnretainedValue().record(error)
            },
            Unmanaged.passUnretained(self).toOpaque()
        )
    }

    deinit { xmlSchemaFreeValidCtxt(raw) }

    func validate(_ document: xmlDocPtr) -> [SchemaViolation] {
        let result = xmlSchemaValidateDoc(raw, document)
        if result != 0 && violations.isEmpty {
            // libxml2 failed internally (result -1) without saying why; the document must not pass.
            violations.append(.internalError("libxml2 could not validate the document (\(result))"))
        }
        return violations
    }

    private func record(_ error: UnsafePointer<xmlError>) {
        violations.append(
            SchemaViolation(
                line: Int(error.pointee.line),
                column: Int(error.pointee.int2),
                type: SchemaViolation.typeName(code: Int(error.pointee.code)),
                message: LibXML.message(error)
            )
        )
    }
}

extension SchemaViolation {
    fileprivate static func internalError(_ message: String) -> SchemaViolation {
        SchemaViolation(line: 0, column: 0, type: "SCHEMAV_INTERNAL", message: message)
    }
}
