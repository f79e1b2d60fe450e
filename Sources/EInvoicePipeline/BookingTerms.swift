import EInvoiceBusinessTerms
public import EInvoiceXML

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The business terms of a booking entry, read from the invoice's tree (docs/booking-entry.md).
public enum BookingTerms {
    /// The terms and the seller's key, with their JSON made when asked for; nil when the document is no UBL or CII
    /// invoice.
    @Sendable public static func extract(_ tree: XMLTree) -> ExtractedTerms? {
        guard let terms = BusinessTermsExtractor.extract(from: tree) else { return nil }
        return ExtractedTerms(identity: terms.identity, sellerKey: sellerKey(terms.seller)) {
            String(decoding: terms.jsonBytes(), as: UTF8.self)
        }
    }

    /// Who the seller is, for duplicate detection: the VAT identifier (BT-31), else the first seller identifier
    /// with its scheme (BT-29), else the legal registration identifier (BT-30), else the name (BT-27).
    static func sellerKey(_ seller: BusinessTerms.Party?) -> String? {
        guard let seller else { return nil }
        func normalized(_ text: String) -> String {
            text.uppercased().filter { !$0.isWhitespace }
        }
        if let vat = seller.vatIdentifier, !vat.isEmpty { return "vat:" + normalized(vat) }
        if let identifier = seller.identifiers.first, !identifier.id.isEmpty {
            return "id:" + (identifier.scheme ?? "") + ":" + normalized(identifier.id)
        }
        if let legal = seller.legalRegistrationIdentifier, !legal.id.isEmpty {
            return "legal:" + (legal.scheme ?? "") + ":" + normalized(legal.id)
        }
        return seller.name.map { "name:" + $0.trimmingWhitespace() }
    }
}
