public import EInvoiceStore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// How a new decision differs from the stored one.
public enum ReprocessChange: String, Sendable, Hashable, Codable, CaseIterable {
    /// The same decision with the same error-level findings.
    case unchanged
    /// Rejected before, accepted now.
    case newlyAccepted = "newly_accepted"
    /// Accepted (booked or held) before, rejected now.
    case newlyRejected = "newly_rejected"
    /// The same decision with other error-level findings.
    case findingsChanged = "findings_changed"
}

/// One side of the comparison: a decision and its error-level findings.
public struct DecisionState: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        case accepted, rejected
    }

    public var decision: Verdict
    /// A rejection's reason class; nil when accepted.
    public var reasonClass: String?
    /// The rule ids of the error-level findings, sorted (every one has level error: the set of (rule id, level)
    /// is the set of rule ids). Empty when accepted.
    public var ruleIDs: [String]
    /// The rule bundle that decided; nil when no rules ran.
    public var bundle: String?

    public init(decision: Verdict, reasonClass: String?, ruleIDs: [String], bundle: String?) {
        self.decision = decision
        self.reasonClass = reasonClass
        self.ruleIDs = ruleIDs
        self.bundle = bundle
    }

    enum CodingKeys: String, CodingKey {
        case decision
        case reasonClass = "reason_class"
        case ruleIDs = "rule_ids"
        case bundle
    }

    /// The decision the store holds.
    public init(_ stored: StoredDecision) {
        self.init(
            decision: stored.kind.isAccepted ? .accepted : .rejected,
            reasonClass: stored.kind.isAccepted ? nil : stored.reasonClass,
            ruleIDs: stored.kind.isAccepted ? [] : Array(Set(stored.ruleIDs)).sorted(),
            bundle: stored.bundle
        )
    }

    /// A new decision, as the pipeline would settle it.
    init(_ settlement: Settlement) {
        switch settlement {
        case .booking(let draft):
            self.init(decision: .accepted, reasonClass: nil, ruleIDs: [], bundle: draft.bundle)
        case .rejection(let draft):
            self.init(
                decision: .rejected,
                reasonClass: draft.reasonClass,
                ruleIDs: Array(Set(draft.ruleIDs)).sorted(),
                bundle: draft.bundle
            )
        case .duplicate:
            self.init(decision: .rejected, reasonClass: nil, ruleIDs: [], bundle: nil)
        }
    }
}

/// The comparison of a stored decision with a new one.
public struct DecisionDifference: Sendable, Hashable {
    public var change: ReprocessChange
    /// Rule ids that fail now and did not before, sorted.
    public var newlyFailing: [String]
    /// Rule ids that failed before and do not now, sorted.
    public var newlyPassing: [String]

    /// Compares by the decision and the set of error-level rule ids; the bundle and the reason class do not count.
    public init(before: DecisionState, after: DecisionState) {
        let old = Set(before.ruleIDs)
        let new = Set(after.ruleIDs)
        newlyFailing = new.subtracting(old).sorted()
        newlyPassing = old.subtracting(new).sorted()
        switch (before.decision, after.decision) {
        case (.rejected, .accepted): change = .newlyAccepted
        case (.accepted, .rejected): change = .newlyRejected
        default: change = old == new ? .unchanged : .findingsChanged
        }
    }
}

/// One reprocessed invoice: the `--json` object of `eingang reprocess` (README, "Reprocessing").
public struct ReprocessedInvoice: Sendable, Hashable, Codable {
    /// What the run did for it (`none` with `--dry-run`).
    public enum Action: String, Sendable, Hashable, Codable {
        case none
        case booked
        case held
        case flagged
        case alreadyFlagged = "already_flagged"
    }

