internal import CLibXML2

/// Converts a libxml2 DOM into an ``XMLTree``, iteratively (no recursion, so depth cannot exhaust the stack).
enum TreeConversion {
    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    static func makeTree(_ document: xmlDocPtr, limits: ParseLimits) throws(IntakeError) -> XMLTree {
        var builder = XMLTreeBuilder()
        var names: [UnsafeRawPointer: QName] = [:]
        func qname(_ node: xmlNodePtr) -> QName {
            let namespace = node.pointee.ns.map { string($0.pointee.href) } ?? ""
            return QName(namespace: namespace, local: string(node.pointee.name))
        }
        let root = UnsafeMutableRawPointer(document).assumingMemoryBound(to: xmlNode.self)
        var stack: [xmlNodePtr] = []
        var current = root.pointee.children
        while true {
            guard let node = current else {
                // End of a child list: close the parent and continue after it.
                guard let parent = stack.popLast() else { break }
                builder.endElement()
                current = parent.pointee.next
                continue
            }
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                if stack.count >= limits.maxDepth {
                    throw IntakeError(.tooDeep, "elements are nested deeper than \(limits.maxDepth)")
                }
                let key = UnsafeRawPointer(node.pointee.name!)
                let nsKey = node.pointee.ns.map { UnsafeRawPointer($0) }
                let name: QName
                if nsKey == nil, let cached = names[key] {
                    name = cached
                } else {
                    name = qname(node)
                    if nsKey == nil { names[key] = name }
                }
                let line = Int(xmlGetLineNo(node))
                builder.startElement(name, prefix: string(node.pointee.ns?.pointee.prefix), line: line)
                var attribute = node.pointee.properties
                while let a = attribute {
                    let value: String
                    if let text = a.pointee.children, text.pointee.next == nil, text.pointee.type == XML_TEXT_NODE {
                        value = string(text.pointee.content)
                    } else {
                        let content = xmlNodeListGetString(document, a.pointee.children, 1)
                        value = string(content)
                        eingang_xml_free(content)
                    }
                    let attributeName = QName(
                        namespace: a.pointee.ns.map { string($0.pointee.href) } ?? "",
                        local: string(a.pointee.name)
                    )
                    builder.attribute(
                        attributeName,
                        prefix: string(a.pointee.ns?.pointee.prefix),
                        value: value,
                        line: line
                    )
                    attribute = a.pointee.next
                }
                if let child = node.pointee.children {
                    stack.append(node)
                    current = child
                    continue
                }
                builder.endElement()
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                builder.text(string(node.pointee.content), line: Int(xmlGetLineNo(node)))
            case XML_COMMENT_NODE:
                builder.comment(string(node.pointee.content), line: Int(xmlGetLineNo(node)))
            case XML_PI_NODE:
                builder.processingInstruction(
                    target: string(node.pointee.name),
                    value: string(node.pointee.content),
                    line: Int(xmlGetLineNo(node))
                )
            default:
                break
            }
            current = node.pointee.next
        }
        return builder.finish()
    }
}
