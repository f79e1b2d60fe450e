extension BusinessTerms {
    /// An identifier with the identification scheme it belongs to (ISO 6523 ICD, EAS, …) where the document names one.
    public struct Identifier: Codable, Sendable, Hashable {
        /// The identifier as written.
        public var id: String = ""
        /// The scheme identifier (`@schemeID`; for BT-18 and BT-128 in CII `ram:ReferenceTypeCode`).
        public var scheme: String?

        public init(id: String = "", scheme: String? = nil) {
            self.id = id
            self.scheme = scheme
        }
    }

    /// BG-4 Seller, BG-7 Buyer, BG-10 Payee or BG-11 Seller tax representative party: each uses the fields its group
    /// has in EN 16931 (see `docs/booking-entry.md`), the others stay nil.
    public struct Party: Codable, Sendable, Hashable {
        /// BT-27 Seller name, BT-44 Buyer name, BT-59 Payee name, BT-62 Seller tax representative name.
        public var name: String?
        /// BT-28 Seller trading name, BT-45 Buyer trading name.
        public var tradingName: String?
        /// BT-29 Seller identifiers, BT-46 Buyer identifier, BT-60 Payee identifier, each with its scheme (BT-29-1,
        /// BT-46-1, BT-60-1). A UBL identifier with scheme `SEPA` is BT-90, not listed here.
        public var identifiers: [Identifier] = []
        /// BT-30 Seller legal registration identifier, BT-47 Buyer legal registration identifier, BT-61 Payee legal
        /// registration identifier, with the scheme (BT-30-1, BT-47-1, BT-61-1).
        public var legalRegistrationIdentifier: Identifier?
        /// BT-31 Seller VAT identifier, BT-48 Buyer VAT identifier, BT-63 Seller tax representative VAT identifier.
        public var vatIdentifier: String?
        /// BT-32 Seller tax registration identifier (the German Steuernummer).
        public var taxRegistrationIdentifier: String?
        /// BT-33 Seller additional legal information (legal form, register court, …).
        public var additionalLegalInformation: String?
        /// BT-34 Seller electronic address, BT-49 Buyer electronic address, with the scheme (BT-34-1, BT-49-1).
        public var electronicAddress: Identifier?
        /// BG-5 Seller postal address, BG-8 Buyer postal address, BG-12 Seller tax representative postal address.
        public var address: Address?
        /// BG-6 Seller contact, BG-9 Buyer contact.
        public var contact: Contact?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case name
            case tradingName = "trading_name"
            case identifiers
            case legalRegistrationIdentifier = "legal_registration_identifier"
            case vatIdentifier = "vat_identifier"
            case taxRegistrationIdentifier = "tax_registration_identifier"
            case additionalLegalInformation = "additional_legal_information"
            case electronicAddress = "electronic_address"
            case address
            case contact
        }
    }

    /// BG-5, BG-8, BG-12, BG-15: a postal address.
    public struct Address: Codable, Sendable, Hashable {
        /// BT-35, BT-50, BT-64, BT-75 Address line 1.
        public var line1: String?
        /// BT-36, BT-51, BT-65, BT-76 Address line 2.
        public var line2: String?
        /// BT-162, BT-163, BT-164, BT-165 Address line 3.
        public var line3: String?
        /// BT-37, BT-52, BT-66, BT-77 City.
        public var city: String?
        /// BT-38, BT-53, BT-67, BT-78 Post code.
        public var postCode: String?
        /// BT-39, BT-54, BT-68, BT-79 Country subdivision.
        public var countrySubdivision: String?
        /// BT-40, BT-55, BT-69, BT-80 Country code (ISO 3166-1 alpha-2).
        public var countryCode: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case line1 = "line_1"
            case line2 = "line_2"
            case line3 = "line_3"
            case city
            case postCode = "post_code"
            case countrySubdivision = "country_subdivision"
            case countryCode = "country_code"
        }
    }

    /// BG-6 Seller contact, BG-9 Buyer contact.
    public struct Contact: Codable, Sendable, Hashable {
        /// BT-41, BT-56 Contact point (CII: `ram:PersonName`, else `ram:DepartmentName`).
        public var name: String?
        /// BT-42, BT-57 Contact telephone number.
        public var telephone: String?
        /// BT-43, BT-58 Contact email address.
        public var email: String?

        public init() {}
    }
}
