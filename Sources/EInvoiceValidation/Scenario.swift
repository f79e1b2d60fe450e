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
        let document: ParsedDocument
        do {
            document = try ParsedDocument.parse([UInt8](data))
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
            let schema = children(node, "validateWithXmlSchema").first.flatMap { step in
                children(step, "resource").first.flatMap { text($0, "location") }
            }
            var schematrons: [String] = []
            for step in children(node, "validateWithSchematron") {
                if let resource = children(step, "resource").first, let location = text(resource, "location") {
                    schematrons.append(location)
                }
            }
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
            scenarios.append(
                Scenario(
                    name: name,
                    namespaces: namespaces,
                    match: match,
                    schemaLocation: schema,
                    schematronLocations: schematrons,
                    customLevels: levels
                )
            )
        }
        return scenarios
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
