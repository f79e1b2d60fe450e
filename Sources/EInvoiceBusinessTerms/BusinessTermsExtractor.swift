public import EInvoiceXML

/// Reads the ``BusinessTerms`` of an invoice from its ``XMLTree``: one pass over the elements that carry business
/// terms, names compared as interned identifiers, no XPath. Made for the daemon's hot path (one booking per
/// accepted invoice); ``XMLTree`` is all it needs.
public enum BusinessTermsExtractor {
    /// The business terms of a UBL 2.1 `Invoice` or `CreditNote` or a CII `CrossIndustryInvoice`; nil when the
    /// document element is none of these.
    ///
    /// The document need not be valid: what is missing stays nil, what is unknown is skipped.
    public static func extract(from tree: XMLTree) -> BusinessTerms? {
        guard let root = tree.firstElementChild(tree.root) else { return nil }
        let ubl = TreeReader(tree, UBLName.interned)
        switch ubl.names[root] {
        case .invoice: return UBLReader(ubl, isCreditNote: false).read(root)
        case .creditNote: return UBLReader(ubl, isCreditNote: true).read(root)
        default: break
        }
        let cii = TreeReader(tree, CIIName.interned)
        return cii.names[root] == .crossIndustryInvoice ? CIIReader(cii).read(root) : nil
    }

    /// Parses a document under `limits` (as the validator does) and extracts its business terms; nil when it is
    /// no invoice.
    ///
    /// - Throws: ``IntakeError`` when the document is refused: not well-formed, too large, a DOCTYPE, …
    public static func extract(
        from bytes: [UInt8],
        limits: ParseLimits = ParseLimits()
    ) throws(IntakeError) -> BusinessTerms? {
        let document = try ParsedDocument.parse(bytes, limits: limits)
        return extract(from: document.tree)
    }
}

extension BusinessTerms {
    /// Sorts the two VAT totals by currency once BT-5 and BT-6 are known: the amount in BT-6 (when it differs
    /// from BT-5) is BT-111, the other BT-110.
    static func assignVATTotals(_ terms: inout BusinessTerms) {
        guard var totals = terms.totals, let first = totals.vatTotal else { return }
        guard let accounting = terms.vatAccountingCurrency, accounting != terms.currency else { return }
        if first.currency == accounting, totals.vatTotalInAccountingCurrency?.currency != accounting {
            totals.vatTotal = totals.vatTotalInAccountingCurrency
            totals.vatTotalInAccountingCurrency = first
            terms.totals = totals
        }
    }
}
