public import EInvoiceXML
import Schematron

/// The verdict on one document (KoSIT VARL `assessment`).
public enum Decision: String, Sendable, Codable, Hashable {
    case accept, reject
}

/// A message that counts: a finding with its step and its level after the scenario's custom levels.
public struct ReportMessage: Hashable, Sendable, Codable {
    /// The rule id, e.g. `BR-DE-15`.
    public var id: String
    /// The .sch `flag`.
    public var flag: String
    /// The level after custom levels: this decides.
    public var level: Level
    /// The level the flag gives.
    public var baseLevel: Level
    /// The Schematron step: `cen` or `xr`.
    public var step: String
    /// `assert` (failed) or `report` (successful report).
    public var kind: String
    /// The context node as an EQName path.
    public var location: String
    /// The context node with the conventional prefixes.
    public var path: String
    /// The rule's message.
    public var text: String
    /// The context node's line in the source: where its start tag begins (its `<`) once located, else libxml2's
    /// line of the node (for an element, where its start tag ends).
    public var line: Int
    /// The column of the context node's start tag, its `<` (1-based, in characters; ``SourceLocator``); an
    /// attribute's column is that of its name, text is located by its element. nil where not located.
    public var column: Int?

    enum CodingKeys: String, CodingKey {
        case id, flag, level
        case baseLevel = "base_level"
        case step, kind, location, path, text, line, column
    }
}

/// Everything the validator found about one document; field names follow the corpus README.
public struct ValidationReport: Sendable, Codable {
    public var file: String
    /// The matched scenario's name; nil when none or several matched.
    public var scenario: String?
    public var wellformed: Bool
    /// nil when the XML Schema was not run.
    public var xsdValid: Bool?
    public var xsdErrors: [SchemaViolation]
    /// false when the XML Schema failed: the rules do not count then.
    public var schematronRun: Bool
    /// The messages that count, in order.
    public var failed: [ReportMessage]
    /// What the rules say when the XML Schema failed; never part of the decision.
    public var failedUngated: [ReportMessage]?
    /// Why the rules could not run: not well-formed, no unique scenario, or an XPath dynamic error.
    public var processingError: String?
    public var decision: Decision
    /// The SHA-256 of the document's bytes, lowercase hex.
    public var sha256: String?
    /// Where each XML Schema error's node starts in the source, one per ``xsdErrors`` entry (its element's `<`
    /// or its attribute's name, as ``SourceLocator`` finds them); nil where libxml2 names no node. For reports:
    /// not part of the JSON Lines output, whose `xsd_errors` keep libxml2's line and column as the corpus does.
    public var xsdErrorPositions: [SourcePosition?] = []
    /// Why the document is not well-formed, as the parser reported it; for reports, not part of the JSON Lines
    /// output (``processingError`` says the same in words).
    public var intakeError: IntakeError?
    /// For a PDF: the embedded invoice the rest of the report describes, or why there is none; nil for XML.
    public var embedded: EmbeddedInvoice?

    public init(
        file: String,
        scenario: String?,
        wellformed: Bool,
        xsdValid: Bool?,
        xsdErrors: [SchemaViolation],
        schematronRun: Bool,
        failed: [ReportMessage],
        failedUngated: [ReportMessage]?,
        processingError: String?,
        decision: Decision,
        sha256: String? = nil
    ) {
        self.file = file
        self.scenario = scenario
        self.wellformed = wellformed
        self.xsdValid = xsdValid
        self.xsdErrors = xsdErrors
        self.schematronRun = schematronRun
        self.failed = failed
        self.failedUngated = failedUngated
        self.processingError = processingError
        self.decision = decision
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case file, scenario, wellformed
        case xsdValid = "xsd_valid"
        case xsdErrors = "xsd_errors"
        case schematronRun = "schematron_run"
        case failed
        case failedUngated = "failed_ungated"
        case processingError = "processing_error"
        case decision, sha256
    }

    /// The extra fields of a PDF's report (not decoded: ``embedded`` is written for readers, not read back).
    private enum EmbeddedKeys: String, CodingKey {
        case embeddedFile = "embedded_file"
        case embeddedRelationship = "embedded_relationship"
        case embeddedMIMEType = "embedded_mime_type"
        case embeddedSHA256 = "embedded_sha256"
        case profile
        case declaredProfile = "xmp_profile"
        case pdfError = "pdf_error"
        case warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(scenario, forKey: .scenario)
        try container.encode(wellformed, forKey: .wellformed)
        try container.encode(xsdValid, forKey: .xsdValid)
        try container.encode(xsdErrors, forKey: .xsdErrors)
        try container.encode(schematronRun, forKey: .schematronRun)
        try container.encode(failed, forKey: .failed)
        try container.encodeIfPresent(failedUngated, forKey: .failedUngated)
        try container.encode(processingError, forKey: .processingError)
        try container.encode(decision, forKey: .decision)
        try container.encodeIfPresent(sha256, forKey: .sha256)
        if let embedded {
            // A PDF: the fields above describe its embedded invoice; these name the embedded file.
            var container = encoder.container(keyedBy: EmbeddedKeys.self)
            try container.encode(embedded.fileName, forKey: .embeddedFile)
            try container.encode(embedded.relationship, forKey: .embeddedRelationship)
            try container.encode(embedded.mimeType, forKey: .embeddedMIMEType)
            try container.encode(embedded.xmlSHA256, forKey: .embeddedSHA256)
            try container.encode(embedded.profile, forKey: .profile)
            try container.encode(embedded.declaredProfile, forKey: .declaredProfile)
            try container.encode(embedded.failure, forKey: .pdfError)
            try container.encode(embedded.warnings, forKey: .warnings)
        }
    }

    /// A report that starts out rejected and empty: nothing run yet, or the document stopped before the rules.
    public static func rejected(file: String, wellformed: Bool, processingError: String?) -> ValidationReport {
        ValidationReport(
            file: file,
            scenario: nil,
            wellformed: wellformed,
            xsdValid: nil,
            xsdErrors: [],
            schematronRun: false,
            failed: [],
            failedUngated: nil,
            processingError: processingError,
            decision: .reject
        )
    }

    /// The located position of the XML Schema error at `index` (``xsdErrorPositions``), if any.
    public func xsdErrorPosition(at index: Int) -> SourcePosition? {
        xsdErrorPositions.indices.contains(index) ? xsdErrorPositions[index] : nil
    }

    /// Whether the document goes to booking.
    public var isAccepted: Bool { decision == .accept }
}
