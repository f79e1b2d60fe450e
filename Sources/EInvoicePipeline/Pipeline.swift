public import EInvoiceBusinessTerms
public import EInvoiceReports
public import EInvoiceStore
public import EInvoiceValidation
public import EInvoiceXML
public import Logging
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the pipeline takes from an invoice for its booking entry.
public struct ExtractedTerms: Sendable {
    public var identity: InvoiceIdentity
    /// Who the seller is for duplicate detection (VAT identifier, else another identifier, else the name).
    public var sellerKey: String?
    /// Encodes the business terms as JSON; only an invoice that is booked needs them (encoding costs about a
    /// tenth of a validation).
    private let encode: @Sendable () -> String?

    /// The business terms as JSON (docs/booking-entry.md), encoded on each access; nil when they cannot be encoded.
    public var json: String? { encode() }

    public init(identity: InvoiceIdentity, sellerKey: String?, json: String) {
        self.init(identity: identity, sellerKey: sellerKey, encode: { json })
    }

    /// Terms whose JSON `encode` makes when it is asked for.
    public init(identity: InvoiceIdentity, sellerKey: String?, encode: @escaping @Sendable () -> String?) {
        self.identity = identity
        self.sellerKey = sellerKey
        self.encode = encode
    }
}

/// The inbox pipeline: takes each file from the inbox, archives it, decides it with the validation core and
/// records a booking, a rejection or a duplicate — exactly once, through crashes: every step is recorded in the
/// store before the next begins, and a restart finishes what was claimed.
public final class Pipeline: Sendable {
    /// How many receipts ended each way during one run.
    public struct Summary: Sendable, Hashable {
        public var outcomes: [Outcome: Int] = [:]
        /// Receipts that could not be finished (e.g. a full disk); they are finished by a later run.
        public var unfinished = 0
        public var total: Int { outcomes.values.reduce(0, +) }
    }

    let configuration: PipelineConfiguration
    let data: DataDirectory
    let validator: Validator
    let store: any InvoiceStore
    let decider: Decider
    let writers: [any ReportWriter]
    let tenants: TenantResolver
    let logger: Logger
    let metrics = PipelineMetrics()
    let validationSlots: AsyncSemaphore
    private let stopRequested = Atomic<Bool>(false)
    private let watcher: Mutex<InboxWatcher?> = Mutex(nil)

    public init(
        configuration: PipelineConfiguration,
        validator: Validator,
        bundleHash: String,
        store: any InvoiceStore,
        extractTerms: @escaping @Sendable (XMLTree) -> ExtractedTerms?,
        writers: [any ReportWriter],
        logger: Logger = Logger(label: "eingang.pipeline")
    ) {
        self.configuration = configuration
        self.data = DataDirectory(path: configuration.dataDirectory)
        self.validator = validator
        self.store = store
        self.writers = writers
        let tenants = TenantResolver(tenants: configuration.tenants, defaultTenant: configuration.defaultTenant)
        self.tenants = tenants
        self.decider = Decider(
            validator: validator,
            bundleHash: bundleHash,
            extractTerms: extractTerms,
            tenants: tenants,
            maxFileSize: configuration.maxFileSize
        )
        self.logger = logger
        self.validationSlots = AsyncSemaphore(
            permits: configuration.workers ?? ProcessInfo.processInfo.activeProcessorCount
        )
    }

    var workers: Int { configuration.workers ?? ProcessInfo.processInfo.activeProcessorCount }

