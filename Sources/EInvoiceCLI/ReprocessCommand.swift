import ArgumentParser
import EInvoicePipeline
import EInvoiceStore
import EInvoiceValidation
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `eingang reprocess`: decides stored invoices again from their archived originals and reports what changes.
struct ReprocessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract: "Decide stored invoices again with the current rules or another bundle, and show what changes.",
        discussion: """
            Lists every invoice whose decision or error-level findings change, then a summary (--json: one object per \
            invoice and a summary object). Without --dry-run, newly accepted invoices are booked (or held as \
            suspected duplicates) and their rejections resolved; booked invoices that now fail are flagged for a \
            clerk, never unbooked. Ctrl-C stops after the invoices in flight; the same command resumes. Exit status: \
            0 when the run is complete, 1 when it stopped before the end, 2 for usage or configuration errors.
            """
    )

    enum Status: String, ExpressibleByArgument, CaseIterable {
        case rejected, accepted, all

        var filter: ReprocessFilter.Status {
            switch self {
            case .rejected: .rejected
            case .accepted: .accepted
            case .all: .all
            }
        }
    }

    @Option(help: "Which stored decisions: rejected, accepted (booked or held) or all.")
    var status: Status = .all

    @Option(help: "Received on or after this day (YYYY-MM-DD, UTC) or instant (ISO 8601 with zone).")
    var since: String?

    @Option(help: "Received on or before this day (YYYY-MM-DD, UTC) or instant (ISO 8601 with zone).")
    var until: String?

    @Option(help: "The seller: its VAT id or other identifier as stored, or its name as stored.")
    var sender: String?

    @Option(name: .customLong("rule"), help: "Rejections that failed this rule id (e.g. BR-DE-15).")
    var rule: String?

    @Option(
        name: .customLong("rules"),
        help:
            "Decide with the rule bundle in this directory (default: the configured rules); it may differ from the pinned bundle."
    )
    var rulesDirectory: String?

    @Option(help: "Invoices validated in parallel.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .customLong("dry-run"), help: "Only compare: change nothing in the store.")
    var dryRun = false

    @Flag(help: "Print one JSON object per invoice and a summary object.")
    var json = false

    @OptionGroup var store: StoreOptions

    @Option(help: .hidden)
    var stopAfter: Int?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let stopAfter, stopAfter < 0 { throw ValidationError("--stop-after must not be negative") }
    }

    func run() async throws {
        let reprocessor: Reprocessor
        let options: ReprocessOptions
        let opened: OpenedStore
        do {
            let configuration = try store.configuration()
            let filter = ReprocessFilter(
                status: status.filter,
                since: try since.map { try ReprocessFilter.bound($0, first: true) },
                before: try until.map { try ReprocessFilter.bound($0, first: false) },
                sender: sender,
                rule: rule
            )
            let locations = try Setup.locate(rulesDirectory: rulesDirectory ?? configuration.rulesDirectory)
            // A bundle named on the command line is a new one by intent: it is used unpinned, and every decision
            // records its own hash.
            let (validator, bundle) = try Validator.makeStandard(
                rulesDirectory: locations.rules,
                schemasDirectory: locations.schemas,
                acceptUnpinned: rulesDirectory != nil || configuration.acceptUnpinnedRules
            )
            if !bundle.isPinned && !json {
                Self.note(
                    "the rules in \(locations.rules) are not the pinned bundle; its hash \(bundle.bundleHash) is recorded"
                )
            }
            opened = try await StoreLocation(configuration).open()
            reprocessor = Reprocessor(
                configuration: configuration,
                validator: validator,
                bundleHash: bundle.bundleHash,
                store: opened.store,
                extractTerms: BookingTerms.extract
            )
            options = ReprocessOptions(filter: filter, jobs: jobs, dryRun: dryRun, stopAfter: stopAfter)
        } catch {
            FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let progress = ProgressDisplay(label: "reprocess", enabled: !json)
        let json = json
        let observer = ReprocessObserver(
            started: { total, done, resumed in
                if resumed && !json {
                    Self.note("resuming the interrupted run: \(done) of \(total) invoices are done")
                }
                progress?.start(total: total, done: done)
            },
            invoice: { invoice, _ in
                Self.print(invoice, json: json, progress: progress)
            }
        )
        let service = ReprocessService(reprocessor: reprocessor, options: options, observer: observer)
        let logger = Logger(label: "eingang.reprocess", factory: { _ in SwiftLogNoOpLogHandler() })
        // The store's connections (PostgreSQL) first, so that they outlive the reprocessing's graceful shutdown.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if let storeService = opened.service { services.append(.init(service: storeService)) }
        services.append(.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup))
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            progress?.clear()
            FileHandle.standardError.write(Data("eingang: \(error)\n".utf8))
            throw ExitCode(1)
        }
        progress?.clear()
        guard let summary = service.summary else { throw ExitCode(1) }
        if json {
            Swift.print(try Reprocessor.jsonLine(summary))
        } else {
            Swift.print(Self.text(summary))
        }
        if !summary.complete {
            Self.note(
                "stopped after \(summary.processed) of \(summary.selected) invoices"
                    + (summary.dryRun ? " (dry run: nothing is kept)" : "; the same command continues the run")
            )
            throw ExitCode(1)
        }
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data("eingang: \(text)\n".utf8))
    }

    static let printed = Mutex(0)

    /// One invoice: every one as JSON, only changed ones as text.
    static func print(_ invoice: ReprocessedInvoice, json: Bool, progress: ProgressDisplay?) {
        let done = printed.withLock { count in
            count += 1
            return count
        }
        if json {
            progress?.beforeOutput()
            Swift.print((try? Reprocessor.jsonLine(invoice)) ?? "{}")
            // A line at a time, also into a pipe: whoever follows the run sees each invoice as it is recorded.
            fflush(nil)
        } else if invoice.change != .unchanged {
            progress?.beforeOutput()
            Swift.print(line(invoice))
        }
        progress?.update(done: done)
    }

    /// `12  newly_accepted  booked  NL-2026-00417  "inbox/a.xml"  -BR-DE-15 +BR-CO-15`, tab-separated.
    static func line(_ invoice: ReprocessedInvoice) -> String {
        let rules = (invoice.newlyFailing.map { "+" + $0 } + invoice.newlyPassing.map { "-" + $0 })
            .joined(separator: " ")
        return [
            "\(invoice.receiptID)", invoice.change.rawValue, invoice.action?.rawValue ?? "none",
            invoice.invoiceNumber ?? "-", invoice.sourceName.debugDescription, rules.isEmpty ? "-" : rules,
        ].joined(separator: "\t")
    }

    static func text(_ summary: ReprocessSummary) -> String {
        let changes = summary.changes
        var lines = [
            "reprocessed \(summary.processed) of \(summary.selected) invoice(s) with rule bundle "
                + "\(summary.bundle.prefix(12)): \(changes[.unchanged] ?? 0) unchanged, "
                + "\(changes[.newlyAccepted] ?? 0) newly accepted, \(changes[.newlyRejected] ?? 0) newly rejected, "
                + "\(changes[.findingsChanged] ?? 0) with other findings"
        ]
        if summary.dryRun {
            lines.append("dry run: nothing was changed")
        } else {
            let actions = summary.actions
            lines.append(
                "booked \(actions[.booked] ?? 0), held as suspected duplicates \(actions[.held] ?? 0), "
                    + "flagged for a clerk \(actions[.flagged] ?? 0) (already flagged \(actions[.alreadyFlagged] ?? 0))"
            )
        }
        if summary.skipped > 0 {
            lines.append("skipped \(summary.skipped): no archived original, or rejected as repeated_crash")
        }
        for (rule, counts) in summary.rules.sorted(by: { $0.key < $1.key }) {
            lines.append("\(rule): newly failing \(counts.newlyFailing), newly passing \(counts.newlyPassing)")
        }
        return lines.joined(separator: "\n")
    }
}

/// A reprocessing run as a service of swift-service-lifecycle: SIGINT or SIGTERM stops it after the invoices in
/// flight.
final class ReprocessService: Service, @unchecked Sendable {
    let reprocessor: Reprocessor
    let options: ReprocessOptions
    let observer: ReprocessObserver
    /// Set once `run` has returned (read after the service group ended).
    private(set) var summary: ReprocessSummary?

    init(reprocessor: Reprocessor, options: ReprocessOptions, observer: ReprocessObserver) {
        self.reprocessor = reprocessor
        self.options = options
        self.observer = observer
    }

    func run() async throws {
        let reprocessor = reprocessor
        let options = options
        let observer = observer
        summary = try await withGracefulShutdownHandler {
            try await reprocessor.run(options, observer: observer)
        } onGracefulShutdown: {
            reprocessor.requestStop()
        }
    }
}
