/// Who sent which invoice: the few business terms a clerk or a sender recognises an invoice by. Every field is
/// the text of the document as written (never reformatted), nil where the document does not have it.
public struct InvoiceIdentity: Hashable, Sendable, Codable {
    /// The syntax: `ubl-invoice`, `ubl-creditnote` or `cii`.
    public var syntax: String?
    /// BT-1 Invoice number.
    public var invoiceNumber: String?
    /// BT-3 Invoice type code.
    public var typeCode: String?
    /// BT-2 Invoice issue date, ISO 8601 (`YYYY-MM-DD`; CII's `102` format is converted).
    public var issueDate: String?
    /// BT-5 Invoice currency code.
    public var currency: String?
    /// BT-27 Seller name.
    public var sellerName: String?
    /// BT-31 Seller VAT identifier.
    public var sellerVATID: String?
    /// BT-44 Buyer name.
    public var buyerName: String?
    /// BT-10 Buyer reference (the Leitweg-ID for German public buyers).
    public var buyerReference: String?
    /// BT-112 Invoice total amount with VAT.
    public var totalAmount: String?
    /// BT-115 Amount due for payment.
    public var payableAmount: String?

    public init(
        syntax: String? = nil,
        invoiceNumber: String? = nil,
        typeCode: String? = nil,
        issueDate: String? = nil,
        currency: String? = nil,
        sellerName: String? = nil,
        sellerVATID: String? = nil,
        buyerName: String? = nil,
        buyerReference: String? = nil,
        totalAmount: String? = nil,
        payableAmount: String? = nil
    ) {
        self.syntax = syntax
        self.invoiceNumber = invoiceNumber
        self.typeCode = typeCode
        self.issueDate = issueDate
        self.currency = currency
        self.sellerName = sellerName
        self.sellerVATID = sellerVATID
        self.buyerName = buyerName
        self.buyerReference = buyerReference
        self.totalAmount = totalAmount
        self.payableAmount = payableAmount
    }

    enum CodingKeys: String, CodingKey {
        case syntax
        case invoiceNumber = "invoice_number"
        case typeCode = "type_code"
        case issueDate = "issue_date"
        case currency
        case sellerName = "seller_name"
        case sellerVATID = "seller_vat_id"
        case buyerName = "buyer_name"
        case buyerReference = "buyer_reference"
        case totalAmount = "total_amount"
        case payableAmount = "payable_amount"
    }
}
