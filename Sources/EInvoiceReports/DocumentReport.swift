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

    public init(
        validation: ValidationReport,
        sourceName: String,
        source: [UInt8],
        sha256: String,
        identity: InvoiceIdentity?,
        validatedAt: Date
    ) {
        self.validation = validation
        self.sourceName = sourceName
        self.source = source
        self.sha256 = sha256
        self.identity = identity
        self.validatedAt = validatedAt
    }
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
