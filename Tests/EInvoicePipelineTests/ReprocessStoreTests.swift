import EInvoiceStore
import EInvoiceTestSupport
import Foundation
import GRDB
import Testing

@testable import EInvoiceStoreSQLite

/// The store's side of reprocessing on real SQLite files: migration v2 on a database of v1, the append-only audit
/// trail. (Checkpoints and flags run on both stores: EInvoiceStoreTests/ReprocessingStoreTests.)
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
        let daemon = try await store.registerDaemon(DaemonRegistration(host: "test", processID: 1))
        let id = try #require(
            try await store.recordClaims(
                [ClaimRequest(sourceName: name, sourceKey: "")],
                by: daemon,
                receivedAt: Date()
            )[0]
        )
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
