extension BusinessTerms {
    /// BG-1 Invoice note.
    public struct Note: Codable, Sendable, Hashable {
        /// BT-21 Invoice note subject code (UNTDID 4451). UBL writes it as a `#CODE#` prefix of the note.
        public var subjectCode: String?
        /// BT-22 Invoice note, as written (after the `#CODE#` prefix in UBL).
        public var text: String = ""

        public init(subjectCode: String? = nil, text: String = "") {
            self.subjectCode = subjectCode
            self.text = text
        }

        enum CodingKeys: String, CodingKey {
            case subjectCode = "subject_code"
            case text
        }
    }

    /// BG-3 Preceding invoice reference.
    public struct PrecedingInvoice: Codable, Sendable, Hashable {
        /// BT-25 Preceding invoice reference.
        public var number: String?
        /// BT-26 Preceding invoice issue date.
        public var issueDate: String?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case number
            case issueDate = "issue_date"
        }
    }

    /// BG-13 Delivery information.
    public struct Delivery: Codable, Sendable, Hashable {
        /// BT-70 Deliver to party name.
        public var partyName: String?
        /// BT-71 Deliver to location identifier, with BT-71-1 its scheme.
        public var locationIdentifier: Identifier?
        /// BT-72 Actual delivery date.
        public var actualDeliveryDate: String?
        /// BG-15 Deliver to address.
        public var address: Address?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case partyName = "party_name"
            case locationIdentifier = "location_identifier"
            case actualDeliveryDate = "actual_delivery_date"
            case address
        }
    }

    /// BG-14 Invoicing period, BG-26 Invoice line period.
    public struct Period: Codable, Sendable, Hashable {
        /// BT-73, BT-134 Start date.
        public var startDate: String?
        /// BT-74, BT-135 End date.
        public var endDate: String?

        public init(startDate: String? = nil, endDate: String? = nil) {
            self.startDate = startDate
            self.endDate = endDate
        }

        enum CodingKeys: String, CodingKey {
            case startDate = "start_date"
            case endDate = "end_date"
        }
    }

    /// BG-24 Additional supporting document: listed, its embedded content (BT-125) never copied.
    public struct Attachment: Codable, Sendable, Hashable {
        /// BT-122 Supporting document reference.
        public var id: String?
        /// BT-123 Supporting document description.
        public var description: String?
        /// BT-124 External document location.
        public var externalURI: String?
        /// BT-125-2 Attached document filename.
        public var filename: String?
        /// BT-125-1 Attached document MIME code.
        public var mimeCode: String?
        /// The size in bytes of the embedded document (BT-125), computed from its base64 text; nil when none is
        /// embedded.
        public var sizeBytes: Int?

        public init() {}

        enum CodingKeys: String, CodingKey {
            case id
            case description
            case externalURI = "external_uri"
            case filename
            case mimeCode = "mime_code"
            case sizeBytes = "size_bytes"
        }
    }
}
