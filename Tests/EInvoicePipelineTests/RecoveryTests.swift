import EInvoicePipeline
import EInvoiceStore
import EInvoiceTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A restart after `kill -9` at each point of a file's way: every claimed file is finished exactly once.
@Suite(.serialized) struct RecoveryTests {
    /// Builds the states a crash can leave behind, with the store's own calls and real files, then restarts.
    @Test func finishesWhatACrashLeftAtEveryStep() async throws {
        let harness = try PipelineHarness()
        let store = harness.store
        let data = harness.data
        let earlier = try await store.registerDaemon(DaemonRegistration(host: "test", processID: 1))
        func claim(_ name: String, key: String = "") async throws -> ReceiptID {
            try #require(
                try await store.recordClaims(
                    [ClaimRequest(sourceName: name, sourceKey: key)],
                    by: earlier,
                    receivedAt: Date()
                )[0]
            )
        }
        let valid = try PipelineHarness.sample("ubl-invoice-valid.xml")
        func invoice(_ number: Int) -> [UInt8] {
            Array(valid.replacingOccurrences(of: "NL-2026-00417", with: "NL-2026-9\(number)").utf8)
        }
        // 1. Claim of an older version (no file key) recorded, file not moved yet: still in the inbox → forgotten,
        // then taken by the scan.
        let notMoved = try await claim("not-moved.xml")
        try harness.drop(invoice(1), as: "not-moved.xml")
        // 1b. The same with the file's key: moved under its receipt.
        let keyedPath = try harness.drop(invoice(8), as: "not-moved-keyed.xml")
        var info = stat()
        _ = lstat(keyedPath, &info)
        let keyed = try await claim(
            "not-moved-keyed.xml",
            key: "\(info.st_ino)-\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)-\(info.st_size)"
        )
        // 2. Claim recorded, file moved, state not yet updated.
        let moved = try await claim("moved.xml")
        try harness.directory.write(invoice(2), to: "data/work/\(moved)")
        // 3. Claimed, not archived.
        let claimed = try await claim("claimed.xml")
        try harness.directory.write(invoice(3), to: "data/work/\(claimed)")
        try await store.markClaimed([claimed])
        // 4. Archived, not decided (the archive step itself is repeated: write-once).
        let archived = try await claim("archived.xml")
        try harness.directory.write(invoice(4), to: "data/work/\(archived)")
        try await store.markClaimed([archived])
        let stored = try data.archive.store(fileAt: data.path + "/work/\(archived)")
        _ = try await store.beginDecision(archived, sha256: stored.sha256, size: stored.size)
        // 5. Settled, but the work file was not removed yet.
        let settled = try await claim("settled.xml")
        try harness.directory.write(invoice(5), to: "data/work/\(settled)")
        try await store.markClaimed([settled])
        let settledHash = try data.archive.store(fileAt: data.path + "/work/\(settled)")
        _ = try await store.beginDecision(settled, sha256: settledHash.sha256, size: settledHash.size)
        _ = try await store.settle(
            settled,
            .rejection(RejectionDraft(tenant: "default", reasonClass: "rules", reason: "test")),
            at: Date()
        )
        // 6. Claim recorded, file gone from inbox and work area: vanished.
        let vanished = try await claim("vanished.xml")
        // 7. A work file without a receipt (a power loss after the move, before the claim was durable).
        try harness.directory.write(invoice(7), to: "data/work/999")

