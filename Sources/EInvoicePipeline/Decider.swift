import EInvoiceBusinessTerms
import EInvoiceStore
import EInvoiceValidation
import EInvoiceXML

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How one archived original is decided: validated, its business terms read from the same tree, its tenant found,
/// and turned into a booking or a rejection. The inbox pipeline and reprocessing share it, so that both decide
/// alike.
struct Decider: Sendable {
    /// A decision before it is settled.
    struct Verdict {
        /// Accepted, with what its booking entry is made of.
        struct Accepted {
            var tenant: String
            var invoiceNumber: String
            var terms: ExtractedTerms
            var bundle: String
        }

        var validation: ValidationReport
        var identity: InvoiceIdentity?
        /// The booking's ingredients when accepted.
        var accepted: Accepted?
        /// The rejection (without a report directory: the pipeline adds the one it writes) when rejected.
        var rejection: RejectionDraft?

        /// The booking entry; encodes the business terms as JSON. nil when they cannot be encoded.
        func bookingDraft() -> BookingDraft? {
            guard let accepted, let json = accepted.terms.json else { return nil }
            return BookingDraft(
                tenant: accepted.tenant,
                invoiceNumber: accepted.invoiceNumber,
                sellerName: identity?.sellerName,
                sellerKey: accepted.terms.sellerKey ?? identity?.sellerName ?? "",
                payableAmount: identity?.payableAmount,
                currency: identity?.currency,
                issueDate: identity?.issueDate,
                termsJSON: Decider.termsJSON(json, embedded: validation.embedded, pdfSHA256: validation.sha256),
                bundle: accepted.bundle
            )
        }

        /// What the store settles: a booking, or a rejection (also when the terms of an accepted invoice cannot be
        /// encoded).
        var settlement: Settlement {
            if let rejection { return .rejection(rejection) }
            if let draft = bookingDraft() { return .booking(draft) }
            return .rejection(
                RejectionDraft(
                    tenant: accepted?.tenant ?? "",
                    reasonClass: "processing",
                    reason: "the invoice's business terms could not be encoded",
                    invoiceNumber: identity?.invoiceNumber,
                    sellerName: identity?.sellerName,
                    bundle: accepted?.bundle,
                    sellerKey: accepted?.terms.sellerKey
                )
            )
        }
        /// For a PDF, the invoice XML taken out of it (nil when none could be): what was validated, what the
        /// archive keeps beside the PDF and what reports quote.
        var embeddedXML: [UInt8]?
    }

    let validator: Validator
    let bundleHash: String
    let extractTerms: @Sendable (XMLTree) -> ExtractedTerms?
    let tenants: TenantResolver
    let maxFileSize: Int

    /// Whether a file of `size` bytes is rejected unread.
    func isTooLarge(_ size: Int64) -> Bool { size > maxFileSize }

    /// Decides the original `source` (nil when it is too large to be read) that arrived as `sourceName`.
    func decide(_ source: [UInt8]?, size: Int64, sourceName: String) -> Verdict {
        let validation: ValidationReport
        var terms: ExtractedTerms?
        var embeddedXML: [UInt8]?
        if let source {
            // XML or a ZUGFeRD / Factur-X PDF, told apart by content; a PDF is decided by its embedded invoice.
            let extract = extractTerms
            let outcome = validator.validateDocument(source, file: sourceName) { extract($0) }
            validation = outcome.report
            terms = outcome.inspected ?? nil
            if outcome.isPDF { embeddedXML = outcome.xml }
        } else {
            validation = .rejected(
                file: sourceName,
                wellformed: false,
                processingError: "too large: \(size) bytes, the limit is \(maxFileSize)"
            )
        }
        let identity = terms?.identity
        let tenant = tenants.tenant(sourceName: sourceName, buyerReference: identity?.buyerReference)
        if validation.isAccepted, let tenant, let terms, let number = identity?.invoiceNumber {
            let accepted = Verdict.Accepted(tenant: tenant, invoiceNumber: number, terms: terms, bundle: bundleHash)
            return Verdict(validation: validation, identity: identity, accepted: accepted, embeddedXML: embeddedXML)
        }
        let (reasonClass, reason) = Self.reason(validation, tenant: tenant, hasIdentity: identity?.invoiceNumber != nil)
        let draft = RejectionDraft(
            tenant: tenant ?? "",
            reasonClass: reasonClass,
            reason: reason,
            ruleIDs: Self.errorRuleIDs(validation),
            invoiceNumber: identity?.invoiceNumber,
            sellerName: identity?.sellerName,
            bundle: validation.scenario == nil ? nil : bundleHash,
            sellerKey: terms?.sellerKey
        )
        return Verdict(validation: validation, identity: identity, rejection: draft, embeddedXML: embeddedXML)
    }

    /// The business terms' JSON, for an invoice that came as a PDF with `"embedded"`: the PDF's and the XML's
    /// SHA-256 and the embedded file's name (docs/booking-entry.md), so the booking names the binding XML.
    static func termsJSON(_ json: String, embedded: EmbeddedInvoice?, pdfSHA256: String?) -> String {
        guard let embedded, json.hasSuffix("}") else { return json }
        struct Source: Encodable {
            var file: String?
            var sha256: String?
            var pdfSHA256: String?
            var profile: String?
            enum CodingKeys: String, CodingKey {
                case file, sha256, profile
                case pdfSHA256 = "pdf_sha256"
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let source = Source(
            file: embedded.fileName,
            sha256: embedded.xmlSHA256,
            pdfSHA256: pdfSHA256,
            profile: embedded.profile
        )
        guard let encoded = try? encoder.encode(source) else { return json }
        let separator = json == "{}" ? "" : ","
        return json.dropLast() + separator + "\"embedded\":" + String(decoding: encoded, as: UTF8.self) + "}"
    }

    /// The rule ids of the error-level messages, sorted and each once: the findings a decision is compared by.
    static func errorRuleIDs(_ validation: ValidationReport) -> [String] {
        Array(Set(validation.failed.filter { $0.level == .error }.map(\.id))).sorted()
    }

    /// The reason class and one line for a rejection.
    static func reason(_ validation: ValidationReport, tenant: String?, hasIdentity: Bool) -> (String, String) {
        // A PDF without a single readable invoice, or with a profile the German rules or the bundle exclude.
        if let failure = validation.embedded?.failure {
            let reason = validation.processingError ?? failure
            return (failure.hasPrefix("profile.") ? "profile" : "pdf", reason)
        }
        if !validation.wellformed {
            let error = validation.processingError ?? "not well-formed"
            return (error.hasPrefix("too large") ? "too_large" : "not_wellformed", error)
        }
        if validation.scenario == nil {
            return ("no_scenario", validation.processingError ?? "no scenario matches this document")
        }
        if validation.xsdValid == false {
            let first = validation.xsdErrors.first.map { "line \($0.line): \($0.message)" } ?? ""
            return ("schema", "\(validation.xsdErrors.count) XML Schema error(s); first: \(first)")
        }
        if let error = validation.processingError { return ("processing", error) }
        let errors = validation.failed.filter { $0.level == .error }
        if let first = errors.first {
            return ("rules", "\(errors.count) rule(s) failed; first: [\(first.id)] \(first.text)")
        }
        if tenant == nil { return ("no_tenant", "no tenant is configured for this invoice's inbox or buyer reference") }
        if !hasIdentity { return ("processing", "the invoice's business terms could not be read") }
        return ("processing", "rejected")
    }
}
