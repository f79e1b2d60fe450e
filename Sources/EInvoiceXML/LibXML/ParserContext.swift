internal import CLibXML2

/// Owns the libxml2 parser context of one parse and receives its SAX and error callbacks (STYLE §2.6).
///
/// Every parse has its own context, so parses on several threads share nothing. The callbacks find this object
/// through the context's `_private` field; errors are taken from the context's own structured handler, never
/// from libxml2's global last error, and only the first one is kept.
final class ParserContext {
    /// Safe options: no network, nothing printed, exact line numbers past 65535, CDATA delivered as text,
    /// short texts stored inside their nodes (`COMPACT`: 15% faster; it requires that nobody modifies the tree,
    /// and nobody does). Never `NOENT`, `DTDLOAD`, `HUGE`, `RECOVER` or `NOBLANKS` (whitespace-only text must be
    /// kept).
    private static let options = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue
    )

    /// Without `XML_PARSE_HUGE` libxml2 itself stops at depth 258 with an "internal error"; capping our own
    /// check at 256 keeps the error `xml.too-deep`.
    private static let libxmlMaxDepth = 256

    let raw: xmlParserCtxtPtr
    private let maxDepth: Int
    private let maxNodes: Int
    private let maxNamespaces: Int
    private var nodes = 0
    /// The first error: libxml2's, or a refused DOCTYPE or limit.
    private(set) var failure: IntakeError?
    /// The lines of elements at line 65535 or later, which libxml2 stores as 65535.
    private(set) var bigLines: [xmlNodePtr: Int] = [:]

    /// What a parse builds: libxml2's own tree (which XML Schema validation with located errors needs), or the
    /// ``XMLTree`` the rules evaluate, straight from the SAX events, with no libxml2 tree in between.
    enum Product {
        case libxmlTree
        case xmlTree
        /// Only the name of the document element: the parse stops at its start tag.
        case documentElementName
    }

    /// The ``XMLTree`` being built, for ``Product/xmlTree``.
    let treeSink: TreeSink?
    /// The document element's name, for ``Product/documentElementName``.
    private(set) var documentElement: QName?

    /// - Parameter byteCount: the size of the document, to size the ``XMLTree``'s storage.
    init(limits: ParseLimits, building product: Product = .libxmlTree, byteCount: Int = 0) throws(IntakeError) {
        guard let raw = xmlNewParserCtxt() else {
            throw IntakeError(.outOfMemory, "libxml2 could not allocate a parser context")
        }
        self.raw = raw
        maxDepth = min(limits.maxDepth, Self.libxmlMaxDepth)
        maxNodes = limits.maxNodes
        maxNamespaces = limits.maxNamespaces
        switch product {
        case .libxmlTree:
            treeSink = nil
            Self.install(on: raw.pointee.sax)
        case .xmlTree:
            treeSink = TreeSink(byteCount: byteCount)
            Self.installTreeBuilding(on: raw.pointee.sax)
        case .documentElementName:
            treeSink = nil
            Self.installDocumentElementName(on: raw.pointee.sax)
        }
        raw.pointee._private = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit { xmlFreeParserCtxt(raw) }

    /// Parses `bytes` into a libxml2 document that the caller then owns (``Product/libxmlTree``).
    func read(_ bytes: UnsafeRawBufferPointer) throws(IntakeError) -> xmlDocPtr {
        let document = run(bytes)
        if let failure {
            if let document { xmlFreeDoc(document) }
            throw failure
        }
        guard let document else {
            throw IntakeError(.notWellFormed, "the document is not well-formed")
        }
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            xmlFreeDoc(document)
            throw IntakeError(.doctypeForbidden, Self.doctypeMessage)
        }
        if xmlDocGetRootElement(document) == nil {
            xmlFreeDoc(document)
            throw IntakeError(.notWellFormed, "the document has no document element")
        }
        return document
    }

    /// Parses `bytes` into an ``XMLTree`` (``Product/xmlTree``).
    func readTree(_ bytes: UnsafeRawBufferPointer) throws(IntakeError) -> XMLTree {
        guard let treeSink else { preconditionFailure("a parser context made for libxml2's tree") }
        if let document = run(bytes) { xmlFreeDoc(document) }
        if let failure { throw failure }
        guard raw.pointee.wellFormed != 0 else {
            throw IntakeError(.notWellFormed, "the document is not well-formed")
        }
        guard treeSink.hasDocumentElement else {
            throw IntakeError(.notWellFormed, "the document has no document element")
        }
        return treeSink.finish()
    }

    /// Runs the parser over `bytes`, with this context's handler for errors that libxml2 reports without one.
    private func run(_ bytes: UnsafeRawBufferPointer) -> xmlDocPtr? {
        let contextlessError: xmlStructuredErrorFunc = { userData, error in
            guard let userData, let error else { return }
            Unmanaged<ParserContext>.fromOpaque(userData).takeUnretainedValue().record(error)
        }
        let userData = Unmanaged.passUnretained(self).toOpaque()
        return LibXML.withThreadErrorHandler(contextlessError, userData: userData) {
            bytes.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(raw, chars.baseAddress, Int32(chars.count), nil, nil, Self.options)
            }
        }
    }

    /// The name of the document element of `bytes`, from a parse that stops at its start tag (``Product/documentElementName``);
    /// nil when the bytes before it are refused or not well-formed.
    func readDocumentElementName(_ bytes: UnsafeRawBufferPointer) -> QName? {
        if let document = run(bytes) { xmlFreeDoc(document) }
        return documentElement
    }

    static let doctypeMessage = "a DOCTYPE declaration is not allowed in an invoice"

    // MARK: - Callbacks

    /// The SAX2 tree builder with checks around it: a DOCTYPE stops the parse before its internal subset is
    /// read (no entity is ever declared, so none can be expanded), and depth and node count are checked as the
    /// elements arrive.
    private static func install(on sax: UnsafeMutablePointer<xmlSAXHandler>) {
        installChecks(on: sax)
        sax.pointee.startElementNs = {
            userData,
            localName,
            prefix,
            uri,
            namespaceCount,
            namespaces,
            attributeCount,
            defaultedCount,
            attributes in
            xmlSAX2StartElementNs(
                userData,
                localName,
                prefix,
                uri,
                namespaceCount,
                namespaces,
                attributeCount,
                defaultedCount,
                attributes
            )
            guard let userData else { return }
            ParserContext.of(userData).didStartElement(attributeCount: Int(attributeCount))
        }
        sax.pointee.comment = { userData, value in
            xmlSAX2Comment(userData, value)
            guard let userData else { return }
            ParserContext.of(userData).count(1)
        }
        sax.pointee.processingInstruction = { userData, target, value in
            xmlSAX2ProcessingInstruction(userData, target, value)
            guard let userData else { return }
            ParserContext.of(userData).count(1)
        }
    }

    /// Records the first element's name and stops the parse.
    private static func installDocumentElementName(on sax: UnsafeMutablePointer<xmlSAXHandler>) {
        installChecks(on: sax)
        sax.pointee.startElementNs = { userData, localName, _, uri, _, _, _, _, _ in
            guard let userData, let localName else { return }
            let context = ParserContext.of(userData)
            if context.failure == nil {
                context.documentElement = QName(
                    namespace: uri.map { String(cString: $0) } ?? "",
                    local: String(cString: localName)
                )
            }
            xmlStopParser(context.raw)
        }
    }

    /// What every parse has, whatever it builds: errors reach this context, and a DOCTYPE stops the parse before
    /// its internal subset is read.
    static func installChecks(on sax: UnsafeMutablePointer<xmlSAXHandler>) {
        sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            ParserContext.of(userData).record(error)
        }
        sax.pointee.internalSubset = { userData, _, _, _ in
            guard let userData else { return }
            ParserContext.of(userData).refuse(.doctypeForbidden, ParserContext.doctypeMessage)
        }
    }

    /// The owner of a parser context, from the `userData` libxml2 passes to SAX callbacks (the context itself).
    static func of(_ userData: UnsafeMutableRawPointer) -> ParserContext {
        let context = userData.assumingMemoryBound(to: xmlParserCtxt.self)
        return Unmanaged<ParserContext>.fromOpaque(context.pointee._private).takeUnretainedValue()
    }

    func didStartElement(attributeCount: Int) {
        // The new element is not yet on libxml2's name stack.
        if Int(raw.pointee.nameNr) + 1 > maxDepth {
            refuse(.tooDeep, "elements are nested deeper than \(maxDepth) levels")
            return
        }
        // libxml2 keeps the declarations in scope as (prefix, URI) pairs, this element's included.
        if Int(raw.pointee.nsNr) / 2 > maxNamespaces {
            refuse(.tooManyNamespaces, "more than \(maxNamespaces) namespace declarations are in scope")
            return
        }
        count(1 + attributeCount)
        if let input = raw.pointee.input, input.pointee.line >= 65535, let node = raw.pointee.node {
            bigLines[node] = Int(input.pointee.line)
        }
    }

    func count(_ added: Int) {
        nodes += added
        if nodes > maxNodes {
            refuse(.tooManyNodes, "the document has more than \(maxNodes) nodes")
        }
    }

    /// Keeps our own error, unless libxml2 reported one before, and stops the parse.
    func refuse(_ code: IntakeError.Code, _ message: String) {
        if failure == nil { failure = IntakeError(code, message, position: currentPosition) }
        xmlStopParser(raw)
    }

    private var currentPosition: SourcePosition? {
        guard let input = raw.pointee.input else { return nil }
        return SourcePosition(line: Int(input.pointee.line), column: Int(input.pointee.col))
    }

    /// Keeps the first error (warnings do not count). Namespace errors, such as an undeclared prefix, count:
    /// libxml2 leaves such a document "well-formed", but it is not namespace-well-formed.
    func record(_ error: UnsafePointer<xmlError>) {
        guard failure == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let line = Int(error.pointee.line)
        let position = line > 0 ? SourcePosition(line: line, column: Int(error.pointee.int2)) : currentPosition
        failure = IntakeError(
            Self.code(for: error.pointee),
            Self.withoutQuotedBytes(LibXML.message(error)),
            position: position
        )
    }

    /// libxml2's message without the document's bytes that some messages quote: on a second line ("Input is
    /// not proper UTF-8, indicate encoding !\nBytes: 0xE4 0x3C …") or at the end ("input conversion failed due
    /// to input error, bytes 0x00 0xD8 …").
    private static func withoutQuotedBytes(_ message: String) -> String {
        var message = Substring(message)
        if let newline = message.firstIndex(where: \.isNewline) { message = message[..<newline] }
        if let bytes = message.firstRange(of: ", bytes 0x") { message = message[..<bytes.lowerBound] }
        return String(message)
    }

    private static func code(for error: xmlError) -> IntakeError.Code {
        if error.domain == Int32(XML_FROM_I18N.rawValue) { return .encoding }
        switch UInt32(bitPattern: error.code) {
        case XML_ERR_UNKNOWN_ENCODING.rawValue, XML_ERR_UNSUPPORTED_ENCODING.rawValue,
            XML_ERR_INVALID_ENCODING.rawValue, XML_IO_ENCODER.rawValue:
            return .encoding
        case XML_ERR_NO_MEMORY.rawValue:
            // Also "xmlSAX2Characters: huge text node": a text over 10,000,000 bytes.
            return .tooLarge
        default:
            return .notWellFormed
        }
    }
}
