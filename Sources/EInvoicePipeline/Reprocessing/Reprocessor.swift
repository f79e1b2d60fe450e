import EInvoiceBusinessTerms
public import EInvoiceStore
public import EInvoiceValidation
public import EInvoiceXML
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a reprocessing run is made (`eingang reprocess`).
public struct ReprocessOptions: Sendable {
    public var filter: ReprocessFilter
    /// Invoices validated at once.
    public var jobs: Int
    /// Compare only: nothing in the store changes, no checkpoint is kept.
    public var dryRun: Bool
    /// Who the audit entries name.
    public var actor: String
    /// Stop dispatching after this many invoices of this invocation, as an interruption does (for tests).
    public var stopAfter: Int?

    public init(
        filter: ReprocessFilter = ReprocessFilter(),
        jobs: Int = 2,
        dryRun: Bool = false,
        actor: String = "eingang reprocess",
        stopAfter: Int? = nil
    ) {
        self.filter = filter
        self.jobs = jobs
        self.dryRun = dryRun
        self.actor = actor
        self.stopAfter = stopAfter
    }
}

/// What a run tells while it works.
public struct ReprocessObserver: Sendable {
    /// The run begins with `total` invoices, `done` of them by an earlier, interrupted part of it (`resumed`).
    public var started: @Sendable (_ total: Int, _ done: Int, _ resumed: Bool) -> Void
    /// One invoice, in receipt order, once its result is recorded; `replayed` when an earlier part of the run did it.
    public var invoice: @Sendable (_ invoice: ReprocessedInvoice, _ replayed: Bool) -> Void

    public init(
        started: @escaping @Sendable (Int, Int, Bool) -> Void = { _, _, _ in },
        invoice: @escaping @Sendable (ReprocessedInvoice, Bool) -> Void = { _, _ in }
    ) {
        self.started = started
        self.invoice = invoice
    }
}

/// Re-decides stored invoices from their archived originals with a rule bundle, compares each new decision with the
/// stored one, and (unless it is a dry run) books newly accepted invoices exactly once and flags booked ones that a
/// bundle now rejects. Results are recorded in receipt order, each with its action in one transaction, in a
/// checkpoint kept in the store: an interrupted run resumes where it stopped and ends with the same report.
public final class Reprocessor: Sendable {
    let configuration: PipelineConfiguration
    let data: DataDirectory
    let store: any InvoiceStore
    let decider: Decider
    let bundleHash: String
    private let stopRequested = Atomic<Bool>(false)

    /// Results recorded in one transaction at most.
    static let batchSize = 32
    /// Results wait at most this long before they are recorded.
    static let batchInterval = Duration.milliseconds(200)

    /// - Parameters:
    ///   - configuration: the data directory, the tenants and the size limit (as the pipeline decides).
    ///   - bundleHash: the hash of the rules `validator` was made from.
    public init(
        configuration: PipelineConfiguration,
        validator: Validator,
        bundleHash: String,
        store: any InvoiceStore,
        extractTerms: @escaping @Sendable (XMLTree) -> ExtractedTerms?
    ) {
        self.configuration = configuration
        self.data = DataDirectory(path: configuration.dataDirectory)
        self.store = store
        self.bundleHash = bundleHash
        self.decider = Decider(
            validator: validator,
            bundleHash: bundleHash,
            extractTerms: extractTerms,
            tenants: TenantResolver(tenants: configuration.tenants, defaultTenant: configuration.defaultTenant),
            maxFileSize: configuration.maxFileSize
        )
    }

    /// Stops dispatching invoices; those in flight are finished and recorded, then `run` returns.
    public func requestStop() {
        stopRequested.store(true, ordering: .sequentiallyConsistent)
    }

    var isStopping: Bool { stopRequested.load(ordering: .sequentiallyConsistent) }

    /// The key of a run: SHA-256 over its filters and the bundle hash.
    public static func key(_ filter: ReprocessFilter, bundle: String) -> String {
        SHA256.hex(Array("eingang-reprocess/1\n\(filter.canonical)\nbundle=\(bundle)\n".utf8))
    }

    /// Whether a stored decision can be decided again: its original is archived, and it did not crash the daemon.
    static func canReprocess(_ decision: StoredDecision) -> Bool {
        decision.sha256 != nil && decision.reasonClass != "repeated_crash"
    }

