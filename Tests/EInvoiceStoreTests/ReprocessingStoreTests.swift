import EInvoiceStore
import EInvoiceTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The store's side of reprocessing (written by the reprocessing branch for SQLite), on both stores: checkpoints
/// that never count an invoice twice, flags instead of unbooking, the audit trail.
@Suite struct ReprocessingStoreTests {
    static func booking(_ number: String, bundle: String = "new") -> BookingDraft {
        BookingDraft(
            tenant: "default",
            invoiceNumber: number,
            sellerName: "Nordlicht",
            sellerKey: "vat:DE1",
            payableAmount: "1.00",
            currency: "EUR",
            issueDate: "2026-03-16",
            termsJSON: "{}",
            bundle: bundle
        )
    }

    /// A settled receipt with the given settlement.
    static func settled(
        _ store: any InvoiceStore,
        _ name: String,
        _ settlement: Settlement
    ) async throws -> ReceiptID {
        let daemon = try await store.registerDaemon(Fixtures.host)
        let id = try await Fixtures.archived(store, [name], by: daemon)[0]
        _ = try await store.settle(id, settlement, at: Date())
        return id
    }

    @Test(arguments: StoreKind.tested)
    func recordingAResultTwiceBooksOnceAndKeepsTheFirstResult(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let rejected = try await Self.settled(
                store,
                "a.xml",
                .rejection(RejectionDraft(tenant: "default", reasonClass: "rules", reason: "r", ruleIDs: ["BR-DE-15"]))
            )
            let run = try await store.startReprocessRun(
                key: "k",
                parameters: "{}",
                bundle: "new",
                receipts: [rejected],
                at: Date()
            )
            #expect(!run.resumed)
            let result = ReprocessResult(
                receiptID: rejected,
                report: "first",
                action: .book(Self.booking("N-1")),
                detail: "d"
            )
            let first = try await store.recordReprocessed(run: run.id, [result], actor: "test", at: Date())
            guard case .booked(let bookingID) = first.first else {
                Issue.record("not booked: \(first)")
                return
            }
            var again = result
            again.report = "second"
            let second = try await store.recordReprocessed(run: run.id, [again], actor: "test", at: Date())
            #expect(second == first)
            #expect(try await store.bookings(after: 0, limit: 10).map(\.id) == [bookingID])
            #expect(
                try await store.reprocessItems(run: run.id) == [
                    ReprocessItem(receiptID: rejected, report: "first", applied: first[0])
                ]
            )
            #expect(try await store.rejections(after: 0, limit: 10).map(\.status) == [.resolved])
            #expect(try await store.receipt(rejected)?.outcome == .booked)
            let audit = try await store.auditEntries(after: 0, limit: 10)
            #expect(audit.count == 1)
            #expect(audit.first?.bundle == "new")
            #expect(audit.first?.detail == "d")

            // A new run with the same key resumes the unfinished one; once finished, the key starts a new run.
            let resumed = try await store.startReprocessRun(
                key: "k",
                parameters: "{}",
                bundle: "new",
                receipts: [],
                at: Date()
            )
            #expect(resumed.resumed)
            #expect(resumed.id == run.id)
            #expect(resumed.total == 1)
            try await store.finishReprocessRun(run.id, at: Date())
            let next = try await store.startReprocessRun(
                key: "k",
                parameters: "{}",
                bundle: "new",
                receipts: [rejected],
                at: Date()
            )
            #expect(!next.resumed)
            #expect(next.id != run.id)
            // The receipt is booked now: booking it again does nothing.
            let none = try await store.recordReprocessed(run: next.id, [result], actor: "test", at: Date())
            #expect(none == [.nothing])
            #expect(try await store.bookings(after: 0, limit: 10).count == 1)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aFlagIsSetOnceAndBookingsAreNeverUnbooked(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let booked = try await Self.settled(store, "a.xml", .booking(Self.booking("N-1", bundle: "old")))
            let flag = ReprocessResult(receiptID: booked, report: "r", action: .flag(reason: "fails BR-X"), detail: "d")
            let run = try await store.startReprocessRun(
                key: "k",
                parameters: "{}",
                bundle: "new",
                receipts: [booked],
                at: Date()
            )
            #expect(try await store.recordReprocessed(run: run.id, [flag], actor: "test", at: Date()) == [.flagged])
            try await store.finishReprocessRun(run.id, at: Date())
            let next = try await store.startReprocessRun(
                key: "k",
                parameters: "{}",
                bundle: "new",
                receipts: [booked],
                at: Date()
            )
            #expect(
                try await store.recordReprocessed(run: next.id, [flag], actor: "test", at: Date()) == [.alreadyFlagged]
            )
            let bookings = try await store.bookings(after: 0, limit: 10)
            #expect(bookings.map(\.flag) == ["fails BR-X"])
            #expect(bookings.map(\.bundle) == ["old"])
            #expect(try await store.auditEntries(after: 0, limit: 10).map(\.action) == ["reprocess.flagged"])
            #expect(try await store.storedDecisions(after: 0, limit: 10).map(\.flag) == ["fails BR-X"])
        }
    }
}
