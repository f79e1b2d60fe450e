/// What a report says about a PDF that was received instead of an XML invoice (ZUGFeRD / Factur-X): the embedded
/// invoice it describes, or why none could be taken out. Present only for PDFs.
public struct EmbeddedInvoice: Hashable, Sendable {
    /// The stable code of a rejection that happened because of the PDF or its profile, nil otherwise: the
    /// `pdf.*` codes of `PDFExtractionError` and `profile.not-an-invoice`, `profile.superseded`,
    /// `profile.not-covered`.
    public var failure: String?
    /// The embedded file's name, e.g. `factur-x.xml`; nil when none was found.
    public var fileName: String?
    /// Its `/AFRelationship` (`Alternative` expected).
    public var relationship: String?
    /// Its MIME type (`/Subtype`), e.g. `text/xml`.
    public var mimeType: String?
    /// The profile the XML's guideline id (BT-24) names, e.g. `EN 16931`, or the guideline id itself when it
    /// names no ZUGFeRD / Factur-X profile.
    public var profile: String?
    /// The profile the PDF's XMP metadata declares (`fx:ConformanceLevel`, as written).
    public var declaredProfile: String?
    /// SHA-256 of the embedded XML, lowercase hex.
    public var xmlSHA256: String?
    /// Deviations that do not decide, in plain words (relationship, MIME type, XMP disagreeing with the XML).
    public var warnings: [String]

    public init(
        failure: String? = nil,
        fileName: String? = nil,
        relationship: String? = nil,
        mimeType: String? = nil,
        profile: String? = nil,
        declaredProfile: String? = nil,
        xmlSHA256: String? = nil,
        warnings: [String] = []
    ) {
        self.failure = failure
        self.fileName = fileName
        self.relationship = relationship
        self.mimeType = mimeType
        self.profile = profile
        self.declaredProfile = declaredProfile
        self.xmlSHA256 = xmlSHA256
        self.warnings = warnings
    }
}
