#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A receipt's decision as the store holds it now: what reprocessing compares a new decision with.
public struct StoredDecision: Sendable, Hashable {
    /// Where the receipt ended.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A booking entry (`booking`).
        case booked
        /// Accepted, but held for a clerk as a suspected duplicate (`held_duplicate`).
        case held
        /// A rejection (`rejection`).
        case rejected

        /// Booked and held receipts passed validation.
        public var isAccepted: Bool { self != .rejected }
    }

    public var receiptID: ReceiptID
    public var sourceName: String
    public var receivedAt: Date
    /// The archived original's SHA-256; nil when nothing was archived (a vanished file, a symbolic link).
    public var sha256: String?
    public var size: Int64?
    public var kind: Kind
    /// The id of the booking, held entry or rejection.
    public var entryID: Int64
    public var tenant: String
    public var invoiceNumber: String?
    public var sellerName: String?
    /// Who the seller is for duplicate detection (`vat:…`, `id:…`, `legal:…`, `name:…`); nil for rejections
    /// stored before it was recorded, or when the invoice could not be read.
    public var sellerKey: String?
    /// A rejection's reason class; nil for accepted receipts.
    public var reasonClass: String?
    /// The rule ids of the error-level findings of the decision, sorted: a rejection's failed rules; empty for
    /// accepted receipts (an accepted invoice has no error-level finding).
    public var ruleIDs: [String]
    /// The rule bundle that decided; nil when no rules ran.
    public var bundle: String?
    /// Why a clerk must look at this accepted receipt again (see ``ReprocessAction/flag(reason:)``); nil when not
    /// flagged.
    public var flag: String?

    public init(
        receiptID: ReceiptID,
        sourceName: String,
        receivedAt: Date,
        sha256: String?,
        size: Int64?,
        kind: Kind,
        entryID: Int64,
        tenant: String,
        invoiceNumber: String?,
        sellerName: String?,
        sellerKey: String?,
        reasonClass: String?,
        ruleIDs: [String],
        bundle: String?,
        flag: String?
    ) {
        self.receiptID = receiptID
        self.sourceName = sourceName
        self.receivedAt = receivedAt
        self.sha256 = sha256
        self.size = size
        self.kind = kind
        self.entryID = entryID
        self.tenant = tenant
        self.invoiceNumber = invoiceNumber
        self.sellerName = sellerName
        self.sellerKey = sellerKey
        self.reasonClass = reasonClass
        self.ruleIDs = ruleIDs
        self.bundle = bundle
        self.flag = flag
    }
}

/// A reprocessing run: the receipts it selected (fixed when it began) and the results recorded so far, kept in
/// the store so that an interrupted run resumes where it stopped.
public struct ReprocessRun: Sendable, Hashable {
    public var id: Int64
    /// Identifies the run's parameters (filters and rule bundle): the same command finds its unfinished run by it.
    public var key: String
    /// The run's parameters as the caller gave them (opaque to the store).
    public var parameters: String
    /// The hash of the rule bundle the run decides with.
    public var bundle: String
    /// How many receipts the run selected.
    public var total: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// True when ``InvoiceStore/startReprocessRun(key:parameters:bundle:receipts:at:)`` found an unfinished run
    /// with the key and returned it instead of beginning a new one.
    public var resumed: Bool

    public init(
        id: Int64,
        key: String,
        parameters: String,
        bundle: String,
        total: Int,
        startedAt: Date,
        finishedAt: Date?,
        resumed: Bool
    ) {
        self.id = id
        self.key = key
        self.parameters = parameters
        self.bundle = bundle
        self.total = total
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.resumed = resumed
    }
}

/// One receipt of a run: pending, or done with its result.
public struct ReprocessItem: Sendable, Hashable {
    public var receiptID: ReceiptID
    /// The result as the caller recorded it (opaque to the store); nil while pending.
    public var report: String?
    /// What the store did for it; nil while pending.
    public var applied: ReprocessApplied?

    public var isDone: Bool { report != nil }

