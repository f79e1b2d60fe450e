/// The business terms of one invoice or credit note (EN 16931 semantic model, XRechnung 3.0), read the same way
/// from UBL and CII: what a booking entry carries (`docs/booking-entry.md`).
///
/// Every value is the document's text: amounts, quantities, percentages and codes as written (never a `Double`),
/// with the whitespace around a value removed except in free texts (notes, payment terms, descriptions); dates as
/// ISO 8601 `YYYY-MM-DD` (CII's `format="102"` converted). A business term the document lacks is nil (JSON: left
/// out); a group with no entries is an empty list.
public struct BusinessTerms: Codable, Sendable, Hashable {
    /// The version of this JSON schema, written as `schema` in every booking entry.
    public static let schemaVersion = "eingang-booking/1"

    /// The version of the schema this value follows: ``schemaVersion`` for values made by this code.
    public var schema: String = BusinessTerms.schemaVersion
    /// The syntax read: `ubl-invoice`, `ubl-creditnote` or `cii` (the one field that names the source, not the
    /// invoice).
    public var syntax: String = ""
    /// BT-24 Specification identifier (the CIUS or extension the document claims).
    public var specificationIdentifier: String?
    /// BT-23 Business process type.
    public var businessProcessType: String?
    /// BT-1 Invoice number.
    public var invoiceNumber: String?
    /// BT-2 Invoice issue date.
    public var issueDate: String?
    /// BT-3 Invoice type code (UNTDID 1001: 380 invoice, 381 credit note, 384 corrected invoice, …).
    public var typeCode: String?
    /// BT-5 Invoice currency code: every amount is in this currency except BT-111.
    public var currency: String?
    /// BT-6 VAT accounting currency code.
    public var vatAccountingCurrency: String?
    /// BT-7 Value added tax point date.
    public var taxPointDate: String?
    /// BT-8 Value added tax point date code (UNTDID 2005).
    public var taxPointDateCode: String?
    /// BT-9 Payment due date.
    public var dueDate: String?
    /// BT-10 Buyer reference: the Leitweg-ID for German public buyers.
    public var buyerReference: String?
    /// BT-11 Project reference.
    public var projectReference: String?
    /// BT-12 Contract reference.
    public var contractReference: String?
    /// BT-13 Purchase order reference.
    public var purchaseOrderReference: String?
    /// BT-14 Sales order reference.
    public var salesOrderReference: String?
    /// BT-15 Receiving advice reference.
    public var receivingAdviceReference: String?
    /// BT-16 Despatch advice reference.
    public var despatchAdviceReference: String?
    /// BT-17 Tender or lot reference.
    public var tenderOrLotReference: String?
    /// BT-18 Invoiced object identifier, with BT-18-1 its scheme.
    public var invoicedObjectIdentifier: Identifier?
    /// BT-19 Buyer accounting reference.
    public var buyerAccountingReference: String?
    /// BG-1 Invoice notes.
    public var notes: [Note] = []
    /// BG-3 Preceding invoice references.
    public var precedingInvoices: [PrecedingInvoice] = []
    /// BG-4 Seller.
    public var seller: Party?
    /// BG-7 Buyer.
    public var buyer: Party?
    /// BG-10 Payee, when it is not the seller.
    public var payee: Party?
    /// BG-11 Seller tax representative party.
    public var sellerTaxRepresentative: Party?
    /// BG-13 Delivery information (without BG-14, which is ``invoicingPeriod``).
    public var delivery: Delivery?
    /// BG-14 Invoicing period.
    public var invoicingPeriod: Period?
    /// BG-16 Payment instructions.
    public var paymentInstructions: PaymentInstructions?
    /// BT-20 Payment terms, with the XRechnung `#SKONTO#` lines read out.
    public var paymentTerms: PaymentTerms?
    /// BG-20 Document level allowances.
    public var allowances: [AllowanceCharge] = []
    /// BG-21 Document level charges.
    public var charges: [AllowanceCharge] = []
    /// BG-22 Document totals.
    public var totals: Totals?
    /// BG-23 VAT breakdown.
    public var vatBreakdown: [VATBreakdown] = []
    /// BG-24 Additional supporting documents, listed (an embedded document's content is never copied).
    public var attachments: [Attachment] = []
    /// BG-25 Invoice lines, in document order.
    public var lines: [Line] = []

    /// An empty value, to be filled field by field.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case schema
        case syntax
        case specificationIdentifier = "specification_identifier"
        case businessProcessType = "business_process_type"
        case invoiceNumber = "invoice_number"
        case issueDate = "issue_date"
        case typeCode = "type_code"
        case currency
        case vatAccountingCurrency = "vat_accounting_currency"
        case taxPointDate = "tax_point_date"
        case taxPointDateCode = "tax_point_date_code"
        case dueDate = "due_date"
        case buyerReference = "buyer_reference"
        case projectReference = "project_reference"
        case contractReference = "contract_reference"
        case purchaseOrderReference = "purchase_order_reference"
        case salesOrderReference = "sales_order_reference"
        case receivingAdviceReference = "receiving_advice_reference"
        case despatchAdviceReference = "despatch_advice_reference"
        case tenderOrLotReference = "tender_or_lot_reference"
        case invoicedObjectIdentifier = "invoiced_object_identifier"
        case buyerAccountingReference = "buyer_accounting_reference"
        case notes
        case precedingInvoices = "preceding_invoices"
        case seller
        case buyer
        case payee
        case sellerTaxRepresentative = "seller_tax_representative"
        case delivery
        case invoicingPeriod = "invoicing_period"
        case paymentInstructions = "payment_instructions"
        case paymentTerms = "payment_terms"
        case allowances
        case charges
        case totals
        case vatBreakdown = "vat_breakdown"
        case attachments
        case lines
    }
}

extension BusinessTerms {
    /// The credit note type codes (UNTDID 1001, as the CEN rule BR-CL-01 lists them for a UBL `CreditNote`): a
    /// credit note's amounts are written positive and reduce what the buyer owes.
    public static let creditNoteTypeCodes: Set<String> = [
        "81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "502", "503", "532",
    ]

    /// Whether BT-3 names a credit note (in either syntax; a UBL `CreditNote` carries such a code too).
    public var isCreditNote: Bool { typeCode.map(Self.creditNoteTypeCodes.contains) ?? false }

    /// The short identity reports show: syntax, BT-1, BT-3, BT-2, BT-5, BT-27, BT-31, BT-44, BT-10, BT-112, BT-115.
    public var identity: InvoiceIdentity {
        InvoiceIdentity(
            syntax: syntax.isEmpty ? nil : syntax,
            invoiceNumber: invoiceNumber,
            typeCode: typeCode,
            issueDate: issueDate,
            currency: currency,
            sellerName: seller?.name,
            sellerVATID: seller?.vatIdentifier,
            buyerName: buyer?.name,
            buyerReference: buyerReference,
            totalAmount: totals?.totalWithVAT,
            payableAmount: totals?.amountDue
        )
    }
}
