import EInvoiceBusinessTerms
import EInvoiceStore

/// The invoice visualised from its archived original: parties, lines, totals and payment data, so that a clerk
/// never has to open the XML. Every value is the invoice's text, escaped.
extension Workspace {
    /// The business terms of an archived original; nil when it is not archived or no readable invoice.
    func businessTerms(sha256: String?) -> BusinessTerms? {
        guard let sha256,
            let path = FileAccess.archivedOriginal(dataDirectory: configuration.dataDirectory, sha256: sha256),
            let bytes = FileAccess.read(path, limit: configuration.maxUploadSize + 1),
            bytes.count <= configuration.maxUploadSize
        else { return nil }
        return try? BusinessTermsExtractor.extract(from: bytes)
    }

    func invoiceSection(_ page: inout Page, _ terms: BusinessTerms?) {
        page.raw("<section aria-labelledby=\"invoice\"><h2 id=\"invoice\">")
        page.say("Die Rechnung", "The invoice")
        page.raw("</h2>")
        guard let terms else {
            page.raw("<p>")
            page.say(
                "Die Datei ist keine lesbare Rechnung (siehe Prüfbericht).",
                "The file is no readable invoice (see the report)."
            )
            page.raw("</p></section>")
            return
        }
        page.raw("<dl>")
        page.term(page.t("Rechnungsnummer (BT-1)", "Invoice number (BT-1)"), terms.invoiceNumber)
        page.term(page.t("Rechnungsdatum (BT-2)", "Issue date (BT-2)"), terms.issueDate)
        page.term(page.t("Fällig (BT-9)", "Due (BT-9)"), terms.dueDate)
        page.term(page.t("Leitweg-ID (BT-10)", "Buyer reference (BT-10)"), terms.buyerReference)
        page.term(page.t("Bestellung (BT-13)", "Purchase order (BT-13)"), terms.purchaseOrderReference)
        page.term(page.t("Währung (BT-5)", "Currency (BT-5)"), terms.currency)
        page.raw("</dl>")
        for (german, english, party) in [
            ("Verkäufer", "Seller", terms.seller), ("Käufer", "Buyer", terms.buyer),
            ("Zahlungsempfänger", "Payee", terms.payee),
        ] {
            guard let party else { continue }
            page.raw("<h3>")
            page.say(german, english)
            page.raw("</h3><dl>")
            page.term(page.t("Name", "Name"), party.name)
            if let address = party.address {
                let lines = [
                    address.line1, address.line2, address.line3,
                    [address.postCode, address.city].compactMap { $0 }.joined(separator: " "), address.countryCode,
                ].compactMap { $0 }.filter { !$0.isEmpty }
                page.term(page.t("Anschrift", "Address"), lines.joined(separator: ", "))
            }
            page.term(page.t("USt-IdNr.", "VAT id"), party.vatIdentifier)
            if let contact = party.contact {
                page.term(
                    page.t("Kontakt", "Contact"),
                    [contact.name, contact.telephone, contact.email].compactMap { $0 }.joined(separator: ", ")
                )
            }
            page.raw("</dl>")
        }
        if !terms.lines.isEmpty {
            page.raw("<h3>")
            page.say("Positionen", "Lines")
            page.raw("</h3><table>")
            page.columnHeads([
                ("Nr.", "No."), ("Artikel", "Item"), ("Menge", "Quantity"), ("Preis", "Price"), ("USt.", "VAT"),
                ("Netto", "Net"),
            ])
            for line in terms.lines.prefix(500) {
                page.raw("<tr><td>")
                page.text(line.id ?? "")
                page.raw("</td><td>")
                page.text(line.item?.name ?? "")
                page.raw("</td><td>")
                page.text([line.quantity?.value, line.quantity?.unitCode].compactMap { $0 }.joined(separator: " "))
                page.raw("</td><td>")
                page.text(line.price?.netPrice ?? "")
                page.raw("</td><td>")
                page.text(
                    [line.vatCategoryCode, line.vatRate.map { $0 + " %" }].compactMap { $0 }.joined(separator: " ")
                )
                page.raw("</td><td>")
                page.text(line.netAmount ?? "")
                page.raw("</td></tr>")
            }
            page.raw("</tbody></table>")
        }
        if let totals = terms.totals {
            page.raw("<h3>")
            page.say("Summen", "Totals")
            page.raw("</h3><dl>")
            page.term(page.t("Summe Positionen (BT-106)", "Sum of lines (BT-106)"), totals.lineNetTotal)
            page.term(page.t("Nachlässe (BT-107)", "Allowances (BT-107)"), totals.allowanceTotal)
            page.term(page.t("Zuschläge (BT-108)", "Charges (BT-108)"), totals.chargeTotal)
            page.term(page.t("Netto (BT-109)", "Without VAT (BT-109)"), totals.totalWithoutVAT)
            page.term(page.t("Umsatzsteuer (BT-110)", "VAT (BT-110)"), totals.vatTotal?.value)
            page.term(page.t("Brutto (BT-112)", "With VAT (BT-112)"), totals.totalWithVAT)
            page.term(page.t("Bereits gezahlt (BT-113)", "Paid (BT-113)"), totals.paidAmount)
            page.term(page.t("Zahlbetrag (BT-115)", "Amount due (BT-115)"), totals.amountDue)
            page.raw("</dl>")
        }
        if terms.paymentInstructions != nil || terms.paymentTerms != nil {
            page.raw("<h3>")
            page.say("Zahlung", "Payment")
            page.raw("</h3><dl>")
            for means in terms.paymentInstructions?.means ?? [] {
                page.term(
                    page.t("Zahlungsart (BT-81)", "Means (BT-81)"),
                    [means.typeCode, means.text].compactMap { $0 }.joined(separator: " ")
                )
                if let transfer = means.creditTransfer {
                    page.term("IBAN (BT-84)", transfer.accountIdentifier)
                    page.term(page.t("Kontoinhaber (BT-85)", "Account name (BT-85)"), transfer.accountName)
                    page.term("BIC (BT-86)", transfer.serviceProviderIdentifier)
                }
            }
            page.term(
                page.t("Verwendungszweck (BT-83)", "Remittance information (BT-83)"),
                terms.paymentInstructions?.remittanceInformation
            )
            page.term(page.t("Zahlungsbedingungen (BT-20)", "Payment terms (BT-20)"), terms.paymentTerms?.text)
            page.raw("</dl>")
        }
        page.raw("</section>")
    }
}