    public init(receiptID: ReceiptID, report: String?, applied: ReprocessApplied?) {
        self.receiptID = receiptID
        self.report = report
        self.applied = applied
    }
}

/// What the store does for one reprocessed receipt, in the transaction that records its result.
public enum ReprocessAction: Sendable, Hashable {
    /// Record the result only.
    case none
    /// Rejected before, accepted now: book it exactly once, unless a booking with the same tenant, seller and
    /// invoice number exists (then it is held as a suspected duplicate, as `settle` does), and mark its rejection
    /// `resolved`. Does nothing when the receipt is no longer rejected.
    case book(BookingDraft)
    /// Accepted before, rejected now: a booked or held receipt is never unbooked; it is flagged for a clerk with
    /// this reason. Does nothing when it carries the same flag already.
    case flag(reason: String)
}

/// One result to record: see ``InvoiceStore/recordReprocessed(run:_:actor:at:)``.
public struct ReprocessResult: Sendable, Hashable {
    public var receiptID: ReceiptID
    /// The result as the caller wants it back from ``InvoiceStore/reprocessItems(run:)`` (opaque to the store).
    public var report: String
    public var action: ReprocessAction
    /// The audit entry's detail when the action changes something.
    public var detail: String

    public init(receiptID: ReceiptID, report: String, action: ReprocessAction, detail: String) {
        self.receiptID = receiptID
        self.report = report
        self.action = action
        self.detail = detail
    }
}

/// What the store did for one reprocessed receipt.
public enum ReprocessApplied: Sendable, Hashable {
    /// Nothing changed.
    case nothing
    /// Booked as this booking entry; its rejection is resolved.
    case booked(bookingID: Int64)
    /// Held as a suspected duplicate of booking `of`; its rejection is resolved.
    case held(heldID: Int64, of: Int64)
    /// The booking or held entry is flagged for a clerk.
    case flagged
    /// It carried the same flag already.
    case alreadyFlagged

    /// The text a store keeps: `nothing`, `booked <id>`, `held <id> <of>`, `flagged`, `already_flagged`.
    public var storedValue: String {
        switch self {
        case .nothing: "nothing"
        case .booked(let id): "booked \(id)"
        case .held(let id, let of): "held \(id) \(of)"
        case .flagged: "flagged"
        case .alreadyFlagged: "already_flagged"
        }
    }

    /// Reads ``storedValue``.
    public init?(storedValue: String) {
        let parts = storedValue.split(separator: " ").map(String.init)
        switch (parts.first, parts.count) {
        case ("nothing", 1): self = .nothing
        case ("flagged", 1): self = .flagged
        case ("already_flagged", 1): self = .alreadyFlagged
        case ("booked", 2):
            guard let id = Int64(parts[1]) else { return nil }
            self = .booked(bookingID: id)
        case ("held", 3):
            guard let id = Int64(parts[1]), let of = Int64(parts[2]) else { return nil }
            self = .held(heldID: id, of: of)
        default: return nil
        }
    }
}

/// One entry of the append-only audit trail: who changed what, when, under which rule bundle.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: Date
    /// Who acted: a command (`eingang reprocess`) or a clerk (`user:<name>`).
    public var actor: String
    /// What happened, e.g. `reprocess.booked`, `reprocess.held`, `reprocess.flagged`.
    public var action: String
    public var receiptID: ReceiptID?
    public var bookingID: Int64?
    public var rejectionID: Int64?
    /// The rule bundle the action rests on.
    public var bundle: String?
    /// Why (a clerk's reason or comment), or what came of it.
    public var detail: String?
    /// The tenant of the invoice acted on, when the entry names it (entries before the workspace do not: their
    /// rejection or booking does).
    public var tenant: String?

    public init(
        id: Int64,
        at: Date,
        actor: String,
        action: String,
        receiptID: ReceiptID?,
        bookingID: Int64?,
        rejectionID: Int64?,
        bundle: String?,
        detail: String?,
        tenant: String? = nil
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.receiptID = receiptID
        self.bookingID = bookingID
        self.rejectionID = rejectionID
        self.bundle = bundle
        self.detail = detail
        self.tenant = tenant
    }
}
