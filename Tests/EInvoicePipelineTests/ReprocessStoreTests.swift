import EInvoiceStore
import EInvoiceTestSupport
import Foundation
import GRDB
import Testing

@testable import EInvoiceStoreSQLite

/// The store's side of reprocessing on real SQLite files: migration v2 on a database of v1, checkpoints that never
/// count an invoice twice, the append-only audit trail.
@Suite struct ReprocessStoreTests {
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
    static func settled(_ store: SQLiteStore, _ name: String, _ settlement: Settlement) async throws -> ReceiptID {
        let id = try await store.recordClaims(sourceNames: [name], receivedAt: Date())[0]
        try await store.markClaimed([id])
        _ = try await store.beginDecision(id, sha256: String(repeating: "0", count: 63) + "\(id % 10)", size: 10)
        _ = try await store.settle(id, settlement, at: Date())
        return id
    }

    @Test func aVersionOneDatabaseMigratesAndKeepsItsDecisions() async throws {
        let directory = try TemporaryDirectory(prefix: "eingang-store")
        let path = directory.path("eingang.sqlite")
        let queue = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(queue, upTo: "v1")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO receipt (id, source_name, received_at, state, sha256, size, outcome)
                        VALUES (1, 'a.xml', 0, 'settled', 'aa', 1, 'rejected'),
                               (2, 'b.xml', 0, 'settled', 'bb', 1, 'booked');
                    INSERT INTO rejection (receipt_id, tenant, reason_class, reason, rule_ids, seller_name, bundle,
                        rejected_at) VALUES (1, 'default', 'rules', 'r', 'BR-DE-15 BR-CO-15', 'Nordlicht', 'old', 0);
                    INSERT INTO booking (receipt_id, tenant, invoice_number, seller_key, terms, bundle, booked_at)
                        VALUES (2, 'default', 'N-2', 'vat:DE1', '{}', 'old', 0);
                    """
            )
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        let decisions = try await store.storedDecisions(after: 0, limit: 10)
        #expect(decisions.map(\.kind) == [.rejected, .booked])
        #expect(decisions[0].ruleIDs == ["BR-CO-15", "BR-DE-15"])
        #expect(decisions[0].sellerKey == nil)
        #expect(decisions[0].sellerName == "Nordlicht")
        #expect(decisions[1].sellerKey == "vat:DE1")
        #expect(decisions[1].flag == nil)
        #expect(try await store.auditEntries(after: 0, limit: 10).isEmpty)
    }

    @Test func recordingAResultTwiceBooksOnceAndKeepsTheFirstResult() async throws {
        let directory = try TemporaryDirectory(prefix: "eingang-store")
        let store = try SQLiteStore(path: directory.path("eingang.sqlite"))
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

    @Test func aFlagIsSetOnceAndBookingsAreNeverUnbooked() async throws {
        let directory = try TemporaryDirectory(prefix: "eingang-store")
        let store = try SQLiteStore(path: directory.path("eingang.sqlite"))
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
        #expect(try await store.recordReprocessed(run: next.id, [flag], actor: "test", at: Date()) == [.alreadyFlagged])
        let bookings = try await store.bookings(after: 0, limit: 10)
        #expect(bookings.map(\.flag) == ["fails BR-X"])
        #expect(bookings.map(\.bundle) == ["old"])
        #expect(try await store.auditEntries(after: 0, limit: 10).map(\.action) == ["reprocess.flagged"])
        #expect(try await store.storedDecisions(after: 0, limit: 10).map(\.flag) == ["fails BR-X"])
    }

    @Test func theAuditTrailIsAppendOnly() async throws {
        let directory = try TemporaryDirectory(prefix: "eingang-store")
        let path = directory.path("eingang.sqlite")
        let store = try SQLiteStore(path: path)
        let booked = try await Self.settled(store, "a.xml", .booking(Self.booking("N-1")))
        let run = try await store.startReprocessRun(
            key: "k",
            parameters: "{}",
            bundle: "new",
            receipts: [booked],
            at: Date()
        )
        let flag = ReprocessResult(receiptID: booked, report: "r", action: .flag(reason: "x"), detail: "d")
        _ = try await store.recordReprocessed(run: run.id, [flag], actor: "test", at: Date())
        let queue = try DatabaseQueue(path: path)
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "UPDATE audit SET actor = 'someone'") }
        }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit") } }
        #expect(try await store.auditEntries(after: 0, limit: 10).map(\.actor) == ["test"])
    }
}
