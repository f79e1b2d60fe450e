#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A receipt's number: one per file taken from the inbox, in the order they were taken.
public typealias ReceiptID = Int64

/// Where a received file is on its way from the inbox to a booking or a rejection. Each state is recorded before
/// the step that leaves it begins, so that a restart after `kill -9` knows what to finish.
public enum ReceiptState: String, Sendable, Codable, Hashable {
    /// The receipt is recorded; the file may or may not have been moved out of the inbox yet.
    case claiming
    /// The file is in the work area, under the receipt's number.
    case claimed
    /// The original is in the archive under its SHA-256.
    case archived
    /// Decided: booked, rejected, or recognised as a duplicate. Nothing more happens to it.
    case settled
}

/// How a receipt ended.
public enum Outcome: String, Sendable, Codable, Hashable, CaseIterable {
    /// A booking entry waits for the ERP.
    case booked
    /// A rejection with its reports waits for a clerk or goes back to the sender.
    case rejected
    /// The same bytes were received before: acknowledged, nothing new booked or rejected.
    case duplicate
    /// Another file with the same seller and invoice number is booked: held for a clerk, never booked automatically.
    case suspectedDuplicate = "suspected_duplicate"
}

/// One file taken from the inbox.
public struct Receipt: Sendable, Hashable, Codable {
    public var id: ReceiptID
    /// The file's path relative to the inbox, as it arrived (any bytes a file name may hold, shown, never trusted).
    public var sourceName: String
    /// The file's identity when it was claimed (see `ClaimRequest.sourceKey`); empty when unknown.
    public var sourceKey: String
    public var receivedAt: Date
    public var state: ReceiptState
    /// SHA-256 of the original, lowercase hex; nil before it is archived.
    public var sha256: String?
    /// The original's size in bytes; nil before it is archived.
    public var size: Int64?
    /// How often validation of this receipt has started (a file that crashes the daemon is not retried forever).
    public var attempts: Int
    public var outcome: Outcome?
    /// For a duplicate: the receipt whose bytes it repeats.
    public var duplicateOf: ReceiptID?
    public var settledAt: Date?
    /// The daemon that holds the receipt while it is unsettled; nil when nobody does.
    public var owner: DaemonID?

    public init(
        id: ReceiptID,
        sourceName: String,
        sourceKey: String = "",
        receivedAt: Date,
        state: ReceiptState,
        sha256: String? = nil,
        size: Int64? = nil,
        attempts: Int = 0,
        outcome: Outcome? = nil,
        duplicateOf: ReceiptID? = nil,
        settledAt: Date? = nil,
        owner: DaemonID? = nil
    ) {
        self.id = id
        self.sourceName = sourceName
        self.sourceKey = sourceKey
        self.receivedAt = receivedAt
        self.state = state
        self.sha256 = sha256
        self.size = size
        self.attempts = attempts
        self.outcome = outcome
        self.duplicateOf = duplicateOf
        self.settledAt = settledAt
        self.owner = owner
    }
}
