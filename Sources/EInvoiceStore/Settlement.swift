/// What the pipeline decided about one receipt; the store records it in one transaction.
public enum Settlement: Sendable, Hashable {
    /// Accepted: book it, unless the store finds it is a duplicate.
    case booking(BookingDraft)
    /// Rejected, with the reason and the stored reports.
    case rejection(RejectionDraft)
    /// The same bytes as an earlier receipt: acknowledged, nothing booked or rejected again.
    case duplicate(of: ReceiptID)
}

/// A booking entry before the store has numbered it.
public struct BookingDraft: Sendable, Hashable {
    public var tenant: String
    /// BT-1.
    public var invoiceNumber: String
    /// BT-27.
    public var sellerName: String?
    /// Who the seller is for duplicate detection: the VAT identifier, else another identifier, else the name.
    public var sellerKey: String
    /// BT-115 as written in the invoice.
    public var payableAmount: String?
    /// BT-5.
    public var currency: String?
    /// BT-2, ISO 8601.
    public var issueDate: String?
    /// The invoice's business terms as JSON (docs/booking-entry.md).
    public var termsJSON: String
    /// The rule bundle that decided (a hash over the official files).
    public var bundle: String

    public init(
        tenant: String,
        invoiceNumber: String,
        sellerName: String?,
        sellerKey: String,
        payableAmount: String?,
        currency: String?,
        issueDate: String?,
        termsJSON: String,
        bundle: String
    ) {
        self.tenant = tenant
        self.invoiceNumber = invoiceNumber
        self.sellerName = sellerName
        self.sellerKey = sellerKey
        self.payableAmount = payableAmount
        self.currency = currency
        self.issueDate = issueDate
        self.termsJSON = termsJSON
        self.bundle = bundle
    }
}

/// A rejection before the store has numbered it.
public struct RejectionDraft: Sendable, Hashable {
    public var tenant: String
    /// A stable class of reason for filtering: `not_wellformed`, `too_large`, `no_scenario`, `schema`, `rules`,
    /// `processing`, `unreadable`, `symlink`, `vanished`, `no_tenant`, `repeated_crash`.
    public var reasonClass: String
    /// One line a clerk or sender understands.
    public var reason: String
    /// Rule ids of the error-level findings, for filtering.
    public var ruleIDs: [String]
    public var invoiceNumber: String?
    public var sellerName: String?
    /// Where the reports are, relative to the data directory; nil when none were written.
    public var reportDirectory: String?
    /// The rule bundle that decided; nil when no rules ran.
    public var bundle: String?
    /// Who the seller is (as ``BookingDraft/sellerKey``), when the invoice could be read: reprocessing finds a
    /// sender's rejections by it.
    public var sellerKey: String?

    public init(
        tenant: String,
        reasonClass: String,
        reason: String,
        ruleIDs: [String] = [],
        invoiceNumber: String? = nil,
        sellerName: String? = nil,
        reportDirectory: String? = nil,
        bundle: String? = nil,
        sellerKey: String? = nil
    ) {
        self.tenant = tenant
        self.reasonClass = reasonClass
        self.reason = reason
        self.ruleIDs = ruleIDs
        self.invoiceNumber = invoiceNumber
        self.sellerName = sellerName
        self.reportDirectory = reportDirectory
        self.bundle = bundle
        self.sellerKey = sellerKey
    }
}

/// What the store made of a settlement.
public enum SettleResult: Sendable, Hashable {
    case booked(bookingID: Int64)
    case rejected(rejectionID: Int64)
    /// The same bytes were settled before, under that receipt.
    case duplicate(of: ReceiptID)
    /// Held: a booking with the same seller and invoice number exists.
    case suspectedDuplicate(heldID: Int64, of: Int64)

    public var outcome: Outcome {
        switch self {
        case .booked: .booked
        case .rejected: .rejected
        case .duplicate: .duplicate
        case .suspectedDuplicate: .suspectedDuplicate
        }
    }
}
