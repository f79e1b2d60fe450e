import EInvoiceValidation
import EInvoiceXML

/// One finding as the HTML report shows it: a rule message, an XML Schema error or the processing error, with
/// where it is and what it concerns.
struct HTMLFinding {
    enum Origin: Equatable {
        case cen, xrechnung, schema, processing
    }

    /// The rule id (`BR-DE-15`), libxml2's error type (`SCHEMAV_ELEMENT_CONTENT`) or the intake code
    /// (`xml.not-well-formed`); empty when there is none.
    var id: String
    var level: Level
    var text: String
    var origin: Origin
    var line: Int?
    /// The context node as the reference writes it (`/ubl:Invoice[1]/cac:InvoiceLine[2]`).
    var path: String?
    var mark: ExcerptMark
    var terms: [BusinessTermNames.Entry]

    init(message: ReportMessage) {
        id = message.id
        level = message.level
        text = Self.strippingRulePrefix(message.text, id: message.id)
        origin = message.step == "xr" ? .xrechnung : .cen
        line = message.line > 0 ? message.line : nil
        path = message.path
        mark = .startTag(column: message.column, localName: Self.lastElementName(message.path))
        terms = BusinessTermNames.mentioned(in: message.text)
    }

    init(schemaError: SchemaViolation) {
        id = schemaError.type
        level = .error
        text = Self.prefixingNamespaces(schemaError.message)
        origin = .schema
        line = schemaError.line > 0 ? schemaError.line : nil
        path = nil
        mark = .startTag(
            column: schemaError.column > 0 ? schemaError.column : nil,
            localName: Self.schemaElementName(schemaError.message)
        )
        terms = []
    }

    /// The processing error: for a document that is not well-formed, the intake code, libxml2's message and the
    /// position it gives (`not well-formed: xml.not-well-formed at 3:5: …`); otherwise the text as it is.
    init(processingError: String) {
        level = .error
        origin = .processing
        path = nil
        terms = []
        id = ""
        text = processingError
        line = nil
        mark = .none
        let prefix = "not well-formed: "
        guard processingError.hasPrefix(prefix) else { return }
        var rest = Substring(processingError.dropFirst(prefix.count))
        let codeEnd = rest.firstIndex { $0 == " " || $0 == ":" } ?? rest.endIndex
        let code = rest[..<codeEnd]
        guard code.hasPrefix("xml.") else { return }
        id = String(code)
        rest = rest[codeEnd...]
        if rest.hasPrefix(" at ") {
            let position = rest.dropFirst(4).prefix { $0 != " " }
            let parts = position.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 2, let parsedLine = Int(parts[0]), let column = Int(parts[1]) {
                line = parsedLine
                if column > 0 { mark = .position(column: column) }
                rest = rest.dropFirst(4 + parts[0].count + 1 + parts[1].count)
            }
        }
        if rest.hasPrefix(":") { rest = rest.dropFirst() }
        while rest.first == " " { rest = rest.dropFirst() }
        text = rest.isEmpty ? processingError : String(rest)
    }

    /// libxml2's message with the namespaces of UBL and CII written as their conventional prefixes:
    /// `{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}DueDate` becomes `cbc:DueDate`.
    static func prefixingNamespaces(_ message: String) -> String {
        guard message.contains("{") else { return message }
        var result = ""
        result.reserveCapacity(message.utf8.count)
        var rest = Substring(message)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            rest = rest[open...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let namespace = rest[rest.index(after: open)..<close]
            if let prefix = InvoiceNamespaces.conventionalPrefixes[String(namespace)] {
                result += prefix + ":"
            } else {
                result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }

    /// The text without the `[BR-DE-15]` or `[BR-CO-15]-` the rules put before it: the report shows the id apart.
    static func strippingRulePrefix(_ text: String, id: String) -> String {
        let prefix = "[" + id + "]"
        guard !id.isEmpty, text.hasPrefix(prefix) else { return text }
        var rest = text.dropFirst(prefix.count)
        while let first = rest.first, first == " " || first == "-" || first == ":" { rest = rest.dropFirst() }
        return rest.isEmpty ? text : String(rest)
    }

    /// The local name of the last element step of a path: `cac:InvoiceLine` in
    /// `/ubl:Invoice[1]/cac:InvoiceLine[2]/@currencyID`.
    static func lastElementName(_ path: String) -> String? {
        for step in path.split(separator: "/").reversed() {
            if step.hasPrefix("@") || step.contains("(") { continue }
            let name = step.prefix { $0 != "[" }
            let local = name.split(separator: ":").last.map(String.init) ?? ""
            if let brace = local.lastIndex(of: "}") { return String(local[local.index(after: brace)...]) }
            return local.isEmpty ? nil : local
        }
        return nil
    }

    /// The element libxml2 names in a schema error: `Element '{urn:…}LineExtensionAmount': …` or
    /// `Element 'cbc:ID', attribute 'x': …`.
    static func schemaElementName(_ message: String) -> String? {
        let marker = "Element '"
        guard let start = message.firstRange(of: marker)?.upperBound else { return nil }
        guard let end = message[start...].firstIndex(of: "'") else { return nil }
        var name = message[start..<end]
        if let brace = name.lastIndex(of: "}") { name = name[name.index(after: brace)...] }
        if let colon = name.lastIndex(of: ":") { name = name[name.index(after: colon)...] }
        return name.isEmpty ? nil : String(name)
    }
}
