internal import CLibXML2

extension ParserContext {
    /// SAX callbacks that build the ``XMLTree`` directly (``Product/xmlTree``): the same checks as for libxml2's
    /// tree (a DOCTYPE stops the parse, depth and node count are checked as elements arrive), and the nodes, names,
    /// values and lines that libxml2's SAX2 tree builder would give, without its tree. A large invoice's libxml2
    /// tree takes several times the memory of its ``XMLTree``, and walking it took as long as building it.
    ///
    /// No callback here creates a libxml2 node: `startDocument` is unset, so the parser has no document.
    static func installTreeBuilding(on sax: UnsafeMutablePointer<xmlSAXHandler>) {
        sax.pointee.startDocument = nil
        sax.pointee.endDocument = nil
        sax.pointee.reference = nil
        installChecks(on: sax)
        sax.pointee.startElementNs = {
            userData,
            localName,
            prefix,
            uri,
            _,
            _,
            attributeCount,
            _,
            attributes in
            guard let userData else { return }
            let context = ParserContext.of(userData)
            context.didStartElement(attributeCount: Int(attributeCount))
            guard context.failure == nil, let sink = context.treeSink else { return }
            sink.startElement(
                localName: localName,
                prefix: prefix,
                uri: uri,
                attributes: attributes,
                count: Int(attributeCount),
                line: context.line
            )
        }
        sax.pointee.endElementNs = { userData, _, _, _ in
            guard let userData else { return }
            ParserContext.of(userData).treeSink?.endElement()
        }
        let characters: charactersSAXFunc = { userData, text, length in
            guard let userData, let text else { return }
            let context = ParserContext.of(userData)
            context.treeSink?.characters(text, count: Int(length), line: context.line)
        }
        sax.pointee.characters = characters
        // Whitespace is kept (no `XML_PARSE_NOBLANKS`), so libxml2 reports it as characters; this is in case.
        sax.pointee.ignorableWhitespace = characters
        // With `XML_PARSE_NOCDATA` libxml2 clears `cdataBlock` and reports CDATA as characters.
        sax.pointee.cdataBlock = characters
        sax.pointee.comment = { userData, value in
            guard let userData else { return }
            let context = ParserContext.of(userData)
            context.count(1)
            context.treeSink?.comment(value, line: context.line)
        }
        sax.pointee.processingInstruction = { userData, target, value in
            guard let userData else { return }
            let context = ParserContext.of(userData)
            context.count(1)
            context.treeSink?.processingInstruction(target: target, value: value, line: context.line)
        }
    }

    /// The parser's current line: where libxml2's SAX2 builder takes a node's line from when it makes the node.
    fileprivate var line: Int {
        guard let input = raw.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }
}

/// Receives one parse's SAX events and builds its ``XMLTree``.
///
/// Character data comes in pieces (at most a buffer's worth, and around each character or entity reference);
/// the pieces are gathered and become one text node, as libxml2 merges them into one, with the line of the first.
///
/// The state lives behind a pointer that this object owns: a class's stored properties would be checked for
/// exclusive access at run time on each of the millions of calls a large invoice makes (a sixth of the parse).
final class TreeSink {
    private let state: UnsafeMutablePointer<State>

