extension BusinessTerms {
    /// An amount with the currency written on it: used for BT-110 and BT-111, which differ by their currency.
    public struct Amount: Codable, Sendable, Hashable {
        /// The amount as written.
        public var value: String = ""
        /// The `@currencyID` written on it.
        public var currency: String?

        public init(value: String = "", currency: String? = nil) {
            self.value = value
            self.currency = currency
        }
    }

    /// BG-20 Document level allowance, BG-21 Document level charge, BG-27 Invoice line allowance, BG-28 Invoice
    /// line charge.
    public struct AllowanceCharge: Codable, Sendable, Hashable {
        /// BT-92, BT-99, BT-136, BT-141 Amount (without VAT).
        public var amount: String?
        /// BT-93, BT-100, BT-137, BT-142 Base amount.
        public var baseAmount: String?
        /// BT-94, BT-101, BT-138, BT-143 Percentage.
        public var percentage: String?
        /// BT-95, BT-102 VAT category code (document level only).
        public var vatCategoryCode: String?
        /// BT-96, BT-103 VAT rate (document level only).
        public var vatRate: String?
        /// BT-97, BT-104, BT-139, BT-144 Reason.
        public var reason: String?
        /// BT-98, BT-105, BT-140, BT-145 Reason code (UNTDID 5189 for allowances, 7161 for charges).
        public var reasonCode: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case amount
            case baseAmount = "base_amount"
            case percentage
            case vatCategoryCode = "vat_category_code"
            case vatRate = "vat_rate"
            case reason
            case reasonCode = "reason_code"
        }
    }

    /// BG-22 Document totals (BT-106 … BT-115).
    public struct Totals: Codable, Sendable, Hashable {
        /// BT-106 Sum of invoice line net amount.
        public var lineNetTotal: String?
        /// BT-107 Sum of allowances on document level.
        public var allowanceTotal: String?
        /// BT-108 Sum of charges on document level.
        public var chargeTotal: String?
        /// BT-109 Invoice total amount without VAT.
        public var totalWithoutVAT: String?
        /// BT-110 Invoice total VAT amount, in the invoice currency.
        public var vatTotal: Amount?
        /// BT-111 Invoice total VAT amount in accounting currency (BT-6).
        public var vatTotalInAccountingCurrency: Amount?
        /// BT-112 Invoice total amount with VAT.
        public var totalWithVAT: String?
        /// BT-113 Paid amount.
        public var paidAmount: String?
        /// BT-114 Rounding amount.
        public var roundingAmount: String?
        /// BT-115 Amount due for payment.
        public var amountDue: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case lineNetTotal = "line_net_total"
            case allowanceTotal = "allowance_total"
            case chargeTotal = "charge_total"
            case totalWithoutVAT = "total_without_vat"
            case vatTotal = "vat_total"
            case vatTotalInAccountingCurrency = "vat_total_in_accounting_currency"
            case totalWithVAT = "total_with_vat"
            case paidAmount = "paid_amount"
            case roundingAmount = "rounding_amount"
            case amountDue = "amount_due"
        }
    }

    /// BG-23 VAT breakdown: one per VAT category and rate.
    public struct VATBreakdown: Codable, Sendable, Hashable {
        /// BT-116 VAT category taxable amount.
        public var taxableAmount: String?
        /// BT-117 VAT category tax amount.
        public var taxAmount: String?
        /// BT-118 VAT category code (UNTDID 5305: S, Z, E, AE, K, G, O, L, M).
        public var categoryCode: String?
        /// BT-119 VAT category rate.
        public var rate: String?
        /// BT-120 VAT exemption reason text.
        public var exemptionReason: String?
        /// BT-121 VAT exemption reason code.
        public var exemptionReasonCode: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case taxableAmount = "taxable_amount"
            case taxAmount = "tax_amount"
            case categoryCode = "category_code"
            case rate
            case exemptionReason = "exemption_reason"
            case exemptionReasonCode = "exemption_reason_code"
        }
    }
}
