/// The invoice XML embedded in a hybrid PDF (ZUGFeRD 2.x / Factur-X, PDF/A-3), and what the PDF says about it.
public struct ExtractedInvoice: Hashable, Sendable {
    /// The embedded file's bytes, decoded.
    public var xml: [UInt8]
    /// The embedded file's name (`/UF`, else `/F`, else its key in the name tree), e.g. `factur-x.xml`.
    public var fileName: String
    /// `/AFRelationship` of its file specification (`Alternative` expected), nil when it has none.
    public var relationship: String?
    /// `/Subtype` of the embedded file stream, e.g. `text/xml`; nil when it has none.
    public var mimeType: String?
    /// Whether the catalog lists the file among its associated files (`/AF`, PDF/A-3).
    public var isAssociated: Bool
    /// `fx:ConformanceLevel` of the XMP metadata, e.g. `EN 16931`; nil when the PDF declares none.
    public var declaredConformanceLevel: String?
    /// `fx:DocumentType` of the XMP metadata, e.g. `INVOICE`; nil when the PDF declares none.
    public var declaredDocumentType: String?
    /// Deviations from ZUGFeRD / Factur-X that do not stop the invoice, in plain words.
    public var warnings: [String]

    public init(
        xml: [UInt8],
        fileName: String,
        relationship: String?,
        mimeType: String?,
        isAssociated: Bool,
        declaredConformanceLevel: String?,
        declaredDocumentType: String?,
        warnings: [String]
    ) {
        self.xml = xml
        self.fileName = fileName
        self.relationship = relationship
        self.mimeType = mimeType
        self.isAssociated = isAssociated
        self.declaredConformanceLevel = declaredConformanceLevel
        self.declaredDocumentType = declaredDocumentType
        self.warnings = warnings
    }
}

/// Whether `bytes` are a PDF: `%PDF-` within the first 1024 bytes (ISO 32000-1 §7.5.2; content, not file name).
public func isPDF(_ bytes: some Collection<UInt8>) -> Bool {
    PDFDocument.headerOffset(Array(bytes.prefix(1024))) != nil
}

/// Takes the invoice XML out of a ZUGFeRD / Factur-X PDF: the embedded file named `factur-x.xml`,
/// `zugferd-invoice.xml` (any case) or `xrechnung.xml`, found through the name tree of embedded files and the
/// catalog's associated files (`/AF`), within `limits`.
public func extractInvoice(
    from bytes: [UInt8],
    limits: PDFLimits = PDFLimits()
) throws(PDFExtractionError) -> ExtractedInvoice {
    let document = try PDFDocument(bytes: bytes, limits: limits)
    return try InvoiceLocator(document: document).extract()
}
