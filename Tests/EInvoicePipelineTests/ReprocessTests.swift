import EInvoicePipeline
import EInvoiceStore
import EInvoiceStoreSQLite
import EInvoiceTestSupport
import EInvoiceValidation
import Foundation
import GRDB
import Synchronization
import Testing

/// Reprocessing with real files, the real validator and a real SQLite store: a batch decided under a deliberately
/// altered rule bundle (``AlteredRules``) is decided again under the official one.
@Suite(.serialized) struct ReprocessTests {
    /// Collects what a run hands to its observer.
    final class Collector: Sendable {
        private let state = Mutex<(invoices: [ReprocessedInvoice], replayed: Int, started: [Int])>(([], 0, []))

        var observer: ReprocessObserver {
            ReprocessObserver(
                started: { total, done, _ in self.state.withLock { $0.started = [total, done] } },
                invoice: { invoice, replayed in
                    self.state.withLock {
                        $0.invoices.append(invoice)
                        if replayed { $0.replayed += 1 }
                    }
                }
            )
        }

        var invoices: [ReprocessedInvoice] { state.withLock { $0.invoices } }
        var replayed: Int { state.withLock { $0.replayed } }
        var started: [Int] { state.withLock { $0.started } }
    }

    /// The batch: 4 UBL and 4 CII invoices with a buyer reference (rejected by the altered BR-DE-15), two different
    /// files with the same seller and invoice number (both rejected), the invoice without a buyer reference
    /// (booked under the altered rules), the wrong total (BR-CO-15, and BR-DE-15 under the altered rules) and a
    /// file that is no XML.
    static func dropBatch(into harness: PipelineHarness) throws {
        let ubl = try PipelineHarness.sample("ubl-invoice-valid.xml")
        let cii = try PipelineHarness.sample("cii-invoice-valid.xml")
        for index in 0..<4 {
            try harness.drop(
                Array(ubl.replacingOccurrences(of: "NL-2026-00417", with: "U-\(index)").utf8),
                as: "ubl-\(index).xml"
            )
            try harness.drop(
                Array(cii.replacingOccurrences(of: "NL-2026-00419", with: "C-\(index)").utf8),
                as: "cii-\(index).xml"
            )
        }
        let same = ubl.replacingOccurrences(of: "NL-2026-00417", with: "S-1")
        try harness.drop(Array((same + "<!-- first -->\n").utf8), as: "same-a.xml")
        try harness.drop(Array((same + "<!-- second -->\n").utf8), as: "same-b.xml")
        try harness.dropSample("ubl-invoice-missing-buyer-reference.xml", as: "missing.xml")
        try harness.dropSample("cii-invoice-wrong-total.xml", as: "wrong-total.xml")
        try harness.drop(Array("this is no invoice".utf8), as: "garbage.xml")
    }

    /// A harness whose store holds the batch as the altered rules decided it.
    static func decidedUnderAlteredRules() async throws -> PipelineHarness {
        let harness = try PipelineHarness()
        try dropBatch(into: harness)
        let summary = try await harness.pipeline(with: PipelineHarness.alteredValidator).run(once: true)
        #expect(summary.outcomes == [.booked: 1, .rejected: 12])
        return harness
    }

    static let expectedChanges: [String: ReprocessChange] = [
        "ubl-0.xml": .newlyAccepted, "ubl-1.xml": .newlyAccepted, "ubl-2.xml": .newlyAccepted,
        "ubl-3.xml": .newlyAccepted, "cii-0.xml": .newlyAccepted, "cii-1.xml": .newlyAccepted,
        "cii-2.xml": .newlyAccepted, "cii-3.xml": .newlyAccepted, "same-a.xml": .newlyAccepted,
        "same-b.xml": .newlyAccepted, "missing.xml": .newlyRejected, "wrong-total.xml": .findingsChanged,
    ]

    static func changed(_ invoices: [ReprocessedInvoice]) -> [String: ReprocessChange] {
        Dictionary(
            invoices.filter { $0.change != .unchanged }.map { ($0.sourceName, $0.change) },
            uniquingKeysWith: { first, _ in first }
        )
    }

