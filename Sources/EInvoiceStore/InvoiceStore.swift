#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where receipts, bookings and rejections live. The pipeline talks only to this protocol: SQLite is the embedded
/// store; a shared store for daemons on several machines implements the same calls.
///
/// Every call is one transaction. `settle` is idempotent: settling a settled receipt again returns what the first
/// call decided and changes nothing, so a pipeline that restarts after a crash may repeat it safely.
public protocol InvoiceStore: Sendable {
    /// Records that files are about to be moved out of the inbox (state `claiming`); returns their receipt numbers
    /// in the same order. One transaction for the whole batch.
    func recordClaims(sourceNames: [String], receivedAt: Date) async throws -> [ReceiptID]
    /// The files are in the work area.
    func markClaimed(_ ids: [ReceiptID]) async throws
    /// The file never left the inbox (the move did not happen): forget the receipt.
    func forgetClaim(_ id: ReceiptID) async throws
    /// The original is archived under `sha256`: records that, counts a start of validation, and finds the first
    /// settled receipt with the same bytes (that is not itself a duplicate), in one transaction.
    func beginDecision(_ id: ReceiptID, sha256: String, size: Int64) async throws -> DecisionStart
    /// Receipts that are not settled, oldest first: what a restart must finish.
    func unsettledReceipts() async throws -> [Receipt]
    /// Records the decision (see the type's documentation).
    func settle(_ id: ReceiptID, _ settlement: Settlement, at date: Date) async throws -> SettleResult
    func receipt(_ id: ReceiptID) async throws -> Receipt?
    /// Receipts with a number greater than `after`, in order.
    func receipts(after: ReceiptID, limit: Int) async throws -> [Receipt]
    /// How many receipts ended each way.
    func outcomeCounts() async throws -> [Outcome: Int]

    /// Booking entries with an id greater than `after`, in id order.
    func bookings(after: Int64, limit: Int) async throws -> [BookingEntry]
    /// One booking entry with its business terms.
    func booking(_ id: Int64) async throws -> BookingEntry?
    /// Marks a booking acknowledged by the ERP; idempotent. Returns nil when there is no such booking.
    func acknowledgeBooking(_ id: Int64, at date: Date) async throws -> BookingEntry?
    /// Rejections with an id greater than `after`, in id order.
    func rejections(after: Int64, limit: Int) async throws -> [RejectionEntry]
    func rejection(_ id: Int64) async throws -> RejectionEntry?
}

/// What the store knows when a receipt's decision begins.
public struct DecisionStart: Sendable, Hashable {
    /// Starts of validation of this receipt, this one included (a file that crashed the process counts again).
    public var attempts: Int
    /// The first settled receipt with the same bytes, when there is one.
    public var earlier: ReceiptID?

    public init(attempts: Int, earlier: ReceiptID?) {
        self.attempts = attempts
        self.earlier = earlier
    }
}
