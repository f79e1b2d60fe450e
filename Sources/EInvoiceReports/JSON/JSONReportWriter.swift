import EInvoiceBusinessTerms
import EInvoiceValidation

/// Writes the JSON report, schema `eingang-report/1` (`docs/report-json.md`): the content of the VARL report
/// (engine, timestamp, document, scenario, steps with their messages, assessment) plus the invoice's identity,
/// the processing error and the rules' messages that did not count. Keys come in a fixed order, every key is
/// always present (null where it does not apply).
public struct JSONReportWriter: ReportWriter {
    /// The value of the `schema` key: the name and major version of the format.
    public static let schema = "eingang-report/1"

    public var format: ReportFormat { .json }

    public init() {}

    public func render(_ report: DocumentReport) throws -> [UInt8] {
        let validation = report.validation
        let steps = report.steps
        let scenario: JSONValue =
            report.scenario.map { configured in
                .object([
                    ("name", .string(configured.scenario.name)),
                    ("element", .string(configured.scenario.element)),
                ])
            } ?? .null
        var fields: [(String, JSONValue)] = [
            ("schema", .string(Self.schema)),
            ("engine", .object([("name", .string(report.engine.name)), ("version", .string(report.engine.version))])),
            ("timestamp", .string(Timestamp.xsDateTime(report.validatedAt))),
            (
                "document",
                .object([
                    ("reference", .string(report.sourceName)),
                    ("sha256", .string(report.sha256)),
                    ("bytes", .int(report.source.count)),
                ])
            ),
            ("identity", report.identity.map(Self.identity) ?? .null),
            ("scenario", scenario),
            ("valid", .bool(report.isValid(steps))),
            ("steps", .array(steps.map(Self.step))),
            ("processing_error", .string(validation.processingError)),
            (
                "ungated_messages",
                .array(
                    (validation.failedUngated ?? []).enumerated().map { index, message in
                        Self.message(
                            ReportStepMessage(
                                id: "ungated.\(index + 1)",
                                code: message.id,
                                level: message.level,
                                text: message.text,
                                line: message.line > 0 ? message.line : nil,
                                column: message.column,
                                finding: message
                            )
                        )
                    }
                )
            ),
            (
                "assessment",
                .object([
                    ("decision", .string(validation.decision.rawValue)),
                    (
                        "custom_levels",
                        .array(
                            report.appliedCustomLevels.map { custom in
                                .object([
                                    ("level", .string(custom.level.rawValue)),
                                    ("codes", .array(custom.codes.map(JSONValue.string))),
                                ])
                            }
                        )
                    ),
                ])
            ),
        ]
        // Only for a PDF: which file inside it the report describes (after `document`).
        if let embedded = report.embedded { fields.insert(("pdf", Self.pdf(embedded)), at: 4) }
        return JSONValue.object(fields).serialized()
    }

    /// A PDF's embedded invoice: which file inside the PDF the report describes.
    static func pdf(_ embedded: EmbeddedInvoice) -> JSONValue {
        .object([
            ("embedded_file", .string(embedded.fileName)),
            ("embedded_sha256", .string(embedded.xmlSHA256)),
            ("relationship", .string(embedded.relationship)),
            ("mime_type", .string(embedded.mimeType)),
            ("profile", .string(embedded.profile)),
            ("xmp_profile", .string(embedded.declaredProfile)),
            ("error", .string(embedded.failure)),
            ("warnings", .array(embedded.warnings.map { .string($0) })),
        ])
    }

    private static func identity(_ identity: InvoiceIdentity) -> JSONValue {
        .object([
            ("syntax", .string(identity.syntax)),
            ("invoice_number", .string(identity.invoiceNumber)),
            ("type_code", .string(identity.typeCode)),
            ("issue_date", .string(identity.issueDate)),
            ("currency", .string(identity.currency)),
            ("seller_name", .string(identity.sellerName)),
            ("seller_vat_id", .string(identity.sellerVATID)),
            ("buyer_name", .string(identity.buyerName)),
            ("buyer_reference", .string(identity.buyerReference)),
            ("total_amount", .string(identity.totalAmount)),
            ("payable_amount", .string(identity.payableAmount)),
        ])
    }

    private static func step(_ step: ReportStep) -> JSONValue {
        .object([
            ("id", .string(step.id)),
            ("kind", .string(step.kind.rawValue)),
            ("step", .string(step.stepID)),
            (
                "resource",
                step.resource.map { .object([("name", .string($0.name)), ("location", .string($0.location))]) }
                    ?? .null
            ),
            ("valid", .bool(step.isValid)),
            ("messages", .array(step.messages.map(message))),
        ])
    }

    private static func message(_ message: ReportStepMessage) -> JSONValue {
        let finding = message.finding
        return .object([
            ("id", .string(message.id)),
            ("code", .string(message.code)),
            ("level", .string(message.level.rawValue)),
            ("base_level", .string(finding?.baseLevel.rawValue)),
            ("flag", .string(finding?.flag)),
            ("kind", .string(finding?.kind)),
            ("line", .int(message.line)),
            ("column", .int(message.column)),
            ("location", .string(finding?.location)),
            ("path", .string(finding?.path)),
            ("text", .string(message.text)),
        ])
    }
}
