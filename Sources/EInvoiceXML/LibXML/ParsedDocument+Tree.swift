internal import CLibXML2

extension ParsedDocument {
    /// The ``XMLTree`` of `bytes` by way of libxml2's own tree: libxml2's SAX2 builder makes its tree, and
    /// ``makeTree(_:bigLines:)`` walks it. ``parse(_:limits:)-([UInt8],_)`` builds the tree from the parser's events
    /// instead; this slower path is what tests hold it against.
    static func treeThroughLibXMLTree(
        _ bytes: [UInt8],
        limits: ParseLimits = ParseLimits()
    ) throws(IntakeError)
        -> XMLTree
    {
        LibXML.initialise()
        let (raw, context) = try readLibXMLTree(bytes, limits: limits)
        defer { xmlFreeDoc(raw) }
        return makeTree(raw, bigLines: context.bigLines)
    }

    /// The ``XMLTree`` of a libxml2 document, built in one iterative walk (no recursion: the depth is bounded by
    /// ``ParseLimits/maxDepth``, but the stack of a task is small).
    ///
    /// Elements with their attributes (namespace declarations are not attributes: libxml2 keeps them apart),
    /// text and CDATA (merged), comments and processing instructions; nothing else exists in a document
    /// without DOCTYPE.
    static func makeTree(_ document: xmlDocPtr, bigLines: [xmlNodePtr: Int]) -> XMLTree {
        var builder = XMLTreeBuilder()
        var names = NameCache()
        let documentNode = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        var current = document.pointee.children
        while let node = current {
            var descend = false
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let line = elementLine(node, bigLines: bigLines)
                let (name, prefix) = names.lookup(node.pointee.name, node.pointee.ns, in: &builder)
                builder.startElement(nameID: name, prefixID: prefix, line: line)
                var attribute = node.pointee.properties
                while let property = attribute {
                    let (name, prefix) = names.lookup(property.pointee.name, property.pointee.ns, in: &builder)
                    builder.attribute(nameID: name, prefixID: prefix, value: attributeValue(property), line: line)
                    attribute = property.pointee.next
                }
                descend = node.pointee.children != nil
                if !descend { builder.endElement() }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                builder.text(LibXML.string(node.pointee.content), line: line(node))
            case XML_COMMENT_NODE:
                builder.comment(LibXML.string(node.pointee.content), line: line(node))
            case XML_PI_NODE:
                builder.processingInstruction(
                    target: LibXML.string(node.pointee.name),
                    value: LibXML.string(node.pointee.content),
                    line: line(node)
                )
            default:
                break
            }
            if descend {
                current = node.pointee.children
                continue
            }
            // Next in document order: the next sibling, else the next sibling of the nearest ancestor that has
            // one, closing each element left on the way up.
            var finished = node
            while finished.pointee.next == nil {
                guard let parent = finished.pointee.parent, parent != documentNode else { return builder.finish() }
                builder.endElement()
                finished = parent
            }
            current = finished.pointee.next
        }
        return builder.finish()
    }

    /// The line of a start tag: libxml2 stores 65535 for every later line, so those come from the parser.
    private static func elementLine(_ node: xmlNodePtr, bigLines: [xmlNodePtr: Int]) -> Int {
        let line = Int(node.pointee.line)
        return line < 65535 ? line : bigLines[node] ?? line
    }

    /// The line of a text, comment or processing instruction (`xmlGetLineNo` reads a text's later lines from
    /// where `XML_PARSE_BIG_LINES` keeps them).
    private static func line(_ node: xmlNodePtr) -> Int {
        let line = Int(node.pointee.line)
        return line < 65535 ? line : Int(xmlGetLineNo(node))
    }

    /// An attribute's value: the text of its children (character references are resolved already; entity
    /// references cannot occur without a DOCTYPE).
    private static func attributeValue(_ attribute: xmlAttrPtr) -> String {
        guard let first = attribute.pointee.children else { return "" }
        if first.pointee.next == nil { return LibXML.string(first.pointee.content) }
        var value = ""
        var child: xmlNodePtr? = first
        while let text = child {
            value += LibXML.string(text.pointee.content)
            child = text.pointee.next
        }
        return value
    }
}

/// Name and prefix identifiers by libxml2's name and namespace pointers: names come from the parser's
/// dictionary and namespaces from their declarations, so equal pointers mean equal names in one document, and
/// each distinct name is converted and hashed once.
private struct NameCache {
    private struct Key: Hashable {
        var name: UnsafeRawPointer?
        var namespace: UnsafeRawPointer?

        /// One word for the hasher instead of two: this lookup runs for every element and attribute.
        func hash(into hasher: inout Hasher) {
            hasher.combine(UInt(bitPattern: name) &* 0x9E37_79B9_7F4A_7C15 ^ UInt(bitPattern: namespace))
        }
    }

    private var entries: [Key: (name: Int32, prefix: Int32)] = Dictionary(minimumCapacity: 256)
    private var namespaces: [UnsafeRawPointer: String] = [:]

    mutating func lookup(
        _ name: UnsafePointer<xmlChar>?,
        _ namespace: xmlNsPtr?,
        in builder: inout XMLTreeBuilder
    ) -> (name: Int32, prefix: Int32) {
        let key = Key(name: UnsafeRawPointer(name), namespace: UnsafeRawPointer(namespace))
        if let entry = entries[key] { return entry }
        let expanded = QName(namespace: namespaceURI(namespace), local: LibXML.string(name))
        let entry = (builder.nameID(expanded), builder.prefixID(LibXML.string(namespace?.pointee.prefix)))
        entries[key] = entry
        return entry
    }

    /// One string per namespace declaration, shared by the names in it.
    private mutating func namespaceURI(_ namespace: xmlNsPtr?) -> String {
        guard let namespace else { return "" }
        if let uri = namespaces[UnsafeRawPointer(namespace)] { return uri }
        let uri = LibXML.string(namespace.pointee.href)
        namespaces[UnsafeRawPointer(namespace)] = uri
        return uri
    }
}
