public import EInvoiceBusinessTerms
public import EInvoiceValidation

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Everything a report about one received document says: the validator's verdict with its findings, the
/// document as received, and who sent which invoice. The writers (VARL XML, JSON, HTML) render this value and
/// nothing else, so the three formats cannot disagree.
public struct DocumentReport: Sendable {
    /// The verdict and every message that counts.
    public var validation: ValidationReport
    /// The name the document arrived under (a file name, an upload's name): shown, never used as a path.
    public var sourceName: String
    /// The document's bytes exactly as received: excerpts are cut from them.
    public var source: [UInt8]
    /// SHA-256 of `source`, lowercase hex.
    public var sha256: String
    /// The invoice's identity; nil when the document is no readable invoice.
    public var identity: InvoiceIdentity?
    /// When the document was validated.
    public var validatedAt: Date
    /// The scenario the document matched, as configured (VARL `scenarioMatched` quotes it); nil when it matched
    /// none or several, or when it was validated without scenarios (`--ruleset cen`).
    public var scenario: ConfiguredScenario?
    /// The program that validated the document (VARL `engine`).
    public var engine: ReportEngine

    public init(
        validation: ValidationReport,
        sourceName: String,
        source: [UInt8],
        sha256: String,
        identity: InvoiceIdentity?,
        validatedAt: Date,
        scenario: ConfiguredScenario? = nil,
        engine: ReportEngine = .eingang
    ) {
        self.validation = validation
        self.sourceName = sourceName
        self.source = source
        self.sha256 = sha256
        self.identity = identity
        self.validatedAt = validatedAt
        self.scenario = scenario
        self.engine = engine
    }

    /// The report on a document the `validator` has just validated: hashes the bytes (unless `validation`
    /// carries their hash) and looks up the matched scenario.
    public init(
        validation: ValidationReport,
        sourceName: String,
        source: [UInt8],
        identity: InvoiceIdentity?,
        validatedAt: Date,
        validator: Validator,
        engine: ReportEngine = .eingang
    ) {
        self.init(
            validation: validation,
            sourceName: sourceName,
            source: source,
            sha256: validation.sha256 ?? SHA256.hex(source),
            identity: identity,
            validatedAt: validatedAt,
            scenario: validation.scenario.flatMap(validator.scenario(named:)),
            engine: engine
        )
    }
}

/// The program that wrote a report: its name and version (VARL `engine`).
public struct ReportEngine: Hashable, Sendable {
    /// `eingang`.
    public var name: String
    /// The version, e.g. `0.1.0`.
    public var version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// This build of eingang.
    public static let eingang = ReportEngine(name: "eingang", version: "0.1.0")
}

/// The report formats, named as `--report` names them.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// KoSIT's Validation Report Language (`report.xsd`): what tools written for the KoSIT validator read.
    case varl
    /// The same content as JSON, plus the invoice's identity.
    case json
    /// One self-contained page for finance clerks.
    case html

    /// The file name suffix: `<name>-report.xml`, `-report.json`, `-report.html`.
    public var fileSuffix: String {
        switch self {
        case .varl: "-report.xml"
        case .json: "-report.json"
        case .html: "-report.html"
        }
    }
}

/// Renders a report in one format.
public protocol ReportWriter: Sendable {
    var format: ReportFormat { get }
    /// The report's bytes (UTF-8).
    func render(_ report: DocumentReport) throws -> [UInt8]
}

extension DocumentReport {
    /// For a PDF, the embedded invoice the report describes (``ValidationReport/embedded``); nil for XML.
    public var embedded: EmbeddedInvoice? { validation.embedded }

    /// The document as reports name it: the file received, and for a PDF the embedded file the findings concern,
    /// e.g. `invoice.pdf (embedded factur-x.xml)`.
    public var documentName: String {
        guard let embedded else { return sourceName }
        return sourceName + " (embedded " + (embedded.fileName ?? "invoice: none found") + ")"
    }
}
