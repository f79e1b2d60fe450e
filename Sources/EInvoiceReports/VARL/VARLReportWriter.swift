import EInvoiceValidation

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Writes the KoSIT Validation Report Language (VARL 1.0.0, `report.xsd` of the KoSIT configuration), shaped
/// as the KoSIT validator's reports are, so that a tool written for those reads ours unchanged.
///
/// - `engine/name` is `eingang <version>` (KoSIT: `KoSIT Validator <version>`), with `info key="version"`;
///   `timestamp` is when validation began, in UTC; `documentIdentification` holds the SHA-256 of the bytes in
///   base64 and the name the document arrived under.
/// - `scenarioMatched` quotes the scenario element of scenarios.xml as written (with its namespace
///   declaration), then one `validationStepResult` per step: `val-xml` (well-formedness), `val-xsd`, `val-sch.N`
///   with the scenario's `resource`; without a scenario, `noScenarioMatched` holds `val-xml` alone.
/// - A message's `code` is the rule id (XML Schema: libxml2's error type), `level` is the level after the
///   scenario's custom levels (KoSIT writes the flag's level and applies custom levels in the assessment; applying
///   them again gives the same result), with `lineNumber`, `columnNumber` and, for rules, `xpathLocation`.
/// - `assessment` lists the custom levels that changed a message of this document, then `accept` or `reject`:
///   the validator's decision. No HTML `explanation` (the HTML report is a file of its own).
public struct VARLReportWriter: ReportWriter {
    public var format: ReportFormat { .varl }

    public init() {}

    public func render(_ report: DocumentReport) throws -> [UInt8] {
        let steps = report.steps
        var xml = XMLOutput()
        xml.line(#"<?xml version="1.0" encoding="UTF-8"?>"#)
        xml.open(
            "rep:report",
            [
                ("xmlns:rep", Self.varlNamespace), ("xmlns:s", Self.scenariosNamespace), ("varlVersion", "1.0.0"),
                ("valid", report.isValid(steps) ? "true" : "false"),
            ]
        )
        xml.open("rep:engine")
        xml.element("rep:name", "\(report.engine.name) \(report.engine.version)")
        xml.element("rep:info", [("key", "version")], report.engine.version)
        xml.close("rep:engine")
        xml.element("rep:timestamp", Timestamp.xsDateTime(report.validatedAt))
        xml.open("rep:documentIdentification")
        xml.open("rep:documentHash")
        xml.element("rep:hashAlgorithm", "SHA-256")
        xml.element("rep:hashValue", Self.base64(hex: report.sha256))
        xml.close("rep:documentHash")
        xml.element("rep:documentReference", report.documentName)
        xml.close("rep:documentIdentification")
        if let configured = report.scenario {
            xml.open("rep:scenarioMatched")
            xml.raw(configured.scenario.element)
            for step in steps { write(step, to: &xml) }
            xml.close("rep:scenarioMatched")
        } else {
            xml.open("rep:noScenarioMatched")
            for step in steps { write(step, to: &xml) }
            xml.close("rep:noScenarioMatched")
        }
        xml.open("rep:assessment")
        for custom in report.appliedCustomLevels {
            xml.element("rep:customLevel", [("level", custom.level.rawValue)], custom.codes.joined(separator: " "))
        }
        xml.empty(report.validation.decision == .accept ? "rep:accept" : "rep:reject")
        xml.close("rep:assessment")
        xml.close("rep:report")
        return xml.bytes
    }

    private func write(_ step: ReportStep, to xml: inout XMLOutput) {
        let attributes = [("id", step.id), ("valid", step.isValid ? "true" : "false")]
        if step.resource == nil && step.messages.isEmpty {
            xml.empty("rep:validationStepResult", attributes)
            return
        }
        xml.open("rep:validationStepResult", attributes)
        if let resource = step.resource {
            xml.open("s:resource")
            xml.element("s:name", resource.name)
            xml.element("s:location", resource.location)
            xml.close("s:resource")
        }
        for message in step.messages {
            var attributes = [("id", message.id), ("code", message.code), ("level", message.level.rawValue)]
            if let line = message.line { attributes.append(("lineNumber", String(line))) }
            if let column = message.column { attributes.append(("columnNumber", String(column))) }
            if let location = message.finding?.location { attributes.append(("xpathLocation", location)) }
            xml.element("rep:message", attributes, message.text)
        }
        xml.close("rep:validationStepResult")
    }

    static let varlNamespace = "http://www.xoev.de/de/validator/varl/1"
    static let scenariosNamespace = "http://www.xoev.de/de/validator/framework/1/scenarios"

    /// The digest given as hex, in base64 (VARL `hashValue` is `xs:base64Binary`, as KoSIT writes it).
    static func base64(hex: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for digit in hex.utf8 {
            let value: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = digit - UInt8(ascii: "A") + 10
            default: continue
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return Data(bytes).base64EncodedString()
    }
}
