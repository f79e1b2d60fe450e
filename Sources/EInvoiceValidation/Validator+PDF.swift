public import EInvoicePDF
public import EInvoiceXML

/// A document validated by content: an XML invoice as it is, a PDF through its embedded invoice.
public struct DocumentOutcome<T> {
    /// The verdict; for a PDF it describes the embedded invoice and names it (``ValidationReport/embedded``).
    public var report: ValidationReport
    /// What `inspect` read from the invoice's tree; nil when there was no well-formed XML.
    public var inspected: T?
    /// The XML that was validated: the document itself, or the invoice taken out of the PDF (nil when none
    /// could be taken out).
    public var xml: [UInt8]?
    /// Whether the document was a PDF.
    public var isPDF: Bool
}

extension Validator {
    /// The namespace of ZUGFeRD 1.0's `rsm:CrossIndustryDocument`, superseded by ZUGFeRD 2.x / Factur-X.
    static let zugferd1Namespace = "urn:ferd:CrossIndustryDocument:invoice:1p0"
    static let ciiNamespace = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
    static let ramNamespace = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"

    /// Validates a document recognised by its content: a PDF (`%PDF-` within its first 1024 bytes) through the
    /// invoice it embeds (``validatePDF(_:file:limits:inspect:)``), anything else as XML.
    public func validateDocument<T>(
        _ bytes: [UInt8],
        file: String,
        pdfLimits: PDFLimits = PDFLimits(),
        inspect: (XMLTree) -> T
    ) -> DocumentOutcome<T> {
        if isPDF(bytes) { return validatePDF(bytes, file: file, limits: pdfLimits, inspect: inspect) }
        let outcome = validate(bytes, file: file, inspect: inspect)
        return DocumentOutcome(report: outcome.report, inspected: outcome.inspected, xml: bytes, isPDF: false)
    }

    /// Validates the invoice a ZUGFeRD / Factur-X PDF embeds, through the same scenarios as any XML invoice, then
    /// applies the profile rules: MINIMUM and BASIC WL are no invoices under the German rules, ZUGFeRD 1.0 is
    /// superseded, and a profile no scenario of the configuration matches is "not covered by the configured
    /// rules". The report's ``ValidationReport/file`` is the PDF's; ``ValidationReport/embedded`` names the file
    /// inside.
    public func validatePDF<T>(
        _ bytes: [UInt8],
        file: String,
        limits: PDFLimits = PDFLimits(),
        inspect: (XMLTree) -> T
    ) -> DocumentOutcome<T> {
        let extracted: ExtractedInvoice
        do {
            extracted = try extractInvoice(from: bytes, limits: limits)
        } catch {
            var report = ValidationReport.rejected(file: file, wellformed: false, processingError: error.message)
            report.embedded = EmbeddedInvoice(failure: error.code.description)
            report.sha256 = SHA256.hex(bytes)
            return DocumentOutcome(report: report, inspected: nil, xml: nil, isPDF: true)
        }
        let outcome = validate(extracted.xml, file: file) { tree in (inspect(tree), Self.guideline(tree)) }
        var report = outcome.report
        let guideline = outcome.inspected?.1
        var embedded = EmbeddedInvoice(
            fileName: extracted.fileName,
            relationship: extracted.relationship,
            mimeType: extracted.mimeType,
            declaredProfile: extracted.declaredConformanceLevel,
            xmlSHA256: SHA256.hex(extracted.xml),
            warnings: extracted.warnings
        )
        let profile = guideline?.id.flatMap(FacturXProfile.init(guidelineID:))
        embedded.profile = profile?.rawValue ?? guideline?.id
        if let declared = extracted.declaredConformanceLevel, let profile,
            FacturXProfile(conformanceLevel: declared) != profile
        {
            embedded.warnings.append(
                "the PDF's XMP metadata declares the profile \(declared), but the invoice XML is \(profile.rawValue)"
            )
        }
        func reject(_ code: String, _ reason: String) {
            report.decision = .reject
            report.processingError = reason
            embedded.failure = code
        }
        if guideline?.isZUGFeRD1 == true {
            reject(
                "profile.superseded",
                "ZUGFeRD 1.0 is superseded: it is no longer accepted; the sender must use ZUGFeRD 2.x / Factur-X or XRechnung"
            )
        } else if let profile, !profile.isInvoiceUnderGermanRules {
            reject(
                "profile.not-an-invoice",
                "the profile \(profile.rawValue) is not an invoice under the German e-invoicing rules in force since 2025"
                    + " (it lacks the invoice lines and other required content); EN 16931 or XRechnung is required"
            )
        } else if report.wellformed && report.scenario == nil && report.processingError == "no scenario matches" {
            let named =
                profile?.rawValue ?? guideline?.id.map { "with the guideline id \($0)" } ?? "without a guideline id"
            reject("profile.not-covered", "profile not covered by the configured rules: \(named)")
        }
        report.embedded = embedded
        // The document received is the PDF; the XML's hash is ``EmbeddedInvoice/xmlSHA256``.
        report.sha256 = SHA256.hex(bytes)
        return DocumentOutcome(
            report: report,
            inspected: outcome.inspected?.0,
            xml: extracted.xml,
            isPDF: true
        )
    }

    /// BT-24 of a CII invoice, and whether the document is ZUGFeRD 1.0.
    struct Guideline {
        var id: String?
        var isZUGFeRD1: Bool
    }

    static func guideline(_ tree: XMLTree) -> Guideline {
        guard let root = tree.firstElementChild(0), let name = tree.name(root) else {
            return Guideline(id: nil, isZUGFeRD1: false)
        }
        if name.namespace == zugferd1Namespace { return Guideline(id: nil, isZUGFeRD1: true) }
        func child(_ node: Int32, _ namespace: String, _ local: String) -> Int32? {
            tree.elementChildren(node).first { tree.name($0) == QName(namespace: namespace, local: local) }
        }
        guard name == QName(namespace: ciiNamespace, local: "CrossIndustryInvoice"),
            let context = child(root, ciiNamespace, "ExchangedDocumentContext"),
            let parameter = child(context, ramNamespace, "GuidelineSpecifiedDocumentContextParameter"),
            let id = child(parameter, ramNamespace, "ID")
        else { return Guideline(id: nil, isZUGFeRD1: false) }
        return Guideline(id: tree.stringValue(id).trimmed, isZUGFeRD1: false)
    }
}

extension Validator {
    /// ``validateCENOnly(_:file:)`` for a document recognised by content: a PDF's embedded invoice is checked
    /// against the CEN rules alone (no scenario, no profile rules).
    public func validateCENOnlyDocument(_ bytes: [UInt8], file: String) -> ValidationReport {
        guard isPDF(bytes) else { return validateCENOnly(bytes, file: file) }
        do {
            let extracted = try extractInvoice(from: bytes)
            var report = validateCENOnly(extracted.xml, file: file)
            report.embedded = EmbeddedInvoice(
                fileName: extracted.fileName,
                relationship: extracted.relationship,
                mimeType: extracted.mimeType,
                declaredProfile: extracted.declaredConformanceLevel,
                xmlSHA256: SHA256.hex(extracted.xml),
                warnings: extracted.warnings
            )
            return report
        } catch {
            var report = ValidationReport.rejected(file: file, wellformed: false, processingError: error.message)
            report.embedded = EmbeddedInvoice(failure: error.code.description)
            return report
        }
    }
}
