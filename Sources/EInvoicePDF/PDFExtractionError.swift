/// Why no invoice could be taken out of a PDF: the file is not a PDF this package reads, or it holds no single
/// invoice XML (STYLE §2.4: a fault of one document, never of the service).
///
/// `description` is safe to log: a code and a message that names PDF structures (objects, offsets, file names of
/// attachments), never invoice content.
public struct PDFExtractionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, dotted code that reports carry; new codes can be added without breaking anyone.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let id: String

        private init(id: String) { self.id = id }

        /// The dotted identifier, e.g. `pdf.encrypted`.
        public var description: String { id }

        /// `pdf.not-pdf`: no `%PDF-` header within the first 1024 bytes.
        public static let notPDF = Code(id: "pdf.not-pdf")
        /// `pdf.too-large`: more bytes than ``PDFLimits/maxBytes``.
        public static let tooLarge = Code(id: "pdf.too-large")
        /// `pdf.truncated`: the file ends before its cross-reference section (no `startxref`).
        public static let truncated = Code(id: "pdf.truncated")
        /// `pdf.encrypted`: the trailer names an `/Encrypt` dictionary.
        public static let encrypted = Code(id: "pdf.encrypted")
        /// `pdf.broken-xref`: the cross-reference table or stream is unreadable, or points to the wrong place.
        public static let brokenXRef = Code(id: "pdf.broken-xref")
        /// `pdf.cyclic-xref`: cross-reference sections (`/Prev`) or object references form a cycle.
        public static let cyclicXRef = Code(id: "pdf.cyclic-xref")
        /// `pdf.too-many-objects`: more objects, sections or tree nodes than ``PDFLimits`` allow.
        public static let tooManyObjects = Code(id: "pdf.too-many-objects")
        /// `pdf.inflate-limit`: a stream inflates beyond ``PDFLimits/maxInflatedBytes`` (a decompression bomb).
        public static let inflateLimit = Code(id: "pdf.inflate-limit")
        /// `pdf.malformed`: an object the extraction needs is not valid PDF syntax, or has the wrong type.
        public static let malformed = Code(id: "pdf.malformed")
        /// `pdf.unsupported-filter`: a stream the extraction needs uses an image filter (DCT, JBIG2, CCITT, JPX) or an
        /// unknown one; FlateDecode, LZWDecode, ASCIIHexDecode, ASCII85Decode and RunLengthDecode are read.
        public static let unsupportedFilter = Code(id: "pdf.unsupported-filter")
        /// `pdf.no-invoice`: no embedded file with an invoice name (`factur-x.xml`, `zugferd-invoice.xml`,
        /// `xrechnung.xml`).
        public static let noInvoice = Code(id: "pdf.no-invoice")
        /// `pdf.several-invoices`: more than one embedded file could be the invoice.
        public static let severalInvoices = Code(id: "pdf.several-invoices")
        /// `pdf.order`: the embedded XML is an order (`order-x.xml`), not an invoice.
        public static let order = Code(id: "pdf.order")
    }

    /// What went wrong, as a stable code.
    public var code: Code
    /// The reason in plain words.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
