internal import CLibXML2

extension ParsedDocument {
    /// Validates the document against an XML Schema: every error and warning, in libxml2's order and wording,
    /// as the reference corpus records them (`xsd_errors`). Empty when the document is valid.
    ///
    /// Safe to call on several documents at once with one shared schema.
    public func validate(against schema: XMLSchema) -> [SchemaViolation] {
        validateLocating(against: schema).violations
    }

    /// Validates the document against an XML Schema (``validate(against:)``) and names the node each violation
    /// is about, so that ``SourceLocator`` can find it in the source.
    ///
    /// The document is read again as a stream with the schema validating the parser's events: no libxml2 tree is
    /// built. libxml2 words some errors differently on a stream and gives them the parser's current line instead
    /// of the element's, so a document the stream finds invalid is validated once more on libxml2's tree, whose
    /// errors the reference reports. Naming the nodes costs one walk over the elements, made only then.
    public func validateLocating(against schema: XMLSchema) -> SchemaValidationResult {
        Self.validateLocating(bytes, limits: limits, against: schema)
    }

    /// ``validateLocating(against:)`` on a document's bytes, before (or while) they are parsed into a tree: the
    /// validation reads them on its own. For bytes that are not well-formed the result names the parser's error;
    /// ``parse(_:limits:)-([UInt8],_)`` then rejects them anyway.
    public static func validateLocating(
        _ bytes: [UInt8],
        limits: ParseLimits,
        against schema: XMLSchema
    ) -> SchemaValidationResult {
        if isValidAsStream(bytes, against: schema) { return SchemaValidationResult(violations: [], nodes: []) }
        let raw: xmlDocPtr
        do {
            raw = try readLibXMLTree(bytes, limits: limits).document
        } catch {
            let violation = SchemaViolation.internalError("the document could not be read again: \(error)")
            return SchemaValidationResult(violations: [violation], nodes: [nil])
        }
        defer { xmlFreeDoc(raw) }
        guard let treeContext = SchemaValidationContext(schema) else {
            let violation = SchemaViolation.internalError("libxml2 could not allocate a schema validation context")
            return SchemaValidationResult(violations: [violation], nodes: [nil])
        }
        let violations = treeContext.validate(raw)
        return SchemaValidationResult(violations: violations, nodes: Self.sourceNodes(treeContext.nodes, in: raw))
    }

    /// Whether the document is valid, read again as a stream with the schema validating the parser's events.
    static func isValidAsStream(_ bytes: [UInt8], against schema: XMLSchema) -> Bool {
        SchemaValidationContext(schema)?.validateStream(bytes) ?? false
    }

    /// The source node of each libxml2 node: elements by their ordinal, attributes by their element and index,
    /// other nodes by their parent element.
    private static func sourceNodes(_ nodes: [xmlNodePtr?], in document: xmlDocPtr) -> [SourceNode?] {
        var owners: [(element: xmlNodePtr, attribute: Int?)?] = []
        for node in nodes {
            guard let node else {
                owners.append(nil)
                continue
            }
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                owners.append((node, nil))
            case XML_ATTRIBUTE_NODE:
                let attribute = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlAttr.self)
                guard let element = attribute.pointee.parent else {
                    owners.append(nil)
                    continue
                }
                var index = 0
                var property = element.pointee.properties
                while let current = property, current != attribute {
                    index += 1
                    property = current.pointee.next
                }
                owners.append(property == nil ? nil : (element, index))
            default:
                if let parent = node.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE {
                    owners.append((parent, nil))
                } else {
                    owners.append(nil)
                }
            }
        }
        var wanted = Set(owners.compactMap { $0?.element })
        var ordinals: [xmlNodePtr: Int] = [:]
        var ordinal = -1
        // Elements in document order, iteratively (the depth is bounded, the stack of a task is small).
        var current = xmlDocGetRootElement(document)
        while let node = current, !wanted.isEmpty {
            ordinal += 1
            if wanted.remove(node) != nil { ordinals[node] = ordinal }
            if let child = xmlFirstElementChild(node) {
                current = child
                continue
            }
            var finished: xmlNodePtr? = node
            current = nil
            while let done = finished {
                if let sibling = xmlNextElementSibling(done) {
                    current = sibling
                    break
                }
                finished = done.pointee.parent.flatMap { $0.pointee.type == XML_ELEMENT_NODE ? $0 : nil }
            }
        }
        return owners.map { owner in
            owner.flatMap { owner in ordinals[owner.element].map { SourceNode(element: $0, attribute: owner.attribute) }
            }
        }
    }
}

/// The outcome of ``ParsedDocument/validateLocating(against:)``.
public struct SchemaValidationResult: Sendable {
    /// Every error and warning, as ``ParsedDocument/validate(against:)`` returns them.
    public var violations: [SchemaViolation]
    /// The node each violation is about, one per violation; nil where libxml2 names none.
    public var nodes: [SourceNode?]
}

/// Owns the libxml2 validation context of one validation and collects its errors through the context's own
/// structured handler (never the global one).
private final class SchemaValidationContext {
    private let raw: xmlSchemaValidCtxtPtr
    private var violations: [SchemaViolation] = []
    /// The node libxml2 names for each violation.
    private(set) var nodes: [xmlNodePtr?] = []

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

    /// Validates the document in `bytes` as the parser reads it, without a libxml2 tree; true when it is valid.
    /// The bytes were parsed before, so they are well-formed and have no DOCTYPE: nothing is loaded from outside.
    func validateStream(_ bytes: [UInt8]) -> Bool {
        let result = bytes.withUnsafeBytes { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars -> Int32 in
                // A copy: libxml2 2.9's static input buffer (no copy) delivers wrong bytes past its first chunk.
                guard
                    let input = xmlParserInputBufferCreateMem(
                        chars.baseAddress,
                        Int32(chars.count),
                        XML_CHAR_ENCODING_NONE
                    )
                else { return -1 }
                // The stream validation frees the input buffer itself.
                return xmlSchemaValidateStream(raw, input, XML_CHAR_ENCODING_NONE, nil, nil)
            }
        }
        return result == 0 && violations.isEmpty
    }

    func validate(_ document: xmlDocPtr) -> [SchemaViolation] {
        let result = xmlSchemaValidateDoc(raw, document)
        if result != 0 && violations.isEmpty {
            // libxml2 failed internally (result -1) without saying why; the document must not pass.
            violations.append(.internalError("libxml2 could not validate the document (\(result))"))
            nodes.append(nil)
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
        nodes.append(error.pointee.node.map { $0.assumingMemoryBound(to: xmlNode.self) })
    }
}

extension SchemaViolation {
    fileprivate static func internalError(_ message: String) -> SchemaViolation {
        SchemaViolation(line: 0, column: 0, type: "SCHEMAV_INTERNAL", message: message)
    }
}