    @Test(.timeLimit(.minutes(5))) func listsExactlyTheChangedInvoicesAndBooksTheNewlyAcceptedOnce() async throws {
        let harness = try await Self.decidedUnderAlteredRules()
        let altered = try PipelineHarness.alteredValidator.1.bundleHash
        let official = try PipelineHarness.validator.get().1.bundleHash
        #expect(altered != official)

        let collector = Collector()
        let summary = try await harness.reprocessor().run(ReprocessOptions(jobs: 2), observer: collector.observer)
        let invoices = collector.invoices
        #expect(invoices.count == 13)
        #expect(invoices.map(\.receiptID) == invoices.map(\.receiptID).sorted(), "in receipt order")
        #expect(Self.changed(invoices) == Self.expectedChanges)
        #expect(invoices.first { $0.sourceName == "garbage.xml" }?.change == .unchanged)

        #expect(summary.complete)
        #expect(summary.selected == 13)
        #expect(summary.processed == 13)
        #expect(summary.changes == [.unchanged: 1, .newlyAccepted: 10, .newlyRejected: 1, .findingsChanged: 1])
        #expect(summary.actions == [.none: 2, .booked: 9, .held: 1, .flagged: 1])
        #expect(summary.rules == ["BR-DE-15": .init(newlyFailing: 1, newlyPassing: 11)])
        #expect(summary.bundle == official)

        let wrongTotal = try #require(invoices.first { $0.sourceName == "wrong-total.xml" })
        #expect(wrongTotal.before.ruleIDs == ["BR-CO-15", "BR-DE-15"])
        #expect(wrongTotal.before.bundle == altered)
        #expect(wrongTotal.after.ruleIDs == ["BR-CO-15"])
        #expect(wrongTotal.after.bundle == official)
        #expect(wrongTotal.newlyPassing == ["BR-DE-15"])

        // Booked exactly once, under the official bundle; the second file with the same seller and number is held.
        let bookings = try await harness.store.bookings(after: 0, limit: 100)
        #expect(bookings.count == 10)
        #expect(Set(bookings.map(\.receiptID)).count == 10)
        #expect(bookings.filter { $0.bundle == official }.count == 9)
        #expect(bookings.filter { $0.invoiceNumber == "S-1" }.count == 1)
        let held = try #require(invoices.first { $0.action == .held })
        #expect(held.sourceName == "same-b.xml")
        #expect(held.bookingID == invoices.first { $0.sourceName == "same-a.xml" }?.bookingID)

        // Never unbooked: the invoice the official rules reject stays booked, flagged for a clerk.
        let missing = try #require(bookings.first { $0.sourceName == "missing.xml" })
        #expect(missing.bundle == altered)
        #expect(missing.flag?.contains("BR-DE-15") == true)
        #expect(bookings.filter { $0.flag != nil }.count == 1)

        let rejections = try await harness.store.rejections(after: 0, limit: 100)
        #expect(rejections.filter { $0.status == .resolved }.count == 10)
        #expect(
            Set(rejections.filter { $0.status == .open }.map(\.sourceName)) == ["wrong-total.xml", "garbage.xml"]
        )
        let counts = try await harness.store.outcomeCounts()
        #expect(counts == [.booked: 10, .suspectedDuplicate: 1, .rejected: 2])

        let audit = try await harness.store.auditEntries(after: 0, limit: 100)
        #expect(audit.count == 11)
        #expect(audit.filter { $0.action == "reprocess.booked" }.count == 9)
        #expect(audit.filter { $0.action == "reprocess.held" }.count == 1)
        #expect(audit.filter { $0.action == "reprocess.flagged" }.count == 1)
        #expect(audit.allSatisfy { $0.bundle == official && $0.actor == "eingang reprocess" })
        for entry in audit where entry.action == "reprocess.booked" {
            let booking = try #require(bookings.first { $0.id == entry.bookingID })
            #expect(booking.receiptID == entry.receiptID)
            #expect(rejections.first { $0.id == entry.rejectionID }?.receiptID == entry.receiptID)
        }

