public import EInvoiceValidation
import EInvoiceXML

/// One validation step as every report shows it (VARL `validationStepResult`): well-formedness (`val-xml`), the
/// XML Schema (`val-xsd`), each Schematron of the scenario (`val-sch.1`, `val-sch.2`), with their messages.
public struct ReportStep: Hashable, Sendable {
    /// What the step checks.
    public enum Kind: String, Hashable, Sendable {
        case wellformedness
        case xmlSchema = "xml-schema"
        case schematron
    }

    /// The KoSIT step id: `val-xml`, `val-xsd`, `val-sch.N` (N counts the scenario's Schematron resources).
    public var id: String
    public var kind: Kind
    /// The Schematron step as messages name it (``ReportMessage/step``: `cen`, `xr`); nil for the others.
    public var stepID: String?
    /// The scenario's resource for the step, as scenarios.xml names it; nil for well-formedness.
    public var resource: ScenarioResource?
    /// The step's messages, in order.
    public var messages: [ReportStepMessage]

    /// VARL `valid`: no message at level error or warning.
    public var isValid: Bool { !messages.contains { $0.level != .information } }
}

/// One message of a step (VARL `message`): a Schematron finding, an XML Schema error, the parse error of a
/// document that is not well-formed, or the processing error that stopped the rules.
public struct ReportStepMessage: Hashable, Sendable {
    /// Unique in the report: the step id and the message's number in the step, `val-sch.1.3`.
    public var id: String
    /// The rule id (`BR-DE-15`), libxml2's error type (`SCHEMAV_ELEMENT_CONTENT`), the parse error's code
    /// (`xml.not-well-formed`), or ``ReportStepMessage/processingErrorCode``.
    public var code: String
    /// The level after the scenario's custom levels: this one decides.
    public var level: Level
    /// The message text.
    public var text: String
    /// Where the message points in the source (1-based), when known.
    public var line: Int?
    /// The column (1-based, in characters), when known.
    public var column: Int?
    /// The Schematron finding this message renders, with flag, base level, kind and paths; nil for the others.
    public var finding: ReportMessage?

    /// The code of a processing error (an XPath dynamic error while the rules ran, a failed configuration).
    public static let processingErrorCode = "processing-error"
}

/// The custom levels of the scenario that changed a message of this document (VARL `assessment/customLevel`).
public struct AppliedCustomLevel: Hashable, Sendable {
    public var level: Level
    /// The rule ids, in the order their first message appears.
    public var codes: [String]
}

extension DocumentReport {
    /// The steps, in the order they ran: `val-xml` always; with a matched scenario, `val-xsd` when the XML Schema
    /// ran, then the Schematron steps, unless the XML Schema failed (KoSIT skips the rules then: their messages
    /// are ``ValidationReport/failedUngated``) and none after the one a processing error stopped.
    public var steps: [ReportStep] {
        let validation = validation
        var wellformedness = ReportStep(id: "val-xml", kind: .wellformedness, messages: [])
        if !validation.wellformed {
            let error = validation.intakeError
            wellformedness.messages.append(
                ReportStepMessage(
                    id: "val-xml.1",
                    code: error.map { "\($0.code)" } ?? ReportStepMessage.processingErrorCode,
                    level: .error,
                    text: error?.message ?? validation.processingError ?? "not well-formed",
                    line: error?.position?.line,
                    column: error?.position.flatMap { $0.column > 0 ? $0.column : nil }
                )
            )
        }
        guard let configured = scenario else { return [wellformedness] }
        var steps = [wellformedness]
        if validation.xsdValid != nil {
            var schema = ReportStep(
                id: "val-xsd",
                kind: .xmlSchema,
                resource: configured.scenario.schemaResource,
                messages: []
            )
            for (index, error) in validation.xsdErrors.enumerated() {
                let position = validation.xsdErrorPosition(at: index)
                schema.messages.append(
                    ReportStepMessage(
                        id: "val-xsd.\(index + 1)",
                        code: error.type,
                        level: .error,
                        text: error.message,
                        line: position?.line ?? (error.line > 0 ? error.line : nil),
                        column: position?.column ?? (error.column > 0 ? error.column : nil)
                    )
                )
            }
            steps.append(schema)
        }
        if validation.xsdValid == false { return steps }
        let resources = configured.scenario.schematronResources
        for (index, stepID) in configured.stepIDs.enumerated() {
            var step = ReportStep(
                id: "val-sch.\(index + 1)",
                kind: .schematron,
                stepID: stepID,
                resource: index < resources.count ? resources[index] : nil,
                messages: []
            )
            for message in validation.failed where message.step == stepID {
                step.messages.append(
                    ReportStepMessage(
                        id: "\(step.id).\(step.messages.count + 1)",
                        code: message.id,
                        level: message.level,
                        text: message.text,
                        line: message.line > 0 ? message.line : nil,
                        column: message.column,
                        finding: message
                    )
                )
            }
            let stopped = validation.processingError.map { $0.hasPrefix(stepID + ": ") } ?? false
            if stopped, let error = validation.processingError {
                step.messages.append(processingErrorMessage(error, in: step))
            }
            steps.append(step)
            if stopped { return steps }
        }
        // A processing error no step claims (a configuration that failed for this document) still shows.
        if let error = validation.processingError, validation.wellformed, var last = steps.popLast() {
            last.messages.append(processingErrorMessage(error, in: last))
            steps.append(last)
        }
        return steps
    }

    private func processingErrorMessage(_ error: String, in step: ReportStep) -> ReportStepMessage {
        ReportStepMessage(
            id: "\(step.id).\(step.messages.count + 1)",
            code: ReportStepMessage.processingErrorCode,
            level: .error,
            text: error
        )
    }

    /// The custom levels that changed a message of this document, error first, then warning, then information.
    public var appliedCustomLevels: [AppliedCustomLevel] {
        var codes: [Level: [String]] = [:]
        for message in validation.failed where message.level != message.baseLevel {
            if !(codes[message.level]?.contains(message.id) ?? false) {
                codes[message.level, default: []].append(message.id)
            }
        }
        return [Level.error, .warning, .information].compactMap { level in
            codes[level].map { AppliedCustomLevel(level: level, codes: $0) }
        }
    }

    /// VARL `report/@valid`: a scenario matched and every step is valid.
    public var isValid: Bool { isValid(steps) }

    /// ``isValid`` for the steps already computed.
    func isValid(_ steps: [ReportStep]) -> Bool { scenario != nil && steps.allSatisfy(\.isValid) }
}

extension ReportStepMessage {
    init(id: String, code: String, level: Level, text: String, line: Int? = nil, column: Int? = nil) {
        self.init(id: id, code: code, level: level, text: text, line: line, column: column, finding: nil)
    }
}
