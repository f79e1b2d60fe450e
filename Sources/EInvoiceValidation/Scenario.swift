import EInvoiceXML

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One `scenario` of the KoSIT configuration (`scenarios.xml`, KoSIT validator framework 1.0).
public struct Scenario: Sendable {
    /// The scenario's `name`, as reports and the corpus name it.
    public var name: String
    /// `namespace` declarations for the match expression: prefix → URI.
    public var namespaces: [String: String]
    /// The `match` XPath expression; exactly one scenario must match a document.
    public var match: String
    /// `validateWithXmlSchema/resource/location` as written in scenarios.xml.
    public var schemaLocation: String?
    /// `validateWithSchematron/resource/location`s, in order.
    public var schematronLocations: [String]
    /// `createReport/customLevel`: rule id → level (`error`, `warning`, `information`).
    public var customLevels: [String: Level]
    /// `validateWithXmlSchema/resource` (the first, KoSIT validates with one).
    public var schemaResource: ScenarioResource?
    /// `validateWithSchematron/resource`s, in order.
    public var schematronResources: [ScenarioResource]
    /// The `scenario` element exactly as scenarios.xml writes it, comments and white space included, with the
    /// namespace declarations in scope added to its start tag so that it stands alone (a KoSIT report embeds it).
    public var element: String
}

/// A `resource` of a scenario: a name for people and the location KoSIT's distribution gives the file.
public struct ScenarioResource: Hashable, Sendable {
    /// `resource/name`.
    public var name: String
    /// `resource/location`, as written in scenarios.xml (not the file eingang reads instead).
    public var location: String

    public init(name: String, location: String) {
        self.name = name
        self.location = location
    }
}

/// The level of a message (KoSIT VARL `level`), after custom levels.
public enum Level: String, Sendable, Codable, Hashable {
    case error, warning, information
}

/// Reads `scenarios.xml`.
public enum ScenarioConfiguration {
    static let namespace = "http://www.xoev.de/de/validator/framework/1/scenarios"

    /// The scenarios of the file at `path`, in document order.
    public static func read(path: String) throws(ValidationSetupError) -> [Scenario] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationSetupError(.unreadable, "cannot read \(path)")
        }
        let bytes = [UInt8](data)
        let document: ParsedDocument
        do {
            document = try ParsedDocument.parse(bytes)
        } catch {
            throw ValidationSetupError(.unreadable, "\(path) is not well-formed: \(error)")
        }
        let tree = document.tree
        guard let root = tree.firstElementChild(0) else { throw ValidationSetupError(.unreadable, "\(path) is empty") }
        func children(_ node: Int32, _ local: String) -> [Int32] {
            tree.elementChildren(node).filter { tree.name($0) == QName(namespace: namespace, local: local) }
        }
        func text(_ node: Int32, _ local: String) -> String? {
            children(node, local).first.map { tree.stringValue($0).trimmed }
        }
        func resource(_ step: Int32) -> ScenarioResource? {
            guard let resource = children(step, "resource").first, let location = text(resource, "location") else {
                return nil
            }
            // xs:token in scenarios.xsd: white space collapsed.
            func token(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            return ScenarioResource(name: token(text(resource, "name") ?? ""), location: token(location))
        }
        let source = SourceText(tree: tree, bytes: bytes)
        var scenarios: [Scenario] = []
        for node in children(root, "scenario") {
            guard let name = text(node, "name"), let match = text(node, "match") else {
                throw ValidationSetupError(.unreadable, "a scenario in \(path) lacks name or match")
            }
            var namespaces: [String: String] = [:]
            for declaration in children(node, "namespace") {
                if let prefix = tree.attribute(declaration, "prefix") {
                    namespaces[prefix] = tree.stringValue(declaration).trimmed
                }
            }
            let schema = children(node, "validateWithXmlSchema").first.flatMap(resource)
            let schematrons = children(node, "validateWithSchematron").compactMap(resource)
            var levels: [String: Level] = [:]
            for report in children(node, "createReport") {
                for custom in children(report, "customLevel") {
                    guard let level = tree.attribute(custom, "level").flatMap(Level.init(rawValue:)) else {
                        throw ValidationSetupError(.unreadable, "unknown customLevel in scenario \(name)")
                    }
                    for id in tree.stringValue(custom).split(whereSeparator: \.isWhitespace) {
                        levels[String(id)] = level
                    }
                }
            }
            guard let element = source.standalone(node) else {
                throw ValidationSetupError(.unreadable, "cannot cut scenario \(name) out of \(path) (UTF-8 only)")
            }
            scenarios.append(
                Scenario(
                    name: name,
                    namespaces: namespaces,
                    match: match,
                    schemaLocation: schema?.location,
                    schematronLocations: schematrons.map(\.location),
                    customLevels: levels,
                    schemaResource: schema,
                    schematronResources: schematrons,
                    element: element
                )
            )
        }
        return scenarios
    }
}

/// Elements of a document cut out of its source text.
private struct SourceText {
    let tree: XMLTree
    let locator: SourceLocator

    init(tree: XMLTree, bytes: [UInt8]) {
        self.tree = tree
        locator = SourceLocator(bytes)
    }

    /// The element's text as written, with the namespace declarations of its ancestors that it does not make
    /// itself added to its start tag.
    func standalone(_ node: Int32) -> String? {
        var ancestors: [Int32] = []
        var parent = tree.parent(node)
        while parent > 0 {
            ancestors.append(parent)
            parent = tree.parent(parent)
        }
        let ordinals = tree.sourceNodes([node] + ancestors).map { $0?.element }
        guard let own = ordinals[0], var text = locator.elementText(own) else { return nil }
        func prefix(_ declaration: String) -> Substring {
            declaration.prefix { $0 != "=" && !$0.isWhitespace }
        }
        var declared = Set(locator.namespaceDeclarations(ofElement: own).map(prefix))
        var inherited: [String] = []
        // Nearest ancestor first: an inner declaration hides an outer one of the same prefix.
        for ordinal in ordinals.dropFirst().compactMap(\.self) {
            for declaration in locator.namespaceDeclarations(ofElement: ordinal)
            where declared.insert(prefix(declaration)).inserted {
                inherited.append(declaration)
            }
        }
        if inherited.isEmpty { return text }
        let nameEnd = text.dropFirst().firstIndex { $0.isWhitespace || $0 == ">" || $0 == "/" } ?? text.endIndex
        text.insert(contentsOf: inherited.map { " " + $0 }.joined(), at: nameEnd)
        return text
    }
}

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// A configuration or rule set that stops the validator from starting (never a fault of one invoice).
public struct ValidationSetupError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable, dotted error codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let id: String
        public var description: String { id }
        public static let unreadable = Code(id: "config.unreadable")
        public static let unmapped = Code(id: "config.unmapped-resource")
        public static let rules = Code(id: "config.rules")
        public static let schema = Code(id: "config.schema")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
