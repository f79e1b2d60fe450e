#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Moving an installation from one store to another (`eingang store copy`): every record with its id and status,
/// table by table, in pages.
public protocol RecordTransfer: Sendable {
    /// Records of one kind with an id greater than `after`, in id order, at most `limit`.
    func exportRecords(_ kind: RecordKind, after: Int64, limit: Int) async throws -> StoreRecords
    /// Inserts the records with their ids, in one transaction; a record whose id is already there is left as it is
    /// (a repeated copy changes nothing). Returns how many were inserted. Numbering continues after the highest id.
    func importRecords(_ records: StoreRecords) async throws -> Int
    /// Whether any daemon has ever registered with this store: a store that daemons used has ids of its own, and a
    /// copy into it is refused.
    func hasRegisteredDaemons() async throws -> Bool
}

/// The tables a copy moves, in an order that satisfies their references.
public enum RecordKind: String, Sendable, CaseIterable {
    case receipts
    case bookings
    case rejections
    case heldDuplicates = "held_duplicates"
    /// The audit trail (append-only: copied entries are inserted, never changed).
    case audit
    /// Reprocessing runs with their receipts and results (the checkpoints of `eingang reprocess`).
    case reprocessRuns = "reprocess_runs"
    /// The workspace's users and API tokens (only their hashes). Sessions and HTTP submissions are not copied: a
    /// clerk logs in again, and a submission's status is read from the store it was made in.
    case users
    case apiTokens = "api_tokens"
}

/// A page of records of any kind.
public struct StoreRecords: Sendable, Hashable {
    public var receipts: [Receipt] = []
    public var bookings: [BookingRecord] = []
    public var rejections: [RejectionRecord] = []
    public var heldDuplicates: [HeldDuplicate] = []
    public var audit: [AuditEntry] = []
    public var reprocessRuns: [ReprocessRunRecord] = []
    public var users: [UserRecord] = []
    public var apiTokens: [APITokenRecord] = []

    public init() {}

    public var count: Int {
        receipts.count + bookings.count + rejections.count + heldDuplicates.count + audit.count
            + reprocessRuns.count + users.count + apiTokens.count
    }

    /// The highest id in the page (the next page starts after it); nil when empty.
    public var lastID: Int64? {
        [
            receipts.last?.id, bookings.last?.entry.id, rejections.last?.entry.id, heldDuplicates.last?.id,
            audit.last?.id, reprocessRuns.last?.run.id, users.last?.user.id, apiTokens.last?.token.id,
        ]
        .compactMap { $0 }.max()
    }
}

/// A rejection with everything the store keeps.
/// A user as copied between stores: with its password hash and when the password was last changed.
public struct UserRecord: Sendable, Hashable {
    public var user: User
    public var passwordChangedAt: Date?

    public init(user: User, passwordChangedAt: Date?) {
        self.user = user
        self.passwordChangedAt = passwordChangedAt
    }
}

/// An API token as copied between stores: with its hash, the only form of the token a store keeps.
public struct APITokenRecord: Sendable, Hashable {
    public var token: APIToken
    public var tokenHash: String

    public init(token: APIToken, tokenHash: String) {
        self.token = token
        self.tokenHash = tokenHash
    }
}

public struct RejectionRecord: Sendable, Hashable {
    public var entry: RejectionEntry
    /// Who the seller is, when the invoice could be read.
    public var sellerKey: String?
    /// When reprocessing booked it after all (its status is then `resolved`).
    public var resolvedAt: Date?

    public init(entry: RejectionEntry, sellerKey: String?, resolvedAt: Date?) {
        self.entry = entry
        self.sellerKey = sellerKey
        self.resolvedAt = resolvedAt
    }
}

/// A reprocessing run with its receipts and results.
public struct ReprocessRunRecord: Sendable, Hashable {
    public struct Item: Sendable, Hashable {
        public var item: ReprocessItem
        /// The stored text of what was applied (`ReprocessApplied.storedValue`); nil while pending.
        public var applied: String?
        public var doneAt: Date?

        public init(item: ReprocessItem, applied: String?, doneAt: Date?) {
            self.item = item
            self.applied = applied
            self.doneAt = doneAt
        }
    }

    /// The run (`resumed` is false).
    public var run: ReprocessRun
    public var items: [Item]

    public init(run: ReprocessRun, items: [Item]) {
        self.run = run
        self.items = items
    }
}

/// A booking entry with everything the store keeps (the terms included).
public struct BookingRecord: Sendable, Hashable {
    /// The entry as listed; its `terms` are filled.
    public var entry: BookingEntry
    /// Who the seller is for duplicate detection.
    public var sellerKey: String
    /// When reprocessing flagged it for a clerk (the reason is `entry.flag`).
    public var flaggedAt: Date?

    public init(entry: BookingEntry, sellerKey: String, flaggedAt: Date? = nil) {
        self.entry = entry
        self.sellerKey = sellerKey
        self.flaggedAt = flaggedAt
    }
}

/// An accepted invoice held for a clerk because a booking with the same tenant, seller and invoice number exists.
public struct HeldDuplicate: Sendable, Hashable {
    public var id: Int64
    public var receiptID: ReceiptID
    /// The booking it seems to repeat.
    public var bookingID: Int64
    public var tenant: String
    public var invoiceNumber: String
    public var sellerName: String?
    public var sellerKey: String
    public var payableAmount: String?
    public var currency: String?
    public var issueDate: String?
    public var terms: String
    public var bundle: String
    public var status: String
    public var heldAt: Date
    /// Why reprocessing flagged it for a clerk, and when.
    public var flag: String?
    public var flaggedAt: Date?
    /// When a clerk released or rejected it.
    public var decidedAt: Date?
    /// The booking entry its release made.
    public var releasedBookingID: Int64?

    /// `status` as the clerks' actions know it (`open` for anything else).
    public var decision: HeldDuplicateStatus { HeldDuplicateStatus(rawValue: status) ?? .open }

    public init(
        id: Int64,
        receiptID: ReceiptID,
        bookingID: Int64,
        tenant: String,
        invoiceNumber: String,
        sellerName: String?,
        sellerKey: String,
        payableAmount: String?,
        currency: String?,
        issueDate: String?,
        terms: String,
        bundle: String,
        status: String,
        heldAt: Date,
        flag: String? = nil,
        flaggedAt: Date? = nil,
        decidedAt: Date? = nil,
        releasedBookingID: Int64? = nil
    ) {
        self.id = id
        self.receiptID = receiptID
        self.bookingID = bookingID
        self.tenant = tenant
        self.invoiceNumber = invoiceNumber
        self.sellerName = sellerName
        self.sellerKey = sellerKey
        self.payableAmount = payableAmount
        self.currency = currency
        self.issueDate = issueDate
        self.terms = terms
        self.bundle = bundle
        self.status = status
        self.heldAt = heldAt
        self.flag = flag
        self.flaggedAt = flaggedAt
        self.decidedAt = decidedAt
        self.releasedBookingID = releasedBookingID
    }
}
