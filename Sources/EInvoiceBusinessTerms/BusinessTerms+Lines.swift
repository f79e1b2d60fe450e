extension BusinessTerms {
    /// BG-25 Invoice line (and, in UBL, an XRechnung extension sub-line, BG-DEX-01).
    public struct Line: Codable, Sendable, Hashable {
        /// BT-126 Invoice line identifier.
        public var id: String?
        /// BT-127 Invoice line note.
        public var note: String?
        /// BT-128 Invoice line object identifier, with BT-128-1 its scheme.
        public var objectIdentifier: Identifier?
        /// BT-129 Invoiced quantity with BT-130 its unit of measure code.
        public var quantity: Quantity?
        /// BT-131 Invoice line net amount.
        public var netAmount: String?
        /// BT-132 Referenced purchase order line reference.
        public var orderLineReference: String?
        /// BT-133 Invoice line buyer accounting reference.
        public var buyerAccountingReference: String?
        /// BG-26 Invoice line period.
        public var period: Period?
        /// BG-27 Invoice line allowances.
        public var allowances: [AllowanceCharge] = []
        /// BG-28 Invoice line charges.
        public var charges: [AllowanceCharge] = []
        /// BG-29 Price details.
        public var price: Price?
        /// BT-151 Invoiced item VAT category code (BG-30).
        public var vatCategoryCode: String?
        /// BT-152 Invoiced item VAT rate (BG-30).
        public var vatRate: String?
        /// BG-31 Item information.
        public var item: Item?
        /// XRechnung extension sub-lines (UBL `cac:SubInvoiceLine`, `cac:SubCreditNoteLine`); the XRechnung rules
        /// forbid them in CII. Their amounts are part of this line's, never added to the totals again.
        public var subLines: [Line] = []

        public init() {}

        enum CodingKeys: String, CodingKey {
            case id
            case note
            case objectIdentifier = "object_identifier"
            case quantity
            case netAmount = "net_amount"
            case orderLineReference = "order_line_reference"
            case buyerAccountingReference = "buyer_accounting_reference"
            case period
            case allowances
            case charges
            case price
            case vatCategoryCode = "vat_category_code"
            case vatRate = "vat_rate"
            case item
            case subLines = "sub_lines"
        }
    }

    /// A quantity as written with its unit of measure code (UN/ECE Recommendation 20/21).
    public struct Quantity: Codable, Sendable, Hashable {
        /// The quantity as written.
        public var value: String = ""
        /// The `@unitCode`.
        public var unitCode: String?

        public init(value: String = "", unitCode: String? = nil) {
            self.value = value
            self.unitCode = unitCode
        }

        enum CodingKeys: String, CodingKey {
            case value
            case unitCode = "unit_code"
        }
    }

    /// BG-29 Price details.
    public struct Price: Codable, Sendable, Hashable {
        /// BT-146 Item net price.
        public var netPrice: String?
        /// BT-147 Item price discount.
        public var discount: String?
        /// BT-148 Item gross price.
        public var grossPrice: String?
        /// BT-149 Item price base quantity with BT-150 its unit of measure code.
        public var baseQuantity: Quantity?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case netPrice = "net_price"
            case discount
            case grossPrice = "gross_price"
            case baseQuantity = "base_quantity"
        }
    }

    /// BG-31 Item information.
    public struct Item: Codable, Sendable, Hashable {
        /// BT-153 Item name.
        public var name: String?
        /// BT-154 Item description.
        public var description: String?
        /// BT-155 Item seller's identifier.
        public var sellersIdentifier: String?
        /// BT-156 Item buyer's identifier.
        public var buyersIdentifier: String?
        /// BT-157 Item standard identifier, with BT-157-1 its scheme.
        public var standardIdentifier: Identifier?
        /// BT-158 Item classification identifiers.
        public var classifications: [Classification] = []
        /// BT-159 Item country of origin.
        public var originCountry: String?
        /// BG-32 Item attributes.
        public var attributes: [Attribute] = []

        public init() {}

        enum CodingKeys: String, CodingKey {
            case name
            case description
            case sellersIdentifier = "sellers_identifier"
            case buyersIdentifier = "buyers_identifier"
            case standardIdentifier = "standard_identifier"
            case classifications
            case originCountry = "origin_country"
            case attributes
        }

        /// BT-158 Item classification identifier with BT-158-1 its scheme and BT-158-2 the scheme's version.
        public struct Classification: Codable, Sendable, Hashable {
            /// BT-158 The classification code.
            public var id: String = ""
            /// BT-158-1 Scheme identifier (`@listID`, UNTDID 7143).
            public var scheme: String?
            /// BT-158-2 Scheme version identifier (`@listVersionID`).
            public var schemeVersion: String?

            public init(id: String = "", scheme: String? = nil, schemeVersion: String? = nil) {
                self.id = id
                self.scheme = scheme
                self.schemeVersion = schemeVersion
            }

            enum CodingKeys: String, CodingKey {
                case id
                case scheme
                case schemeVersion = "scheme_version"
            }
        }

        /// BG-32 Item attribute.
        public struct Attribute: Codable, Sendable, Hashable {
            /// BT-160 Item attribute name.
            public var name: String = ""
            /// BT-161 Item attribute value.
            public var value: String = ""

            public init(name: String = "", value: String = "") {
                self.name = name
                self.value = value
            }
        }
    }
}
