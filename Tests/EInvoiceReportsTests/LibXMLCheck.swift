import CLibXML2

/// What libxml2 makes of a report page: its errors, elements, attributes and text, for tests that must see the
/// page as a browser's parser would rather than as a string.
struct ParsedPage {
    struct Problem: CustomStringConvertible {
        var code: Int32
        var line: Int32
        var message: String
        var description: String { "\(line): [\(code)] \(message)" }
    }

    /// Every error and warning the parser reported.
    var problems: [Problem] = []
    /// Element names in document order (lowercased by the HTML parser).
    var elements: [String] = []
    /// (element, attribute, value) for every attribute.
    var attributes: [(element: String, name: String, value: String)] = []
    /// The concatenated text content of the body.
    var text = ""

    /// Parses `bytes` with libxml2's XML parser (`html` false: the page must be well-formed XML) or its HTML
    /// parser (`html` true), with no network access.
    init(_ bytes: [UInt8], html: Bool) {
        final class Collector {
            var problems: [Problem] = []
        }
        let collector = Collector()
        let handler: xmlStructuredErrorFunc = { userData, error in
            guard let userData, let error else { return }
            let collector = Unmanaged<Collector>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) } ?? ""
            collector.problems.append(Problem(code: error.pointee.code, line: error.pointee.line, message: message))
        }
        let previousHandler = __xmlStructuredError().pointee
        let previousUserData = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(collector).toOpaque(), handler)
        defer { xmlSetStructuredErrorFunc(previousUserData, previousHandler) }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if html {
                    let options = Int32(
                        HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                    )
                    return htmlReadMemory(chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
                }
                let options = Int32(
                    XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                )
                return xmlReadMemory(chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        problems = collector.problems
        guard let document else {
            problems.append(Problem(code: -1, line: 0, message: "no document"))
            return
        }
        defer { xmlFreeDoc(document) }
        walk(xmlDocGetRootElement(document))
    }

    private mutating func walk(_ node: xmlNodePtr?) {
        var current = node
        while let node = current {
            switch node.pointee.type {
            case XML_ELEMENT_NODE:
                let name = String(cString: node.pointee.name)
                elements.append(name)
                var attribute = node.pointee.properties
                while let property = attribute {
                    let attributeName = String(cString: property.pointee.name)
                    var value = ""
                    if let content = xmlNodeGetContent(
                        UnsafeMutableRawPointer(property).assumingMemoryBound(to: xmlNode.self)
                    ) {
                        value = String(cString: content)
                        eingang_xml_free(content)
                    }
                    attributes.append((name, attributeName, value))
                    attribute = property.pointee.next
                }
                walk(node.pointee.children)
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { text += String(cString: content) }
            default:
                break
            }
            current = node.pointee.next
        }
    }
}