        // The same command again changes nothing in the store.
        let before = try DatabaseDump.tables(harness.data.databasePath, except: ["reprocess_run", "reprocess_item"])
        let again = Collector()
        let second = try await harness.reprocessor().run(ReprocessOptions(jobs: 2), observer: again.observer)
        #expect(second.complete)
        #expect(second.changes == [.unchanged: 11, .newlyRejected: 1, .findingsChanged: 1])
        #expect(second.actions == [.none: 12, .alreadyFlagged: 1])
        #expect(
            try DatabaseDump.tables(harness.data.databasePath, except: ["reprocess_run", "reprocess_item"]) == before
        )
    }

    @Test(.timeLimit(.minutes(5))) func aDryRunChangesNothingInTheStore() async throws {
        let harness = try await Self.decidedUnderAlteredRules()
        let before = try DatabaseDump.tables(harness.data.databasePath)
        let files = harness.files(in: "data")
        let collector = Collector()
        let summary = try await harness.reprocessor().run(
            ReprocessOptions(jobs: 2, dryRun: true),
            observer: collector.observer
        )
        #expect(try DatabaseDump.tables(harness.data.databasePath) == before)
        #expect(harness.files(in: "data") == files)
        #expect(summary.dryRun)
        #expect(summary.complete)
        #expect(Self.changed(collector.invoices) == Self.expectedChanges)
        #expect(summary.changes == [.unchanged: 1, .newlyAccepted: 10, .newlyRejected: 1, .findingsChanged: 1])
        #expect(summary.actions == [.none: 13])
        #expect(collector.invoices.allSatisfy { $0.action == ReprocessedInvoice.Action.none })
    }

    @Test(.timeLimit(.minutes(5))) func anInterruptedRunResumesAndEndsAsAnUninterruptedOne() async throws {
        let harness = try await Self.decidedUnderAlteredRules()
        // A second, identical installation: a copy of the data directory.
        let copy = try TemporaryDirectory(prefix: "eingang-reprocess-copy")
        try FileManager.default.copyItem(atPath: harness.data.path, toPath: copy.path("data"))
        var copyConfiguration = harness.configuration
        copyConfiguration.dataDirectory = copy.path("data")
        let copyStore = try SQLiteStore(path: copy.path("data/eingang.sqlite"))
        let (validator, bundle) = try PipelineHarness.validator.get()
        let uninterrupted = Collector()
        let whole = try await Reprocessor(
            configuration: copyConfiguration,
            validator: validator,
            bundleHash: bundle.bundleHash,
            store: copyStore,
            extractTerms: BookingTerms.extract
        ).run(ReprocessOptions(jobs: 2), observer: uninterrupted.observer)

        // Stopped after 3, then after 4 more, then to the end.
        let first = Collector()
        let part1 = try await harness.reprocessor().run(
            ReprocessOptions(jobs: 2, stopAfter: 3),
            observer: first.observer
        )
        #expect(!part1.complete)
        #expect(part1.processed == 3)
        #expect(first.started == [13, 0])
        let second = Collector()
        let part2 = try await harness.reprocessor().run(
            ReprocessOptions(jobs: 2, stopAfter: 4),
            observer: second.observer
        )
        #expect(!part2.complete)
        #expect(part2.processed == 7)
        #expect(second.started == [13, 3])
        #expect(second.replayed == 3)
        let last = Collector()
        let final = try await harness.reprocessor().run(ReprocessOptions(jobs: 2), observer: last.observer)
        #expect(final.complete)
        #expect(last.started == [13, 7])
        #expect(last.replayed == 7)

        #expect(final == whole)
        #expect(last.invoices.map(Self.comparable) == uninterrupted.invoices.map(Self.comparable))
        // The same bookings, holds and flags in both stores; every invoice booked once.
        #expect(try await Self.state(harness.store) == Self.state(copyStore))
        #expect(try await harness.store.auditEntries(after: 0, limit: 100).count == 11)
        #expect(try await harness.store.bookings(after: 0, limit: 100).count == 10)
    }

    /// The JSON line of an invoice (stored with its checkpoint, printed by `--json`) is what JSONEncoder writes.
    @Test func anInvoiceLineIsWhatJSONEncoderWrites() throws {
        let line = [
            #"{"action":"booked","after":{"bundle":"b2","decision":"accepted","rule_ids":[]},"#,
            #""before":{"bundle":"b1","decision":"rejected","reason_class":"rules","rule_ids":["BR-DE-15"]},"#,
            #""booking_id":7,"change":"newly_accepted","invoice_number":"R-1 \"<x>\"","newly_failing":[],"#,
            #""newly_passing":["BR-DE-15"],"receipt_id":3,"received_at":"2026-11-29T11:52:42Z","#,
            #""seller_name":"Müller/Söhne","sha256":"ab","source_name":"a.xml","tenant":"default","type":"invoice"}"#,
        ].joined()
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let invoice = try decoder.decode(ReprocessedInvoice.self, from: Data(line.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        #expect(try Reprocessor.jsonLine(invoice) == String(decoding: try encoder.encode(invoice), as: UTF8.self))
        #expect(try Reprocessor.jsonLine(invoice) == line)
    }

    /// An invoice's report without its dates (the copy's receipts have the same dates anyway).
    static func comparable(_ invoice: ReprocessedInvoice) -> String {
        (try? Reprocessor.jsonLine(invoice)) ?? ""
    }

    /// What reprocessing changes, comparable across two stores.
    static func state(_ store: any InvoiceStore) async throws -> [String] {
        var lines: [String] = []
        for booking in try await store.bookings(after: 0, limit: 1000) {
            lines.append(
                "booking \(booking.receiptID) \(booking.invoiceNumber) \(booking.bundle) \(booking.flag ?? "-")"
            )
        }
        for rejection in try await store.rejections(after: 0, limit: 1000) {
            lines.append("rejection \(rejection.receiptID) \(rejection.status.rawValue)")
        }
        for receipt in try await store.receipts(after: 0, limit: 1000) {
            lines.append("receipt \(receipt.id) \(receipt.outcome?.rawValue ?? "-")")
        }
        for entry in try await store.auditEntries(after: 0, limit: 1000) {
            lines.append(
                "audit \(entry.action) \(entry.receiptID ?? 0) \(entry.bookingID ?? 0) \(entry.rejectionID ?? 0)"
            )
        }
        return lines
    }

    @Test(.timeLimit(.minutes(5))) func filtersSelectByStatusSenderRuleAndDate() async throws {
        let harness = try await Self.decidedUnderAlteredRules()
        func run(_ filter: ReprocessFilter) async throws -> [String] {
            let collector = Collector()
            _ = try await harness.reprocessor().run(
                ReprocessOptions(filter: filter, jobs: 2, dryRun: true),
                observer: collector.observer
            )
            return collector.invoices.map(\.sourceName).sorted()
        }
        #expect(try await run(ReprocessFilter(status: .accepted)) == ["missing.xml"])
        #expect(try await run(ReprocessFilter(status: .rejected)).count == 12)
        #expect(try await run(ReprocessFilter(rule: "BR-CO-15")) == ["wrong-total.xml"])
        #expect(try await run(ReprocessFilter(status: .rejected, rule: "BR-DE-15")).count == 11)
        // The samples' seller: VAT id DE999999999 (stored as its key for bookings and rejections alike).
        #expect(try await run(ReprocessFilter(sender: "de 999 999 999")).count == 12)
        #expect(try await run(ReprocessFilter(sender: "vat:DE999999999")).count == 12)
        #expect(try await run(ReprocessFilter(sender: "nordlicht bürobedarf gmbh")).count == 12)
        #expect(try await run(ReprocessFilter(sender: "DE123456789")).isEmpty)
        let tomorrow = Date().addingTimeInterval(86_400)
        #expect(try await run(ReprocessFilter(since: tomorrow)).isEmpty)
        #expect(try await run(ReprocessFilter(before: tomorrow)).count == 13)
    }
}

/// Every row of every table of a SQLite database, as text: a full dump to compare before and after.
enum DatabaseDump {
    static func tables(_ path: String, except excluded: Set<String> = []) throws -> [String: [String]] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            var dump: [String: [String]] = [:]
            let names = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            for name in names where !excluded.contains(name) {
                dump[name] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(name)\" ORDER BY 1").map(\.description)
            }
            return dump
        }
    }
}
