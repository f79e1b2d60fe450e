import EInvoiceBusinessTerms
import Testing

@Suite struct CreditNoteTests {
    static let ubl = Documents.ublCreditNote(
        """
        <cbc:ID>GS-1</cbc:ID>
        <cbc:IssueDate>2024-03-01</cbc:IssueDate>
        <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>
        <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
        <cac:BillingReference>
          <cac:InvoiceDocumentReference><cbc:ID>RE-1</cbc:ID><cbc:IssueDate>2024-02-01</cbc:IssueDate></cac:InvoiceDocumentReference>
        </cac:BillingReference>
        <cac:AdditionalDocumentReference><cbc:ID>PRJ-9</cbc:ID><cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>
        <cac:PaymentMeans><cbc:PaymentMeansCode>30</cbc:PaymentMeansCode><cbc:PaymentDueDate>2024-03-31</cbc:PaymentDueDate></cac:PaymentMeans>
        <cac:TaxTotal>
          <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
          <cac:TaxSubtotal>
            <cbc:TaxableAmount currencyID="EUR">100.00</cbc:TaxableAmount>
            <cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount>
            <cac:TaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent></cac:TaxCategory>
          </cac:TaxSubtotal>
        </cac:TaxTotal>
        <cac:LegalMonetaryTotal>
          <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
          <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
          <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
          <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>
        </cac:LegalMonetaryTotal>
        <cac:CreditNoteLine>
          <cbc:ID>1</cbc:ID>
          <cbc:CreditedQuantity unitCode="C62">2</cbc:CreditedQuantity>
          <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
          <cac:Item>
            <cbc:Name>Rückvergütung</cbc:Name>
            <cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>19</cbc:Percent></cac:ClassifiedTaxCategory>
          </cac:Item>
          <cac:Price><cbc:PriceAmount currencyID="EUR">50.00</cbc:PriceAmount></cac:Price>
        </cac:CreditNoteLine>
        """
    )

    static let cii = Documents.cii(
        """
        <rsm:ExchangedDocument>
          <ram:ID>GS-1</ram:ID>
          <ram:TypeCode>381</ram:TypeCode>
          <ram:IssueDateTime><udt:DateTimeString format="102">20240301</udt:DateTimeString></ram:IssueDateTime>
        </rsm:ExchangedDocument>
        <rsm:SupplyChainTradeTransaction>
          <ram:IncludedSupplyChainTradeLineItem>
            <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
            <ram:SpecifiedTradeProduct><ram:Name>Rückvergütung</ram:Name></ram:SpecifiedTradeProduct>
            <ram:SpecifiedLineTradeAgreement>
              <ram:NetPriceProductTradePrice><ram:ChargeAmount>50.00</ram:ChargeAmount></ram:NetPriceProductTradePrice>
            </ram:SpecifiedLineTradeAgreement>
            <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="C62">2</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
            <ram:SpecifiedLineTradeSettlement>
              <ram:ApplicableTradeTax>
                <ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode>
                <ram:RateApplicablePercent>19</ram:RateApplicablePercent>
              </ram:ApplicableTradeTax>
              <ram:SpecifiedTradeSettlementLineMonetarySummation>
                <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
              </ram:SpecifiedTradeSettlementLineMonetarySummation>
            </ram:SpecifiedLineTradeSettlement>
          </ram:IncludedSupplyChainTradeLineItem>
          <ram:ApplicableHeaderTradeAgreement>
            <ram:SpecifiedProcuringProject><ram:ID>PRJ-9</ram:ID><ram:Name>Projekt</ram:Name></ram:SpecifiedProcuringProject>
          </ram:ApplicableHeaderTradeAgreement>
          <ram:ApplicableHeaderTradeSettlement>
            <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
            <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>30</ram:TypeCode></ram:SpecifiedTradeSettlementPaymentMeans>
            <ram:ApplicableTradeTax>
              <ram:CalculatedAmount>19.00</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode>
              <ram:BasisAmount>100.00</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>
              <ram:RateApplicablePercent>19</ram:RateApplicablePercent>
            </ram:ApplicableTradeTax>
            <ram:SpecifiedTradePaymentTerms>
              <ram:DueDateDateTime><udt:DateTimeString format="102">20240331</udt:DateTimeString></ram:DueDateDateTime>
            </ram:SpecifiedTradePaymentTerms>
            <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
              <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
              <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
              <ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>
              <ram:GrandTotalAmount>119.00</ram:GrandTotalAmount>
              <ram:DuePayableAmount>119.00</ram:DuePayableAmount>
            </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
            <ram:InvoiceReferencedDocument>
              <ram:IssuerAssignedID>RE-1</ram:IssuerAssignedID>
              <ram:FormattedIssueDateTime>
                <qdt:DateTimeString format="102">20240201</qdt:DateTimeString>
              </ram:FormattedIssueDateTime>
            </ram:InvoiceReferencedDocument>
          </ram:ApplicableHeaderTradeSettlement>
        </rsm:SupplyChainTradeTransaction>
        """
    )