    /// A sink for a document of `byteCount` bytes: invoices have a node for every 18 to 20 bytes or so.
    init(byteCount: Int) {
        state = .allocate(capacity: 1)
        state.initialize(to: State(builder: XMLTreeBuilder(expectedNodes: byteCount / 16 + 16)))
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var hasDocumentElement: Bool { state.pointee.hasDocumentElement }

    func startElement(
        localName: UnsafePointer<xmlChar>?,
        prefix: UnsafePointer<xmlChar>?,
        uri: UnsafePointer<xmlChar>?,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        count: Int,
        line: Int
    ) {
        state.pointee.startElement(
            localName: localName,
            prefix: prefix,
            uri: uri,
            attributes: attributes,
            count: count,
            line: line
        )
    }

    func endElement() { state.pointee.endElement() }

    func characters(_ text: UnsafePointer<xmlChar>, count: Int, line: Int) {
        state.pointee.characters(text, count: count, line: line)
    }

    func comment(_ value: UnsafePointer<xmlChar>?, line: Int) { state.pointee.comment(value, line: line) }

    func processingInstruction(target: UnsafePointer<xmlChar>?, value: UnsafePointer<xmlChar>?, line: Int) {
        state.pointee.processingInstruction(target: target, value: value, line: line)
    }

    func finish() -> XMLTree { state.pointee.finish() }
}

extension TreeSink {
    fileprivate struct State: ~Copyable {
        /// nil once ``finish()`` took it.
        var builder: XMLTreeBuilder?
        var names = NameCache()
        var pendingText: [UInt8] = []
        var pendingLine = 0
        var hasDocumentElement = false

        init(builder: consuming XMLTreeBuilder) {
            self.builder = .some(builder)
            pendingText.reserveCapacity(256)
        }

        mutating func startElement(
            localName: UnsafePointer<xmlChar>?,
            prefix: UnsafePointer<xmlChar>?,
            uri: UnsafePointer<xmlChar>?,
            attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
            count: Int,
            line: Int
        ) {
            flushText()
            hasDocumentElement = true
            let (name, prefixID) = names.lookup(localName, prefix: prefix, uri: uri, in: &builder!)
            builder?.startElement(nameID: name, prefixID: prefixID, line: line)
            guard let attributes else { return }
            // Five pointers per attribute: local name, prefix, namespace URI, start and end of the value.
            for index in 0..<count {
                let base = attributes + 5 * index
                let (name, prefixID) = names.lookup(base[0], prefix: base[1], uri: base[2], in: &builder!)
                builder?.attribute(
                    nameID: name,
                    prefixID: prefixID,
                    value: TreeSink.value(from: base[3], to: base[4]),
                    line: line
                )
            }
        }

        mutating func endElement() {
            flushText()
            builder?.endElement()
        }

        mutating func characters(_ text: UnsafePointer<xmlChar>, count: Int, line: Int) {
            if pendingText.isEmpty { pendingLine = line }
            pendingText.append(contentsOf: UnsafeBufferPointer(start: text, count: count))
        }

        mutating func comment(_ value: UnsafePointer<xmlChar>?, line: Int) {
            flushText()
            builder?.comment(LibXML.string(value), line: line)
        }

        mutating func processingInstruction(
            target: UnsafePointer<xmlChar>?,
            value: UnsafePointer<xmlChar>?,
            line: Int
        ) {
            flushText()
            builder?.processingInstruction(target: LibXML.string(target), value: LibXML.string(value), line: line)
        }

        mutating func finish() -> XMLTree {
            flushText()
            guard let builder = builder.take() else { preconditionFailure("the tree was taken already") }
            return builder.finish()
        }

        private mutating func flushText() {
            guard !pendingText.isEmpty else { return }
            builder?.text(String(decoding: pendingText, as: UTF8.self), line: pendingLine)
            pendingText.removeAll(keepingCapacity: true)
        }
    }

    /// An attribute's value as the parser hands it over: normalized, character references resolved, except that
    /// without entity substitution libxml2 writes each `&` (from `&amp;` or `&#38;`) as `&#38;`, which its tree
    /// builder then resolves. No other reference can remain: without a DOCTYPE no other entity exists.
    fileprivate static func value(from start: UnsafePointer<xmlChar>?, to end: UnsafePointer<xmlChar>?) -> String {
        guard let start, let end, end > start else { return "" }
        let bytes = UnsafeBufferPointer(start: start, count: end - start)
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        let escape = Array("&#38;".utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "&"), bytes.count - index >= escape.count,
                bytes[index..<index + escape.count].elementsEqual(escape)
            {
                decoded.append(UInt8(ascii: "&"))
                index += escape.count
            } else {
                decoded.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }
}

/// Name and prefix identifiers by the parser's name pointers: local names, prefixes and namespace URIs all come
/// from the parser's dictionary, so equal pointers mean equal strings within one parse, and each distinct name is
/// converted and hashed once.
private struct NameCache {
    private struct Key: Hashable {
        var name: UnsafeRawPointer?
        var prefix: UnsafeRawPointer?
        var uri: UnsafeRawPointer?

        /// One word for the hasher instead of three: this lookup runs for every element and attribute.
        func hash(into hasher: inout Hasher) {
            hasher.combine(
                UInt(bitPattern: name) &* 0x9E37_79B9_7F4A_7C15 ^ UInt(bitPattern: uri) &* 31 ^ UInt(bitPattern: prefix)
            )
        }
    }

    private var entries: [Key: (name: Int32, prefix: Int32)] = Dictionary(minimumCapacity: 256)

    mutating func lookup(
        _ name: UnsafePointer<xmlChar>?,
        prefix: UnsafePointer<xmlChar>?,
        uri: UnsafePointer<xmlChar>?,
        in builder: inout XMLTreeBuilder
    ) -> (name: Int32, prefix: Int32) {
        let key = Key(name: UnsafeRawPointer(name), prefix: UnsafeRawPointer(prefix), uri: UnsafeRawPointer(uri))
        if let entry = entries[key] { return entry }
        let expanded = QName(namespace: LibXML.string(uri), local: LibXML.string(name))
        let entry = (builder.nameID(expanded), builder.prefixID(LibXML.string(prefix)))
        entries[key] = entry
        return entry
    }
}