    /// Runs (or resumes) the run that `options` describe and returns its summary; `complete` is false when it was
    /// stopped before the end.
    public func run(
        _ options: ReprocessOptions,
        observer: ReprocessObserver = ReprocessObserver()
    ) async throws
        -> ReprocessSummary
    {
        let key = Self.key(options.filter, bundle: bundleHash)
        var summary = ReprocessSummary(run: key, bundle: bundleHash, dryRun: options.dryRun)
        var selected: [StoredDecision] = []
        var skipped = 0
        try await forEachDecision(only: options.filter.receipt) { decision in
            guard options.filter.matches(decision) else { return }
            if Self.canReprocess(decision) { selected.append(decision) } else { skipped += 1 }
        }
        var work = Work(options: options, key: key)
        var resumed = false
        if options.dryRun {
            work.items = selected.map { ReprocessItem(receiptID: $0.receiptID, report: nil, applied: nil) }
        } else {
            let parameters = RunParameters(filter: options.filter, skipped: skipped)
            let run = try await store.startReprocessRun(
                key: key,
                parameters: try parameters.encoded(),
                bundle: bundleHash,
                receipts: selected.map(\.receiptID),
                at: Date()
            )
            resumed = run.resumed
            if run.resumed, let earlier = RunParameters.decoded(run.parameters) { skipped = earlier.skipped }
            work.run = run.id
            work.items = try await store.reprocessItems(run: run.id)
        }
        summary.selected = work.items.count
        summary.skipped = skipped
        work.decisions = Dictionary(selected.map { ($0.receiptID, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = Set(work.items.filter { !$0.isDone && work.decisions[$0.receiptID] == nil }.map(\.receiptID))
        if !missing.isEmpty {
            // A resumed run whose pending receipts no longer match its filters: decide them all the same.
            try await forEachDecision { decision in
                if missing.contains(decision.receiptID) { work.decisions[decision.receiptID] = decision }
            }
        }
        observer.started(work.items.count, work.items.filter(\.isDone).count, resumed)
        try await process(&work, summary: &summary, observer: observer)
        summary.complete = work.emitted == work.items.count
        if summary.complete, let run = work.run {
            try await store.finishReprocessRun(run, at: Date())
        }
        return summary
    }

    /// Pages through every stored decision, or reads the one of receipt `only`.
    private func forEachDecision(
        only: ReceiptID? = nil,
        _ body: (StoredDecision) throws -> Void
    ) async throws {
        if let only {
            for decision in try await store.storedDecisions(after: only - 1, limit: 1) { try body(decision) }
            return
        }
        var after: ReceiptID = 0
        while true {
            let page = try await store.storedDecisions(after: after, limit: 1000)
            guard let last = page.last else { return }
            for decision in page { try body(decision) }
            after = last.receiptID
        }
    }

    /// The filters and what they left out, kept with the run so that a resumed run reports the same.
    struct RunParameters: Codable {
        var filter: ReprocessFilter
        var skipped: Int

        func encoded() throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }

        static func decoded(_ text: String) -> RunParameters? {
            try? JSONDecoder().decode(RunParameters.self, from: Data(text.utf8))
        }
    }

    /// One invoice decided again, not yet recorded.
    struct Computed: Sendable {
        var invoice: ReprocessedInvoice
        var action: ReprocessAction
        var detail: String
    }

    /// The state of one run's processing.
    struct Work {
        let options: ReprocessOptions
        let key: String
        var run: Int64?
        /// Every receipt of the run, in receipt order.
        var items: [ReprocessItem] = []
        var decisions: [ReceiptID: StoredDecision] = [:]
        /// Recorded in this invocation, by index in `items`.
        var recorded: [Int: ReprocessedInvoice] = [:]
        /// Items handed to the observer so far (a prefix of `items`).
        var emitted = 0
    }

    /// Decides the pending items, `jobs` at a time, records the results in receipt order in batches, and hands
    /// every item to the observer in receipt order.
    private func process(_ work: inout Work, summary: inout ReprocessSummary, observer: ReprocessObserver) async throws
    {
        let pending = work.items.indices.filter { !work.items[$0].isDone }
        let jobs = max(1, work.options.jobs)
        // `jobs` invoices are decided at once; a batch's worth more wait for a slot, so that the jobs stay busy
        // while a batch is encoded and recorded.
        let slots = AsyncSemaphore(permits: jobs)
        let window = jobs + Self.batchSize
        emit(&work, summary: &summary, observer: observer)
        try await withThrowingTaskGroup(of: (Int, Computed).self) { group in
            var dispatched = 0
            var inFlight = 0
            var ready: [Int: Computed] = [:]
            var recordCursor = 0
            var lastRecorded = ContinuousClock.now
            func dispatch() throws {
                while inFlight < window, dispatched < pending.count, !isStopping,
                    dispatched < work.options.stopAfter ?? Int.max
                {
                    let index = pending[dispatched]
                    let receipt = work.items[index].receiptID
                    guard let decision = work.decisions[receipt] else { throw NoDecision(receipt: receipt) }
                    let key = work.key
                    group.addTask {
                        (index, try await slots.withPermit { try self.decideAgain(decision, runKey: key) })
                    }
                    dispatched += 1
                    inFlight += 1
                }
            }
            try dispatch()
            while inFlight > 0 {
                guard let (index, computed) = try await group.next() else { break }
                inFlight -= 1
                ready[index] = computed
                try dispatch()
                var batch: [(Int, Computed)] = []
                var cursor = recordCursor
                while cursor < dispatched, let next = ready[pending[cursor]] {
                    batch.append((pending[cursor], next))
                    cursor += 1
                }
                let due = ContinuousClock.now - lastRecorded >= Self.batchInterval
                guard !batch.isEmpty, batch.count >= Self.batchSize || inFlight == 0 || due else { continue }
                try await record(batch, in: &work)
                for (index, _) in batch { ready[index] = nil }
                recordCursor = cursor
                lastRecorded = ContinuousClock.now
                emit(&work, summary: &summary, observer: observer)
            }
        }
    }

    struct NoDecision: Error, CustomStringConvertible {
        var receipt: ReceiptID
        var description: String { "receipt \(receipt) has no stored decision to compare with" }
    }

    /// Records results in one transaction (nothing is stored in a dry run) with what the store did for each.
    private func record(_ batch: [(Int, Computed)], in work: inout Work) async throws {
        guard let run = work.run else {
            for (index, computed) in batch {
                var invoice = computed.invoice
                invoice.record(.nothing)
                work.recorded[index] = invoice
            }
            return
        }
        let results = try batch.map { _, computed in
            ReprocessResult(
                receiptID: computed.invoice.receiptID,
                report: try Self.encode(computed.invoice),
                action: computed.action,
                detail: computed.detail
            )
        }
        let applied = try await store.recordReprocessed(run: run, results, actor: work.options.actor, at: Date())
        for ((index, computed), outcome) in zip(batch, applied) {
            var invoice = computed.invoice
            invoice.record(outcome)
            work.recorded[index] = invoice
        }
    }

    /// Hands the next items to the observer, in receipt order, as far as they are done.
    private func emit(_ work: inout Work, summary: inout ReprocessSummary, observer: ReprocessObserver) {
        while work.emitted < work.items.count {
            let index = work.emitted
            let item = work.items[index]
            if let invoice = work.recorded.removeValue(forKey: index) {
                summary.add(invoice)
                observer.invoice(invoice, false)
            } else if let report = item.report, var invoice = Self.decode(report) {
                invoice.record(item.applied ?? .nothing)
                summary.add(invoice)
                observer.invoice(invoice, true)
            } else {
                return
            }
            work.emitted += 1
        }
    }

    /// Reads the stored original again, decides it, and compares the decision with the stored one.
    func decideAgain(_ decision: StoredDecision, runKey: String) throws -> Computed {
        guard let sha256 = decision.sha256 else { preconditionFailure("selected without an original") }
        var size = decision.size ?? -1
        var source: [UInt8]?
        if size < 0 || !decider.isTooLarge(size) {
            let bytes = try SystemCall.readFile(data.archive.path(of: sha256), limit: configuration.maxFileSize + 1)
            size = Int64(bytes.count)
            if !decider.isTooLarge(size) { source = bytes }
        }
        let verdict = decider.decide(source, size: size, sourceName: decision.sourceName)
        let invoice = ReprocessedInvoice(
            receiptID: decision.receiptID,
            sourceName: decision.sourceName,
            receivedAt: decision.receivedAt,
            sha256: sha256,
            tenant: decision.tenant,
            invoiceNumber: decision.invoiceNumber ?? verdict.identity?.invoiceNumber,
            sellerName: decision.sellerName ?? verdict.identity?.sellerName,
            before: DecisionState(decision),
            after: DecisionState(verdict)
        )
        let run = "reprocessing run \(runKey.prefix(12))"
        let bundle = "rule bundle \(bundleHash.prefix(12))"
        // The business terms are encoded only for an invoice that is booked now.
        switch (invoice.change, invoice.change == .newlyAccepted ? verdict.bookingDraft() : nil, verdict.rejection) {
        case (.newlyAccepted, let draft?, _):
            let rules = decision.ruleIDs.isEmpty ? "" : " " + decision.ruleIDs.joined(separator: " ")
            let detail =
                "\(run): accepted under \(bundle); rejection \(decision.entryID) (\(decision.reasonClass ?? "-")"
                + "\(rules), rule bundle \(decision.bundle?.prefix(12) ?? "-")) resolved"
            return Computed(invoice: invoice, action: .book(draft), detail: detail)
        case (.newlyRejected, _, let draft?):
            let reason = "rejected under \(bundle): \(draft.reason)"
            return Computed(invoice: invoice, action: .flag(reason: reason), detail: "\(run): \(reason)")
        default:
            return Computed(invoice: invoice, action: .none, detail: "")
        }
    }

    /// The report of one invoice, stored with its checkpoint and printed by `--json`: what `encoder` writes, made by
    /// SortedJSON (several times faster, and done for every invoice).
    static func encode(_ invoice: ReprocessedInvoice) throws -> String {
        String(decoding: try SortedJSON.encode(invoice, iso8601Dates: true), as: UTF8.self)
    }

    static func decode(_ report: String) -> ReprocessedInvoice? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(ReprocessedInvoice.self, from: Data(report.utf8))
    }

    /// An invoice as one line of JSON (`eingang reprocess --json`).
    public static func jsonLine(_ invoice: ReprocessedInvoice) throws -> String {
        try encode(invoice)
    }

    /// The summary as one line of JSON (`eingang reprocess --json`).
    public static func jsonLine(_ summary: ReprocessSummary) throws -> String {
        String(decoding: try encoder.encode(summary), as: UTF8.self)
    }

    /// The encoder of invoices and summaries: sorted keys, ISO 8601 dates, one line.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