    public var receiptID: ReceiptID
    public var sourceName: String
    public var receivedAt: Date
    public var sha256: String
    public var tenant: String
    public var invoiceNumber: String?
    public var sellerName: String?
    public var change: ReprocessChange
    public var before: DecisionState
    public var after: DecisionState
    public var newlyFailing: [String]
    public var newlyPassing: [String]
    /// nil until the store has applied the action.
    public var action: Action?
    /// The new booking entry (`booked`) or the booking it is held against (`held`).
    public var bookingID: Int64?
    /// The held entry (`held`).
    public var heldID: Int64?

    enum CodingKeys: String, CodingKey {
        case type
        case receiptID = "receipt_id"
        case sourceName = "source_name"
        case receivedAt = "received_at"
        case sha256, tenant
        case invoiceNumber = "invoice_number"
        case sellerName = "seller_name"
        case change, before, after
        case newlyFailing = "newly_failing"
        case newlyPassing = "newly_passing"
        case action
        case bookingID = "booking_id"
        case heldID = "held_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("invoice", forKey: .type)
        try container.encode(receiptID, forKey: .receiptID)
        try container.encode(sourceName, forKey: .sourceName)
        try container.encode(receivedAt, forKey: .receivedAt)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(tenant, forKey: .tenant)
        try container.encodeIfPresent(invoiceNumber, forKey: .invoiceNumber)
        try container.encodeIfPresent(sellerName, forKey: .sellerName)
        try container.encode(change, forKey: .change)
        try container.encode(before, forKey: .before)
        try container.encode(after, forKey: .after)
        try container.encode(newlyFailing, forKey: .newlyFailing)
        try container.encode(newlyPassing, forKey: .newlyPassing)
        try container.encodeIfPresent(action, forKey: .action)
        try container.encodeIfPresent(bookingID, forKey: .bookingID)
        try container.encodeIfPresent(heldID, forKey: .heldID)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        receiptID = try container.decode(ReceiptID.self, forKey: .receiptID)
        sourceName = try container.decode(String.self, forKey: .sourceName)
        receivedAt = try container.decode(Date.self, forKey: .receivedAt)
        sha256 = try container.decode(String.self, forKey: .sha256)
        tenant = try container.decode(String.self, forKey: .tenant)
        invoiceNumber = try container.decodeIfPresent(String.self, forKey: .invoiceNumber)
        sellerName = try container.decodeIfPresent(String.self, forKey: .sellerName)
        change = try container.decode(ReprocessChange.self, forKey: .change)
        before = try container.decode(DecisionState.self, forKey: .before)
        after = try container.decode(DecisionState.self, forKey: .after)
        newlyFailing = try container.decode([String].self, forKey: .newlyFailing)
        newlyPassing = try container.decode([String].self, forKey: .newlyPassing)
        action = try container.decodeIfPresent(Action.self, forKey: .action)
        bookingID = try container.decodeIfPresent(Int64.self, forKey: .bookingID)
        heldID = try container.decodeIfPresent(Int64.self, forKey: .heldID)
    }

    public init(
        receiptID: ReceiptID,
        sourceName: String,
        receivedAt: Date,
        sha256: String,
        tenant: String,
        invoiceNumber: String?,
        sellerName: String?,
        before: DecisionState,
        after: DecisionState
    ) {
        self.receiptID = receiptID
        self.sourceName = sourceName
        self.receivedAt = receivedAt
        self.sha256 = sha256
        self.tenant = tenant
        self.invoiceNumber = invoiceNumber
        self.sellerName = sellerName
        self.before = before
        self.after = after
        let difference = DecisionDifference(before: before, after: after)
        change = difference.change
        newlyFailing = difference.newlyFailing
        newlyPassing = difference.newlyPassing
    }

    /// Sets what the store did.
    mutating func record(_ applied: ReprocessApplied) {
        switch applied {
        case .nothing: action = ReprocessedInvoice.Action.none
        case .booked(let id): (action, bookingID) = (.booked, id)
        case .held(let id, let of): (action, heldID, bookingID) = (.held, id, of)
        case .flagged: action = .flagged
        case .alreadyFlagged: action = .alreadyFlagged
        }
    }
}
