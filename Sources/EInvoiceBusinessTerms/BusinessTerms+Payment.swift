extension BusinessTerms {
    /// BG-16 Payment instructions: the document's payment means in order, and what applies to all of them.
    public struct PaymentInstructions: Codable, Sendable, Hashable {
        /// One entry per payment means element (UBL `cac:PaymentMeans`, CII
        /// `ram:SpecifiedTradeSettlementPaymentMeans`).
        public var means: [PaymentMeans] = []
        /// BT-83 Remittance information (UBL: the first `cbc:PaymentID`; CII: `ram:PaymentReference`).
        public var remittanceInformation: String?
        /// BG-19 Direct debit.
        public var directDebit: DirectDebit?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case means
            case remittanceInformation = "remittance_information"
            case directDebit = "direct_debit"
        }
    }

    /// One payment means of BG-16.
    public struct PaymentMeans: Codable, Sendable, Hashable {
        /// BT-81 Payment means type code (UNTDID 4461: 30 credit transfer, 58 SEPA credit transfer, 59 SEPA direct
        /// debit, 48 card, …).
        public var typeCode: String?
        /// BT-82 Payment means text.
        public var text: String?
        /// BG-17 Credit transfer.
        public var creditTransfer: CreditTransfer?
        /// BG-18 Payment card information.
        public var paymentCard: PaymentCard?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case typeCode = "type_code"
            case text
            case creditTransfer = "credit_transfer"
            case paymentCard = "payment_card"
        }
    }

    /// BG-17 Credit transfer.
    public struct CreditTransfer: Codable, Sendable, Hashable {
        /// BT-84 Payment account identifier (IBAN, or a proprietary account number).
        public var accountIdentifier: String?
        /// BT-85 Payment account name.
        public var accountName: String?
        /// BT-86 Payment service provider identifier (BIC).
        public var serviceProviderIdentifier: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case accountIdentifier = "account_identifier"
            case accountName = "account_name"
            case serviceProviderIdentifier = "service_provider_identifier"
        }
    }

    /// BG-18 Payment card information.
    public struct PaymentCard: Codable, Sendable, Hashable {
        /// BT-87 Payment card primary account number (at most the last digits, by EN 16931's rules).
        public var primaryAccountNumber: String?
        /// BT-88 Payment card holder name.
        public var holderName: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case primaryAccountNumber = "primary_account_number"
            case holderName = "holder_name"
        }
    }

    /// BG-19 Direct debit.
    public struct DirectDebit: Codable, Sendable, Hashable {
        /// BT-89 Mandate reference identifier.
        public var mandateReference: String?
        /// BT-90 Bank assigned creditor identifier (UBL: a seller or payee identifier with scheme `SEPA`).
        public var creditorIdentifier: String?
        /// BT-91 Debited account identifier.
        public var debitedAccount: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case mandateReference = "mandate_reference"
            case creditorIdentifier = "creditor_identifier"
            case debitedAccount = "debited_account"
        }
    }

    /// BT-20 Payment terms: the text as written, and the XRechnung lines it holds (`#SKONTO#TAGE=14#PROZENT=2.00#`,
    /// optionally `BASISBETRAG=…#`; older documents also `#VERZUG#…`), read out in order.
    public struct PaymentTerms: Codable, Sendable, Hashable {
        /// BT-20 Payment terms, exactly as written (several texts joined by a line feed).
        public var text: String?
        /// The structured XRechnung lines of ``text``; a line that does not follow the pattern is not listed.
        public var entries: [Entry] = []

        public init() {}

        /// One XRechnung payment terms line, `#SKONTO#TAGE=n#PROZENT=n.nn#[BASISBETRAG=n.nn#]`.
        public struct Entry: Codable, Sendable, Hashable {
            /// The first segment: `SKONTO` (cash discount) or `VERZUG` (late payment penalty).
            public var kind: String = ""
            /// `TAGE`: days after the issue date.
            public var days: String = ""
            /// `PROZENT`: the percentage, as written.
            public var percent: String = ""
            /// `BASISBETRAG`: the base amount when it is not BT-115, as written.
            public var baseAmount: String?

            public init(kind: String = "", days: String = "", percent: String = "", baseAmount: String? = nil) {
                self.kind = kind
                self.days = days
                self.percent = percent
                self.baseAmount = baseAmount
            }

            enum CodingKeys: String, CodingKey {
                case kind
                case days
                case percent
                case baseAmount = "base_amount"
            }
        }
    }
}
