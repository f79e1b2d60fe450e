import EInvoiceXML

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads a Schematron schema from disk: resolves `sch:include`, instantiates abstract patterns
/// (ISO/IEC 19757-3 §5.4.11 param substitution), and collects `sch:let`, `sch:ns` and `xsl:function`.
public struct SchematronReader {
    static let schematronNamespace = "http://purl.oclc.org/dsdl/schematron"
    static let xslNamespace = "http://www.w3.org/1999/XSL/Transform"

    private var model = SchematronModel()
    private var abstractPatterns: [String: (tree: XMLTree, node: Int32, file: String)] = [:]
    private var instances: [(tree: XMLTree, node: Int32, file: String, index: Int)] = []
    /// Keeps parsed documents alive while their trees are in use.
    private var documents: [ParsedDocument] = []

    /// Reads the schema at `path` and everything it includes.
    public static func read(path: String) throws(SchematronError) -> SchematronModel {
        var reader = SchematronReader()
        let (tree, root) = try reader.load(path)
        try reader.visitSchema(tree, root, file: path)
        try reader.instantiate()
        return reader.model
    }

    private mutating func load(_ path: String) throws(SchematronError) -> (XMLTree, Int32) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SchematronError(.unreadable, "cannot read the file", file: path)
        }
        let document: ParsedDocument
        do {
            document = try ParsedDocument.parse([UInt8](data))
        } catch {
            throw SchematronError(.unreadable, "not well-formed: \(error)", file: path)
        }
        documents.append(document)
        guard let root = document.tree.firstElementChild(0) else {
            throw SchematronError(.unreadable, "no document element", file: path)
        }
        return (document.tree, root)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    private func isSchematron(_ tree: XMLTree, _ node: Int32, _ local: String) -> Bool {
        guard let name = tree.name(node) else { return false }
        return name.namespace == Self.schematronNamespace && name.local == local
    }

    /// Visits the children of `sch:schema` (or of an included fragment's parent) in order.
    private mutating func visitSchema(_ tree: XMLTree, _ node: Int32, file: String) throws(SchematronError) {
        for child in tree.elementChildren(node) {
            try visitTopLevel(tree, child, file: file)
        }
    }

    private mutating func visitTopLevel(_ tree: XMLTree, _ node: Int32, file: String) throws(SchematronError) {
        guard let name = tree.name(node) else { return }
        if name.namespace == Self.xslNamespace {
            if name.local == "function" {
                model.functions.append(try readFunction(tree, node, file: file))
                return
            }
            throw SchematronError(.unsupported, "xsl:\(name.local) is not supported at the top level", file: file)
        }
        guard name.namespace == Self.schematronNamespace else { return }
        switch name.local {
        case "include":
            guard let href = tree.attribute(node, "href") else {
                throw SchematronError(.reference, "include without href", file: file)
            }
            let path = href.hasPrefix("/") ? href : Self.directory(of: file) + "/" + href
            let (includedTree, root) = try load(path)
            if isSchematron(includedTree, root, "schema") {
                try visitSchema(includedTree, root, file: path)
            } else {
                try visitTopLevel(includedTree, root, file: path)
            }
        case "ns":
            if let prefix = tree.attribute(node, "prefix"), let uri = tree.attribute(node, "uri") {
                model.namespaces.append((prefix, uri))
            }
        case "let":
            model.globals.append(try readLet(tree, node, file: file))
        case "pattern":
            try readPattern(tree, node, file: file)
        case "title", "p", "phase", "diagnostics", "properties": break
        default:
            throw SchematronError(.unsupported, "sch:\(name.local) is not supported", file: file)
        }
    }

    private func readLet(
        _ tree: XMLTree,
        _ node: Int32,
        file: String
    ) throws(SchematronError)
        -> SchematronModel.Variable
    {
        guard let name = tree.attribute(node, "name"), let value = tree.attribute(node, "value") else {
            throw SchematronError(.unsupported, "sch:let needs name and value", file: file)
        }
        return .init(name: name, expression: value)
    }

    private mutating func readPattern(_ tree: XMLTree, _ node: Int32, file: String) throws(SchematronError) {
        if tree.attribute(node, "abstract") == "true" {
            guard let id = tree.attribute(node, "id") else {
                throw SchematronError(.reference, "abstract pattern without id", file: file)
            }
            abstractPatterns[id] = (tree, node, file)
            return
        }
        if tree.attribute(node, "is-a") != nil {
            instances.append((tree, node, file, model.patterns.count))
            model.patterns.append(.init(id: tree.attribute(node, "id"), rules: [], source: file))
            return
        }
        var rules: [SchematronModel.Rule] = []
        for child in tree.elementChildren(node) {
            if isSchematron(tree, child, "let") {
                model.globals.append(try readLet(tree, child, file: file))
            } else if isSchematron(tree, child, "rule") {
                rules.append(try readRule(tree, child, file: file, substitute: { $0 }))
            } else if isSchematron(tree, child, "include") {
                throw SchematronError(.unsupported, "sch:include inside a pattern", file: file)
            }
        }
        model.patterns.append(.init(id: tree.attribute(node, "id"), rules: rules, source: file))
    }

    /// Fills in the patterns declared with `is-a` once every abstract pattern is known.
    private mutating func instantiate() throws(SchematronError) {
        for instance in instances {
            let tree = instance.tree
            guard let isA = tree.attribute(instance.node, "is-a"), let abstract = abstractPatterns[isA] else {
                throw SchematronError(.reference, "abstract pattern not found", file: instance.file)
            }
            var parameters: [String: String] = [:]
            for child in tree.elementChildren(instance.node) where isSchematron(tree, child, "param") {
                if let name = tree.attribute(child, "name"), let value = tree.attribute(child, "value") {
                    parameters[String(name.split(whereSeparator: \.isWhitespace).first ?? "")] = value
                }
            }
            let substitute = { (text: String) in Self.substitute(parameters, in: text) }
            var rules: [SchematronModel.Rule] = []
            for child in abstract.tree.elementChildren(abstract.node) {
                if isSchematron(abstract.tree, child, "rule") {
                    rules.append(try readRule(abstract.tree, child, file: abstract.file, substitute: substitute))
                } else if isSchematron(abstract.tree, child, "let") {
                    var variable = try readLet(abstract.tree, child, file: abstract.file)
                    variable.expression = substitute(variable.expression)
                    model.globals.append(variable)
                }
            }
            model.patterns[instance.index].rules = rules
        }
    }

    /// Replaces `$name` by the parameter's value where `name` is a whole parameter name.
    static func substitute(_ parameters: [String: String], in text: String) -> String {
        if parameters.isEmpty || !text.contains("$") { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            guard c == "$" else {
                result.append(c)
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, isNameCharacter(scalars[end]) { end += 1 }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            if let value = parameters[name] {
                result.append(contentsOf: value.unicodeScalars)
            } else {
                result.append(contentsOf: scalars[index..<end])
            }
            index = end
        }
        return String(result)
    }

    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c == "-" || c == "." || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
            || c.value >= 0xC0
    }

    private func readRule(
        _ tree: XMLTree,
        _ node: Int32,
        file: String,
        substitute: (String) -> String
    )
        throws(SchematronError) -> SchematronModel.Rule
    {
        guard let context = tree.attribute(node, "context") else {
            throw SchematronError(
                .unsupported,
                "sch:rule without context (abstract rules are not supported)",
                file: file
            )
        }
        var rule = SchematronModel.Rule(context: substitute(context), variables: [], checks: [])
        for child in tree.elementChildren(node) {
            guard let name = tree.name(child), name.namespace == Self.schematronNamespace else { continue }
            switch name.local {
            case "let":
                var variable = try readLet(tree, child, file: file)
                variable.expression = substitute(variable.expression)
                rule.variables.append(variable)
            case "assert", "report":
                guard let test = tree.attribute(child, "test") else {
                    throw SchematronError(.unsupported, "sch:\(name.local) without test", file: file)
                }
                rule.checks.append(
                    .init(
                        isReport: name.local == "report",
                        id: tree.attribute(child, "id") ?? "",
                        flag: tree.attribute(child, "flag"),
                        test: substitute(test),
                        message: readMessage(tree, child, substitute: substitute)
                    )
                )
            case "extends":
                throw SchematronError(.unsupported, "sch:extends is not supported", file: file)
            default: break
            }
        }
        return rule
    }

    private func readMessage(
        _ tree: XMLTree,
        _ node: Int32,
        substitute: (String) -> String
    )
        -> [SchematronModel.MessagePart]
    {
        var parts: [SchematronModel.MessagePart] = []
        for child in tree.children(node) {
            switch tree.kind(child) {
            case .text: parts.append(.text(tree.value(child)))
            case .element:
                if isSchematron(tree, child, "value-of"), let select = tree.attribute(child, "select") {
                    parts.append(.valueOf(substitute(select)))
                } else if isSchematron(tree, child, "name") {
                    parts.append(.name(tree.attribute(child, "path").map(substitute)))
                } else {
                    parts.append(contentsOf: readMessage(tree, child, substitute: substitute))
                }
            default: break
            }
        }
        return parts
    }
}