    /// Stops taking new files; the files in flight are finished, then `run` returns.
    public func requestStop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
        watcher.withLock { $0?.stop() }
    }

    var isStopping: Bool { stopRequested.load(ordering: .sequentiallyConsistent) }

    /// Finishes what a previous run left, then takes files from the inbox until stopped; with `once`, returns as
    /// soon as the inbox holds nothing more that is ready and every taken file is settled.
    public func run(once: Bool) async throws -> Summary {
        try data.prepare()
        var summary = Summary()
        var queue = try await recover(into: &summary)
        let scanner = InboxScanner(
            inbox: configuration.inbox,
            stableAfter: configuration.stableAfter,
            excluded: [data.path]
        )
        let inboxWatcher = InboxWatcher(
            interval: once ? min(configuration.rescanInterval, 0.2) : configuration.rescanInterval
        )
        watcher.withLock { $0 = inboxWatcher }
        defer { inboxWatcher.stop() }
        var retry: [Receipt] = []
        var candidates: [InboxFile] = []
        var unreadableNames = 0
        try await withThrowingTaskGroup(of: (Receipt, Outcome?).self) { group in
            var running = 0
            while true {
                // Twice the workers in flight: while some files are in I/O (archive, store, reports), others are
                // validated; validation itself is bounded to `workers` at once (`validationSlots`).
                while running < 2 * workers && !isStopping {
                    if queue.isEmpty, candidates.isEmpty {
                        let listing = scanner.scan(now: Date().timeIntervalSince1970)
                        inboxWatcher.watch(listing.directories)
                        if listing.unreadableNames != unreadableNames {
                            unreadableNames = listing.unreadableNames
                            if unreadableNames > 0 {
                                logger.warning(
                                    "files with names that are not UTF-8 stay in the inbox; rename them",
                                    metadata: ["count": "\(unreadableNames)"]
                                )
                            }
                        }
                        candidates = listing.ready
                        if once && candidates.isEmpty && listing.waiting > 0 && running == 0 {
                            await inboxWatcher.next()
                            continue
                        }
                    }
                    if queue.isEmpty, !candidates.isEmpty {
                        // A few more than the free workers at once: one transaction per batch, and the inbox
                        // still holds the rest (backpressure).
                        let batch = Array(candidates.prefix(max(2 * workers, 8)))
                        candidates.removeFirst(batch.count)
                        queue += try await claim(batch, summary: &summary)
                        continue
                    }
                    guard !queue.isEmpty else { break }
                    let receipt = queue.removeFirst()
                    group.addTask { (receipt, await self.processSafely(receipt)) }
                    running += 1
                }
                if running > 0 {
                    if let (receipt, outcome) = try await group.next() {
                        running -= 1
                        if let outcome {
                            summary.outcomes[outcome, default: 0] += 1
                        } else {
                            retry.append(receipt)
                        }
                    }
                    continue
                }
                if isStopping || once { break }
                await inboxWatcher.next()
                // Receipts that failed (a full disk, say) are tried again after the next wake-up.
                queue += retry
                retry.removeAll()
            }
        }
        summary.unfinished = retry.count + queue.count
        return summary
    }

    /// Takes files from the inbox: records the claims, then moves each file into the work area.
    func claim(_ files: [InboxFile], summary: inout Summary) async throws -> [Receipt] {
        let received = Date()
        let ids = try await store.recordClaims(sourceNames: files.map(\.relativePath), receivedAt: received)
        var claimed: [Receipt] = []
        for (file, id) in zip(files, ids) {
            metrics.countReceived()
            do {
                do {
                    try SystemCall.rename(file.path, data.workPath(id))
                } catch let error as FileSystemError where error.errno == EXDEV {
                    try moveAcrossDevices(file.path, to: data.workPath(id))
                }
                claimed.append(Receipt(id: id, sourceName: file.relativePath, receivedAt: received, state: .claimed))
            } catch let error as FileSystemError where error.isNotFound {
                // Seen, then removed before it could be taken.
                let result = try await settleVanished(id, sourceName: file.relativePath)
                summary.outcomes[result.outcome, default: 0] += 1
            } catch {
                try await store.forgetClaim(id)
                metrics.countError()
                logger.error("cannot take a file from the inbox", metadata: ["receipt": "\(id)", "error": "\(error)"])
            }
        }
        try await store.markClaimed(claimed.map(\.id))
        return claimed
    }

    /// The inbox and the data directory are on different file systems: copy durably, then remove the original.
    private func moveAcrossDevices(_ source: String, to target: String) throws {
        let bytes = try SystemCall.readFile(source, limit: Int.max)
        try SystemCall.writeAtomically(bytes, to: target)
        try SystemCall.unlink(source)
    }

    func settleVanished(_ id: ReceiptID, sourceName: String) async throws -> SettleResult {
        let draft = RejectionDraft(
            tenant: tenants.tenant(sourceName: sourceName, buyerReference: nil) ?? "",
            reasonClass: "vanished",
            reason: "the file was removed from the inbox before it could be taken; nothing was received"
        )
        return try await settle(id, .rejection(draft))
    }

    func settle(_ id: ReceiptID, _ settlement: Settlement) async throws -> SettleResult {
        let result = try await store.settle(id, settlement, at: Date())
        metrics.count(result)
        logger.info(
            "settled",
            metadata: ["receipt": "\(id)", "outcome": "\(result.outcome.rawValue)"]
        )
        return result
    }
}