    /// A UBL `CreditNote` reads like a CII credit note: BT-9 from the payment means, BT-11 from the additional
    /// document of type 50, the credited quantity as BT-129, and every amount positive as written.
    @Test func ublCreditNoteEqualsTheCIICreditNote() throws {
        var ubl = try Documents.terms(Self.ubl)
        let cii = try Documents.terms(Self.cii)
        #expect(ubl.syntax == "ubl-creditnote")
        ubl.syntax = cii.syntax
        #expect(ubl == cii)
        #expect(cii.dueDate == "2024-03-31")
        #expect(cii.projectReference == "PRJ-9")
        #expect(cii.attachments.isEmpty)
        #expect(cii.precedingInvoices.first?.issueDate == "2024-02-01")
        #expect(cii.lines.first?.quantity == BusinessTerms.Quantity(value: "2", unitCode: "C62"))
    }

    /// Nothing is negated: a credit note's amounts stay positive and ``BusinessTerms/isCreditNote`` says how to
    /// book them; an invoice's negative line stays negative.
    @Test func amountsKeepTheirSignsAndTheTypeCodeTellsCreditNotes() throws {
        for document in [Self.ubl, Self.cii] {
            let terms = try Documents.terms(document)
            #expect(terms.isCreditNote)
            #expect(terms.totals?.amountDue == "119.00")
            #expect(terms.lines.first?.netAmount == "100.00")
        }
        let invoice = try Documents.terms(
            Documents.ublInvoice(
                """
                <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
                <cac:InvoiceLine>
                  <cbc:ID>2</cbc:ID>
                  <cbc:InvoicedQuantity unitCode="C62">-1</cbc:InvoicedQuantity>
                  <cbc:LineExtensionAmount currencyID="EUR">-19.00</cbc:LineExtensionAmount>
                </cac:InvoiceLine>
                """
            )
        )
        #expect(!invoice.isCreditNote)
        #expect(invoice.lines.first?.netAmount == "-19.00")
        #expect(invoice.lines.first?.quantity?.value == "-1")
    }

    /// In a UBL `Invoice` an additional document of type 50 is no project reference (that is
    /// `cac:ProjectReference`) but an attachment.
    @Test func typeFiftyIsTheProjectOnlyInACreditNote() throws {
        let invoice = try Documents.terms(
            Documents.ublInvoice(
                """
                <cac:AdditionalDocumentReference><cbc:ID>PRJ-9</cbc:ID><cbc:DocumentTypeCode>50</cbc:DocumentTypeCode></cac:AdditionalDocumentReference>
                <cac:ProjectReference><cbc:ID>PRJ-1</cbc:ID></cac:ProjectReference>
                """
            )
        )
        #expect(invoice.projectReference == "PRJ-1")
        #expect(invoice.attachments.map(\.id) == ["PRJ-9"])
    }
}
