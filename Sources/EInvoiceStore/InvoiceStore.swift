#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where receipts, bookings and rejections live. The pipeline talks only to this protocol: SQLite is the embedded
/// store for one daemon; PostgreSQL is the shared store for daemons on several machines. Both implement the same
/// calls with the same results, so the pipeline knows nothing of either.
///
/// Every call is one transaction. `settle` is idempotent: settling a settled receipt again returns what the first
/// call decided and changes nothing, so a pipeline that restarts after a crash, or a daemon that takes over the
/// receipts of a dead one, may repeat it safely.
public protocol InvoiceStore: WorkspaceStore {
    /// Registers a daemon that is starting: its claims carry the returned id, and it heart-beats with it.
    func registerDaemon(_ registration: DaemonRegistration) async throws -> DaemonID
    /// The daemon is alive: its claims stay its own.
    func heartbeat(_ daemon: DaemonID) async throws
    /// The daemon stops gracefully: whatever it still holds (receipts it could not finish) is free for others at once.
    func unregisterDaemon(_ daemon: DaemonID) async throws
    /// Takes over unsettled receipts whose daemon is gone (stopped, or silent for `silentFor`) or that have none, at
    /// most `limit`, oldest first; the caller owns them afterwards. Two daemons never get the same receipt from one
    /// round. A store for one daemon at a time (SQLite, whose data directory is locked) hands over every receipt
    /// that is not the caller's, whatever `silentFor` says.
    func adoptOrphans(by daemon: DaemonID, silentFor: Duration, limit: Int) async throws -> [Receipt]

    /// Records that files are about to be moved out of the inbox (state `claiming`), owned by `daemon`; returns
    /// their receipt numbers in the same order, nil for a file that another claim in state `claiming` holds (another
    /// daemon is taking it). One transaction for the whole batch.
    func recordClaims(_ files: [ClaimRequest], by daemon: DaemonID, receivedAt: Date) async throws -> [ReceiptID?]
    /// The files are in the work area.
    func markClaimed(_ ids: [ReceiptID]) async throws
    /// The file never left the inbox (the move did not happen): forget the receipt.
    func forgetClaim(_ id: ReceiptID) async throws
    /// The claimed file was in neither the inbox nor the work area. When another receipt holds the same file (the
    /// same source name and the same file part of the key, whatever its version: another daemon moved it first),
    /// this claim is forgotten and the call returns true; otherwise it returns false and the file vanished.
    func forgetClaimIfTakenElsewhere(_ id: ReceiptID) async throws -> Bool
    /// The original is archived under `sha256`: records that, counts a start of validation, and finds the first
    /// settled receipt with the same bytes (that is not itself a duplicate), in one transaction.
    func beginDecision(_ id: ReceiptID, sha256: String, size: Int64) async throws -> DecisionStart
    /// Receipts that are not settled, oldest first, whoever holds them.
    func unsettledReceipts() async throws -> [Receipt]
    /// Records the decision (see the type's documentation). Safe against another daemon settling the same receipt,
    /// the same bytes or the same seller and invoice number at the same moment.
    func settle(_ id: ReceiptID, _ settlement: Settlement, at date: Date) async throws -> SettleResult
    func receipt(_ id: ReceiptID) async throws -> Receipt?
    /// Receipts with a number greater than `after`, in order.
    func receipts(after: ReceiptID, limit: Int) async throws -> [Receipt]
    /// How many receipts ended each way.
    func outcomeCounts() async throws -> [Outcome: Int]

    /// Booking entries with an id greater than `after`, in id order: the ERP's cursor. An entry committed later
    /// never has a smaller id than one already listed, so a reader that continues after the last id it saw never
    /// misses one.
    func bookings(after: Int64, limit: Int) async throws -> [BookingEntry]
    /// One booking entry with its business terms.
    func booking(_ id: Int64) async throws -> BookingEntry?
    /// Marks a booking acknowledged by the ERP; idempotent. Returns nil when there is no such booking.
    func acknowledgeBooking(_ id: Int64, at date: Date) async throws -> BookingEntry?
    /// Rejections with an id greater than `after`, in id order (the same cursor guarantee as `bookings`).
    func rejections(after: Int64, limit: Int) async throws -> [RejectionEntry]
    func rejection(_ id: Int64) async throws -> RejectionEntry?

    // MARK: Reprocessing (README, "Reprocessing")

    /// The current decision of every receipt that was booked, held as a suspected duplicate or rejected (not of
    /// duplicates, nor of unsettled receipts) with a number greater than `after`, in receipt order.
    func storedDecisions(after: ReceiptID, limit: Int) async throws -> [StoredDecision]
    /// Begins a reprocessing run over `receipts` (the selection is kept with the run), or, when an unfinished run
    /// with the same `key` exists, returns that one with ``ReprocessRun/resumed`` set and its own selection
    /// (`receipts`, `parameters` and `bundle` are then ignored). At most one unfinished run per key. One transaction.
    func startReprocessRun(
        key: String,
        parameters: String,
        bundle: String,
        receipts: [ReceiptID],
        at date: Date
    ) async throws -> ReprocessRun
    /// The run's receipts in receipt order: pending, or done with the recorded result.
    func reprocessItems(run: Int64) async throws -> [ReprocessItem]
    /// Records results of a run in one transaction, in the given order: for each receipt of the run that is still
    /// pending, applies its action (writing an audit entry by `actor` naming the run's bundle and `detail` when
    /// the action changes something) and stores its result; a receipt already done keeps its first result and
    /// nothing is applied again (an invoice is never counted twice). Returns what was applied for each, in order
    /// (for a receipt already done: what was applied the first time).
    func recordReprocessed(
        run: Int64,
        _ results: [ReprocessResult],
        actor: String,
        at date: Date
    ) async throws -> [ReprocessApplied]
    /// Marks the run finished: the same key begins a new run from then on. Idempotent.
    func finishReprocessRun(_ run: Int64, at date: Date) async throws
    /// Audit entries with an id greater than `after`, in id order. The audit trail is append-only.
    func auditEntries(after: Int64, limit: Int) async throws -> [AuditEntry]
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
