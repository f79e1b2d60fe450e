public import EInvoiceXML

/// The business terms of a booking entry, read from the invoice's tree.
public enum BookingTerms {
    @Sendable public static func extract(_ tree: XMLTree) -> ExtractedTerms? {
        nil  // TEMPORARY until the terms branch is merged
    }
}
