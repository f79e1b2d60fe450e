import EInvoiceReports
import EInvoiceTestSupport
import EInvoiceValidation
import EInvoiceXML
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The validator every test shares: compiled once, as the daemon does.
enum SharedValidator {
    static func get() throws -> Validator { try StandardValidator.get() }

    /// A document validated with the full scenario and made into a report with a fixed time and engine.
    static func report(
        _ bytes: [UInt8],
        name: String,
        engine: ReportEngine = .eingang,
        at date: Date = Date(timeIntervalSince1970: 1_780_000_000.25)
    ) throws -> DocumentReport {
        let validator = try get()
        return DocumentReport(
            validation: validator.validate(bytes, file: name),
            sourceName: name,
            source: bytes,
            identity: nil,
            validatedAt: date,
            validator: validator,
            engine: engine
        )
    }
}

/// KoSIT's `report.xsd` with the `scenarios.xsd` it imports, compiled once per test run.
///
/// report.xsd imports the scenarios namespace without a location, so a small schema made at run time imports
/// both files of `../shared/rules/kosit` by path, scenarios first.
enum ReportSchema {
    static let schema: Result<XMLSchema, TestDataError> = {
        do {
            let kosit = try PackagePaths.rulesDirectory() + "/kosit"
            let directory = try TemporaryDirectory(prefix: "eingang-report-xsd")
            let path = try directory.write(
                Array(
                    """
                    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:eingang:test:varl">
                      <xs:import namespace="http://www.xoev.de/de/validator/framework/1/scenarios"
                                 schemaLocation="\(kosit)/scenarios.xsd"/>
                      <xs:import namespace="http://www.xoev.de/de/validator/varl/1"
                                 schemaLocation="\(kosit)/report.xsd"/>
                    </xs:schema>
                    """.utf8
                ),
                to: "varl.xsd"
            )
            return .success(try XMLSchema(contentsOf: path))
        } catch {
            return .failure(TestDataError("cannot compile report.xsd: \(error)"))
        }
    }()

    /// The XML Schema errors of a VARL report (empty when it is valid).
    static func violations(_ report: [UInt8]) throws -> [SchemaViolation] {
        try ParsedDocument.parse(report).validate(against: schema.get())
    }
}

/// What a test reads back from a VARL report.
struct VARLReading {
    struct Message: Hashable, CustomStringConvertible {
        var step: String
        var code: String
        var level: String
        var line: Int?
        var column: Int?

        var description: String { "\(step) \(code) \(level)" }
    }

    static let rep = "http://www.xoev.de/de/validator/varl/1"
    static let scenarios = "http://www.xoev.de/de/validator/framework/1/scenarios"

    /// `accept` or `reject`.
    var assessment: String?
    /// `report/@valid`.
    var valid: String?
    /// `scenarioMatched/scenario/name`, nil for `noScenarioMatched`.
    var scenarioName: String?
    /// The step ids in order.
    var steps: [String] = []
    /// Every message in document order.
    var messages: [Message] = []
    /// `assessment/customLevel` as `level: codes`.
    var customLevels: [String] = []

    init(_ bytes: [UInt8]) throws {
        let tree = try ParsedDocument.parse(bytes).tree
        let root = try #require(tree.firstElementChild(0))
        valid = tree.attribute(root, "valid")
        func named(_ node: Int32, _ local: String, _ namespace: String = VARLReading.rep) -> [Int32] {
            tree.elementChildren(node).filter { tree.name($0) == QName(namespace: namespace, local: local) }
        }
        for assessment in named(root, "assessment") {
            for child in tree.elementChildren(assessment) {
                let local = tree.name(child)?.local
                if local == "accept" || local == "reject" { self.assessment = local }
                if local == "customLevel" {
                    customLevels.append("\(tree.attribute(child, "level") ?? ""): \(tree.stringValue(child))")
                }
            }
        }
        for matched in named(root, "scenarioMatched") + named(root, "noScenarioMatched") {
            for scenario in named(matched, "scenario", Self.scenarios) {
                scenarioName = named(scenario, "name", Self.scenarios).first.map { tree.stringValue($0) }
            }
            for step in named(matched, "validationStepResult") {
                let id = tree.attribute(step, "id") ?? ""
                steps.append(id)
                for message in named(step, "message") {
                    messages.append(
                        Message(
                            step: id,
                            code: tree.attribute(message, "code") ?? "",
                            level: tree.attribute(message, "level") ?? "",
                            line: tree.attribute(message, "lineNumber").flatMap { Int($0) },
                            column: tree.attribute(message, "columnNumber").flatMap { Int($0) }
                        )
                    )
                }
            }
        }
    }
}
