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

    /// This machine's name, as the store shows it to operators.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

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

    /// Registers this daemon with the store, finishes what a previous run (or a daemon that died) left, then takes
    /// files from the inbox until stopped; with `once`, returns as soon as the inbox holds nothing more that is ready
    /// and every taken file is settled. Heart-beats all the while, so that other daemons sharing the store leave its
    /// claims alone; on return, whatever it could not finish is released to them.
    public func run(once: Bool) async throws -> Summary {
        try data.prepare()
        let daemon = try await store.registerDaemon(
            DaemonRegistration(host: Self.hostName, processID: getpid())
        )
        logger.info("registered", metadata: ["daemon": "\(daemon)"])
        let summary = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.heartbeat(daemon) }
            defer { group.cancelAll() }
            return try await work(as: daemon, once: once)
        }
        try await store.unregisterDaemon(daemon)
        return summary
    }

    /// Tells the store every `heartbeatInterval` that this daemon is alive, until cancelled. A store that cannot be
    /// reached is logged; the claims stay valid until `heartbeatTimeout`.
    private func heartbeat(_ daemon: DaemonID) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: .seconds(configuration.heartbeatInterval))
            } catch {
                return
            }
            do {
                try await store.heartbeat(daemon)
            } catch {
                metrics.countError()
                logger.error("cannot record a heartbeat", metadata: ["daemon": "\(daemon)", "error": "\(error)"])
            }
        }
    }

    private func work(as daemon: DaemonID, once: Bool) async throws -> Summary {
        var summary = Summary()
        var queue = try await adopt(as: daemon, limit: Int.max, into: &summary)
        queue += try await recoverWorkFiles(as: daemon, known: Set(queue.map(\.id)))
        if !queue.isEmpty {
            logger.notice("finishing receipts of an earlier run", metadata: ["count": "\(queue.count)"])
        }
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
        var lastAdoption = ContinuousClock.now
        // A few more than the free workers at once: one transaction per batch, and the inbox still holds the rest
        // (backpressure).
        let batchSize = max(2 * workers, 8)
        var unreadableNames = 0
        try await withThrowingTaskGroup(of: (Receipt, Outcome?).self) { group in
            var running = 0
            while true {
                // Twice the workers in flight: while some files are in I/O (archive, store, reports), others are
                // validated; validation itself is bounded to `workers` at once (`validationSlots`).
                while running < 2 * workers && !isStopping {
                    if queue.isEmpty, candidates.isEmpty {
                        // Receipts of daemons that stopped heart-beating, now and then.
                        if lastAdoption.duration(to: .now) >= .seconds(configuration.heartbeatInterval) {
                            lastAdoption = .now
                            queue += try await adopt(as: daemon, limit: batchSize, into: &summary)
                            if !queue.isEmpty { continue }
                            try await removeSettledWorkFiles()
                        }
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
                        let batch = Array(candidates.prefix(batchSize))
                        candidates.removeFirst(batch.count)
                        queue += try await claim(batch, as: daemon, summary: &summary)
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
        try await removeSettledWorkFiles()
        return summary
    }

    /// Takes files from the inbox: records the claims, then moves each file into the work area. A file that another
    /// daemon claims or has already taken is left to it.
    func claim(_ files: [InboxFile], as daemon: DaemonID, summary: inout Summary) async throws -> [Receipt] {
        let received = Date()
        let ids = try await store.recordClaims(
            files.map { ClaimRequest(sourceName: $0.relativePath, sourceKey: $0.key) },
            by: daemon,
            receivedAt: received
        )
        var claimed: [Receipt] = []
        for (file, id) in zip(files, ids) {
            // Another daemon is taking it.
            guard let id else { continue }
            do {
                try move(file.path, to: data.workPath(id))
                metrics.countReceived()
                claimed.append(
                    Receipt(
                        id: id,
                        sourceName: file.relativePath,
                        sourceKey: file.key,
                        receivedAt: received,
                        state: .claimed,
                        owner: daemon
                    )
                )
            } catch let error as FileSystemError where error.isNotFound {
                // Another daemon took it first (nothing was received here), or it was removed before anyone could
                // take it.
                if try await store.forgetClaimIfTakenElsewhere(id) { continue }
                metrics.countReceived()
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

    /// Moves a file from the inbox into the work area.
    func move(_ source: String, to target: String) throws {
        do {
            try SystemCall.rename(source, target)
        } catch let error as FileSystemError where error.errno == EXDEV {
            try moveAcrossDevices(source, to: target)
        }
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