        let summary = try await harness.runOnce()
        #expect(summary.unfinished == 0)
        let receipts = try await harness.receipts()
        #expect(receipts.allSatisfy { $0.state == .settled })
        #expect(!receipts.contains { $0.id == notMoved })
        #expect(receipts.filter { $0.sourceName == "not-moved.xml" }.count == 1)
        for id in [moved, claimed, archived, keyed] {
            #expect(receipts.first { $0.id == id }?.outcome == .booked, "receipt \(id)")
        }
        #expect(receipts.first { $0.id == vanished }?.outcome == .rejected)
        #expect(receipts.contains { $0.sourceName == "recovered/999" && $0.outcome == .booked })
        #expect(harness.files(in: "data/work").isEmpty)
        #expect(try await store.bookings(after: 0, limit: 100).count == 6)
        #expect(receipts.filter { $0.id != settled }.allSatisfy { $0.owner != earlier }, "taken over")
    }

    /// Another daemon was killed between settling a receipt and removing its work file: a daemon that is running
    /// (no restart) removes the file while idle.
    @Test func aRunningDaemonRemovesTheWorkFileADeadOneLeftOfASettledReceipt() async throws {
        let harness = try PipelineHarness {
            $0.heartbeatInterval = 0.1
            $0.rescanInterval = 0.1
        }
        let store = harness.store
        let data = harness.data
        let pipeline = try harness.pipeline()
        let running = Task { try await pipeline.run(once: false) }
        // Past its start-up recovery, which would remove the file too, before the other daemon's leftover appears.
        try await Task.sleep(for: .seconds(1))
        let other = try await store.registerDaemon(DaemonRegistration(host: "other", processID: 2))
        let settled = try #require(
            try await store.recordClaims(
                [ClaimRequest(sourceName: "settled.xml", sourceKey: "")],
                by: other,
                receivedAt: Date()
            )[0]
        )
        try await store.markClaimed([settled])
        try harness.directory.write(
            Array(try PipelineHarness.sample("ubl-invoice-valid.xml").utf8),
            to: "data/work/\(settled)"
        )
        let archived = try data.archive.store(fileAt: data.path + "/work/\(settled)")
        _ = try await store.beginDecision(settled, sha256: archived.sha256, size: archived.size)
        _ = try await store.settle(
            settled,
            .rejection(RejectionDraft(tenant: "default", reasonClass: "rules", reason: "test")),
            at: Date()
        )
        let deadline = ContinuousClock.now + .seconds(30)
        while !harness.files(in: "data/work").isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(harness.files(in: "data/work").isEmpty)
        pipeline.requestStop()
        _ = try await running.value
        #expect(try await store.receipt(settled)?.outcome == .rejected, "settled once, by the daemon that died")
    }

    @Test func aFileThatKeepsCrashingIsRejectedAfterTheLastAttempt() async throws {
        let harness = try PipelineHarness { $0.maxAttempts = 2 }
        let store = harness.store
        let earlier = try await store.registerDaemon(DaemonRegistration(host: "test", processID: 1))
        let id = try #require(
            try await store.recordClaims(
                [ClaimRequest(sourceName: "crashes.xml", sourceKey: "")],
                by: earlier,
                receivedAt: Date()
            )[0]
        )
        try harness.directory.write(
            Array(try PipelineHarness.sample("cii-invoice-valid.xml").utf8),
            to: "data/work/\(id)"
        )
        try await store.markClaimed([id])
        // Two earlier runs started validating it and died.
        let stored = try harness.data.archive.store(fileAt: harness.data.path + "/work/\(id)")
        _ = try await store.beginDecision(id, sha256: stored.sha256, size: stored.size)
        _ = try await store.beginDecision(id, sha256: stored.sha256, size: stored.size)
        try await harness.runOnce()
        let receipt = try #require(try await store.receipt(id))
        #expect(receipt.outcome == .rejected)
        #expect(try await harness.rejection(of: receipt)?.reasonClass == "repeated_crash")
    }

    @Test func settlingTwiceChangesNothing() async throws {
        let harness = try PipelineHarness()
        let store = harness.store
        let daemon = try await store.registerDaemon(DaemonRegistration(host: "test", processID: 1))
        let id = try #require(
            try await store.recordClaims(
                [ClaimRequest(sourceName: "a.xml", sourceKey: "")],
                by: daemon,
                receivedAt: Date()
            )[0]
        )
        try await store.markClaimed([id])
        _ = try await store.beginDecision(id, sha256: String(repeating: "a", count: 64), size: 1)
        let draft = BookingDraft(
            tenant: "t",
            invoiceNumber: "1",
            sellerName: "S",
            sellerKey: "S",
            payableAmount: "1.00",
            currency: "EUR",
            issueDate: "2026-01-01",
            termsJSON: "{}",
            bundle: "b"
        )
        let first = try await store.settle(id, .booking(draft), at: Date())
        let second = try await store.settle(id, .booking(draft), at: Date())
        #expect(first == second)
        #expect(try await store.bookings(after: 0, limit: 10).count == 1)
        // Acknowledging is idempotent too.
        guard case .booked(let bookingID) = first else {
            Issue.record("not booked: \(first)")
            return
        }
        let acknowledged = try await store.acknowledgeBooking(bookingID, at: Date())
        let again = try await store.acknowledgeBooking(bookingID, at: Date().addingTimeInterval(60))
        #expect(acknowledged?.status == .acknowledged)
        #expect(again?.acknowledgedAt == acknowledged?.acknowledgedAt)
        #expect(try await store.acknowledgeBooking(4711, at: Date()) == nil)
    }
}
