import EInvoiceStore
import EInvoiceTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The store protocol's behaviour, written once and run against SQLite and PostgreSQL (PostgreSQL when
/// `EINGANG_TEST_DATABASE_URL` names a server; always under `.ci/run`).
@Suite struct StoreTests {
    @Test(arguments: StoreKind.tested)
    func aClaimIsUniquePerInboxPathWhileItIsBeingMade(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let first = try await store.registerDaemon(Fixtures.host)
            let second = try await store.registerDaemon(Fixtures.host)
            let x = ClaimRequest(sourceName: "x.xml", sourceKey: "1-1.0-10")
            let y = ClaimRequest(sourceName: "y.xml", sourceKey: "2-1.0-10")
            let z = ClaimRequest(sourceName: "z.xml", sourceKey: "3-1.0-10")
            let mine = try await store.recordClaims([x, y], by: first, receivedAt: Date())
            #expect(mine.allSatisfy { $0 != nil })
            let theirs = try await store.recordClaims([x, z], by: second, receivedAt: Date())
            #expect(theirs[0] == nil, "x.xml is being claimed by the first daemon")
            #expect(theirs[1] != nil)
            // Once the first daemon moved x.xml, a late claim of the second succeeds, finds the file gone, and is
            // forgotten: another receipt holds the same file.
            try await store.markClaimed([try Fixtures.unwrap(mine[0])])
            // (It saw the file in another version, while it was still being written: the same file.)
            let grown = ClaimRequest(sourceName: "x.xml", sourceKey: "1-2.5-99")
            let late = try Fixtures.unwrap(try await store.recordClaims([grown], by: second, receivedAt: Date())[0])
            #expect(try await store.forgetClaimIfTakenElsewhere(late))
            #expect(try await store.receipt(late) == nil)
            // Another file under the same name (another inode) is not taken by anyone else: it vanished.
            let other = ClaimRequest(sourceName: "x.xml", sourceKey: "11-1.0-10")
            let otherID = try Fixtures.unwrap(try await store.recordClaims([other], by: second, receivedAt: Date())[0])
            #expect(try await !store.forgetClaimIfTakenElsewhere(otherID))
            try await store.forgetClaim(otherID)
            // z.xml is nobody else's: it vanished, and the claim stays for its rejection.
            let zID = try Fixtures.unwrap(theirs[1])
            #expect(try await !store.forgetClaimIfTakenElsewhere(zID))
            #expect(try await store.receipt(zID)?.state == .claiming)
            // A claim whose move failed is forgotten; the file can be claimed again.
            let yID = try Fixtures.unwrap(mine[1])
            try await store.forgetClaim(yID)
            #expect(try await store.receipt(yID) == nil)
            #expect(try await store.recordClaims([y], by: second, receivedAt: Date())[0] != nil)
            let receipt = try #require(try await store.receipt(try Fixtures.unwrap(mine[0])))
            #expect(receipt.sourceKey == x.sourceKey)
            #expect(receipt.owner == first)
            #expect(receipt.state == .claimed)
        }
    }

    @Test(arguments: StoreKind.tested)
    func aDaemonThatStopsReleasesWhatItHolds(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let first = try await store.registerDaemon(Fixtures.host)
            let ids = try await Fixtures.archived(store, ["a.xml", "b.xml"], by: first)
            _ = try await store.settle(ids[0], .booking(Fixtures.booking("A-1")), at: Date())
            try await store.unregisterDaemon(first)
            let second = try await store.registerDaemon(Fixtures.host)
            let adopted = try await store.adoptOrphans(by: second, silentFor: .seconds(3600), limit: 10)
            #expect(adopted.map(\.id) == [ids[1]], "only the unsettled receipt")
            #expect(adopted.first?.owner == second)
            #expect(adopted.first?.state == .archived)
            #expect(try await store.adoptOrphans(by: second, silentFor: .seconds(3600), limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreKind.tested)
    func receiptsOfASilentDaemonAreTakenOver(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let silent = try await store.registerDaemon(Fixtures.host)
            let claimed = try await store.recordClaims(
                (0..<3).map { ClaimRequest(sourceName: "\($0).xml", sourceKey: "k\($0)") },
                by: silent,
                receivedAt: Date()
            ).map { try Fixtures.unwrap($0) }
            let alive = try await store.registerDaemon(Fixtures.host)
            try await store.heartbeat(alive)
            if kind == .postgres {
                // Shared: a daemon that heart-beats within the timeout keeps its claims.
                try await store.heartbeat(silent)
                #expect(try await store.adoptOrphans(by: alive, silentFor: .seconds(3600), limit: 10).isEmpty)
            }
            // Silent for longer than the timeout (zero here): taken over, oldest first, up to the limit.
            let firstTwo = try await store.adoptOrphans(by: alive, silentFor: .zero, limit: 2)
            #expect(firstTwo.map(\.id) == Array(claimed.prefix(2)))
            #expect(firstTwo.allSatisfy { $0.owner == alive && $0.state == .claiming })
            let rest = try await store.adoptOrphans(by: alive, silentFor: .zero, limit: 10)
            #expect(rest.map(\.id) == [claimed[2]])
            #expect(try await store.unsettledReceipts().allSatisfy { $0.owner == alive })
        }
    }

    /// Only where daemons share the store (SQLite hands everything to each adopter in turn).
    @Test(arguments: StoreKind.tested.filter { $0 == .postgres })
    func daemonsAdoptingAtOnceNeverShareAReceipt(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let gone = try await store.registerDaemon(Fixtures.host)
            let ids = try await store.recordClaims(
                (0..<60).map { ClaimRequest(sourceName: "\($0).xml", sourceKey: "k\($0)") },
                by: gone,
                receivedAt: Date()
            ).map { try Fixtures.unwrap($0) }
            try await store.unregisterDaemon(gone)
            var adopters: [DaemonID] = []
            for _ in 0..<5 { adopters.append(try await store.registerDaemon(Fixtures.host)) }
            let rounds = try await withThrowingTaskGroup(of: [ReceiptID].self) { group in
                for adopter in adopters {
                    group.addTask {
                        var taken: [ReceiptID] = []
                        for _ in 0..<4 {
                            taken += try await store.adoptOrphans(by: adopter, silentFor: .seconds(3600), limit: 5)
                                .map(\.id)
                        }
                        return taken
                    }
                }
                return try await group.reduce(into: [[ReceiptID]]()) { $0.append($1) }
            }
            let all = rounds.flatMap { $0 }
            #expect(all.count == Set(all).count, "no receipt adopted twice")
            #expect(Set(all) == Set(ids))
        }
    }

    @Test(arguments: StoreKind.tested)
    func aDecisionCountsItsAttemptsAndFindsEarlierBytes(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let daemon = try await store.registerDaemon(Fixtures.host)
            let sha = Fixtures.hash(1)
            let ids = try await Fixtures.archived(store, ["a.xml", "b.xml"], by: daemon, hashes: [sha, sha])
            #expect(try await store.beginDecision(ids[0], sha256: sha, size: 100).attempts == 2)
            let start = try await store.beginDecision(ids[1], sha256: sha, size: 100)
            #expect(start.earlier == nil, "nothing with these bytes is settled yet")
            _ = try await store.settle(ids[0], .booking(Fixtures.booking("A-1")), at: Date())
            let again = try await store.beginDecision(ids[1], sha256: sha, size: 100)
            #expect(again.earlier == ids[0])
            #expect(again.attempts == 3)
            let settled = try #require(try await store.receipt(ids[0]))
            #expect(settled.sha256 == sha)
            #expect(settled.size == 100)
            #expect(try await store.beginDecision(ids[0], sha256: sha, size: 100).attempts == 2, "settled: unchanged")
        }
    }

    @Test(arguments: StoreKind.tested)
    func eachSettlementIsRecordedOnceAndRepeatedAsFirstDecided(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let daemon = try await store.registerDaemon(Fixtures.host)
            let ids = try await Fixtures.archived(store, ["a.xml", "b.xml", "c.xml", "d.xml"], by: daemon)
            let booked = try await store.settle(ids[0], .booking(Fixtures.booking("A-1")), at: Date())
            #expect(try await store.settle(ids[0], .rejection(Fixtures.rejection()), at: Date()) == booked)
            let rejected = try await store.settle(ids[1], .rejection(Fixtures.rejection()), at: Date())
            #expect(try await store.settle(ids[1], .booking(Fixtures.booking("B-1")), at: Date()) == rejected)
            let duplicate = try await store.settle(ids[2], .duplicate(of: ids[0]), at: Date())
            #expect(duplicate == .duplicate(of: ids[0]))
            let held = try await store.settle(ids[3], .booking(Fixtures.booking("A-1")), at: Date())
            guard case .booked(let bookingID) = booked, case .suspectedDuplicate(_, let of) = held else {
                Issue.record("booked \(booked), held \(held)")
                return
            }
            #expect(of == bookingID)
            #expect(try await store.settle(ids[3], .booking(Fixtures.booking("A-1")), at: Date()) == held)
            #expect(
                try await store.outcomeCounts() == [.booked: 1, .rejected: 1, .duplicate: 1, .suspectedDuplicate: 1]
            )

            let entry = try #require(try await store.booking(bookingID))
            #expect(entry.invoiceNumber == "A-1")
            #expect(entry.terms == #"{"BT-1":"A-1"}"#)
            #expect(entry.sourceName == "a.xml")
            #expect(entry.status == .new)
            #expect(try await store.bookings(after: 0, limit: 10).map(\.id) == [bookingID])
            #expect(try await store.bookings(after: 0, limit: 10).first?.terms == nil, "lists leave the terms out")

            let rejection = try #require(try await store.rejections(after: 0, limit: 10).first)
            #expect(rejection.ruleIDs == ["BR-CO-15", "BR-DE-1"])
            #expect(rejection.reportDirectory == "reports/1")
            #expect(try await store.rejection(rejection.id)?.receiptID == ids[1])

            let acknowledged = try await store.acknowledgeBooking(bookingID, at: Date())
            let again = try await store.acknowledgeBooking(bookingID, at: Date().addingTimeInterval(60))
            #expect(acknowledged?.status == .acknowledged)
            #expect(again?.acknowledgedAt == acknowledged?.acknowledgedAt)
            #expect(try await store.acknowledgeBooking(4711, at: Date()) == nil)
        }
    }

    @Test(arguments: StoreKind.tested)
    func theSameBytesSettledAtOnceBecomeDuplicatesOfTheFirst(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let sha = Fixtures.hash(7)
            let ids = try await withThrowingTaskGroup(of: [ReceiptID].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        let daemon = try await store.registerDaemon(Fixtures.host)
                        return try await Fixtures.archived(
                            store,
                            (0..<3).map { "w\(worker)-\($0).xml" },
                            by: daemon,
                            hashes: Array(repeating: sha, count: 3)
                        )
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let results = try await withThrowingTaskGroup(of: SettleResult.self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask {
                        try await store.settle(id, .booking(Fixtures.booking("N-\(index)")), at: Date())
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let booked = results.filter { $0.outcome == .booked }
            #expect(booked.count == 1)
            let first = try #require(try await store.receipts(after: 0, limit: 100).first { $0.outcome == .booked })
            #expect(results.filter { $0 == .duplicate(of: first.id) }.count == ids.count - 1)
            #expect(try await store.bookings(after: 0, limit: 100).count == 1)
        }
    }

    @Test(arguments: StoreKind.tested)
    func oneInvoiceNumberSettledAtOnceIsBookedOnceAndHeldOtherwise(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let daemon = try await store.registerDaemon(Fixtures.host)
            let ids = try await Fixtures.archived(store, (0..<12).map { "copy-\($0).xml" }, by: daemon)
            let results = try await withThrowingTaskGroup(of: SettleResult.self) { group in
                for id in ids {
                    group.addTask { try await store.settle(id, .booking(Fixtures.booking("SAME-1")), at: Date()) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let bookings = try await store.bookings(after: 0, limit: 100)
            #expect(bookings.count == 1)
            let bookingID = try #require(bookings.first?.id)
            #expect(results.filter { $0 == .booked(bookingID: bookingID) }.count == 1)
            let held = results.compactMap { result -> Int64? in
                if case .suspectedDuplicate(_, let of) = result { return of }
                return nil
            }
            #expect(held == Array(repeating: bookingID, count: ids.count - 1))
        }
    }

    /// The ERP reads the queue with a cursor (the last id it saw) while daemons book: it must never miss an entry.
    @Test(arguments: StoreKind.tested)
    func aReaderFollowingTheCursorNeverMissesABooking(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let writers = 4
            let perWriter = 40
            var receipts: [[ReceiptID]] = []
            for writer in 0..<writers {
                let daemon = try await store.registerDaemon(Fixtures.host)
                receipts.append(
                    try await Fixtures.archived(store, (0..<perWriter).map { "w\(writer)-\($0).xml" }, by: daemon)
                )
            }
            let batches = receipts
            let writing = WritersDone()
            let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
                group.addTask {
                    try await withThrowingTaskGroup(of: Void.self) { writers in
                        for (writer, ids) in batches.enumerated() {
                            writers.addTask {
                                for (index, id) in ids.enumerated() {
                                    let draft = Fixtures.booking("W\(writer)-\(index)")
                                    _ = try await store.settle(id, .booking(draft), at: Date())
                                }
                            }
                        }
                        try await writers.waitForAll()
                    }
                    await writing.finish()
                    return []
                }
                group.addTask {
                    // Follows the cursor until the writers are done and a last read after that finds nothing new.
                    var cursor: Int64 = 0
                    var seen: [Int64] = []
                    while true {
                        let finished = await writing.isFinished
                        let page = try await store.bookings(after: cursor, limit: 7)
                        seen += page.map(\.id)
                        cursor = page.last?.id ?? cursor
                        if page.isEmpty {
                            if finished { return seen }
                            try await Task.sleep(for: .milliseconds(2))
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let all = try await store.bookings(after: 0, limit: 1000).map(\.id)
            #expect(all.count == writers * perWriter)
            #expect(seen == all, "the reader saw every booking once, in order")
        }
    }

    @Test(.timeLimit(.minutes(2)), arguments: transfers)
    func aCopyCarriesEveryRecordWithItsIdAndRepeatingItChangesNothing(_ transfer: Transfer) async throws {
        try await withTestStore(transfer.from) { source in
            let daemon = try await source.registerDaemon(Fixtures.host)
            let ids = try await Fixtures.archived(source, (0..<6).map { "f\($0).xml" }, by: daemon)
            _ = try await source.settle(ids[0], .booking(Fixtures.booking("A-1")), at: Date())
            _ = try await source.settle(ids[1], .booking(Fixtures.booking("A-2")), at: Date())
            _ = try await source.settle(ids[2], .rejection(Fixtures.rejection()), at: Date())
            _ = try await source.settle(ids[3], .duplicate(of: ids[0]), at: Date())
            _ = try await source.settle(ids[4], .booking(Fixtures.booking("A-1")), at: Date())
            _ = try await source.acknowledgeBooking(1, at: Date())
            // A clerk releases the suspected duplicate into booking: a booking naming it, an audit entry.
            let held = try await source.heldDuplicates(matching: HeldDuplicateQuery(scope: .all)).entries
            _ = try await source.decideHeldDuplicate(
                try #require(held.first).id,
                .released,
                audit: AuditDraft(at: Date(), actor: "user:erika", action: "duplicate.released")
            )
            // A reprocessing run: the rejection is booked after all (an audit entry), a booking is flagged.
            let run = try await source.startReprocessRun(
                key: "k",
                parameters: "{}",
                bundle: "new",
                receipts: [ids[1], ids[2]],
                at: Date()
            )
            _ = try await source.recordReprocessed(
                run: run.id,
                [
                    ReprocessResult(receiptID: ids[1], report: "r1", action: .flag(reason: "BR-X"), detail: "d1"),
                    ReprocessResult(
                        receiptID: ids[2],
                        report: "r2",
                        action: .book(Fixtures.booking("A-3")),
                        detail: "d2"
                    ),
                ],
                actor: "test",
                at: Date()
            )
            // A clerk and an ERP token of the workspace (the token only as its hash).
            let clerk = try #require(
                try await source.addUser(
                    UserDraft(name: "erika", role: .clerk, tenants: ["default"], passwordHash: "scrypt$hash"),
                    at: Date()
                )
            )
            _ = try await source.addAPIToken(
                APITokenDraft(
                    userID: clerk.id,
                    name: "erp",
                    tokenHash: String(repeating: "e", count: 64),
                    scopes: [.bookingsRead],
                    tenants: ["default"]
                ),
                at: Date()
            )
            // ids[5] stays archived: the first daemon on the target finishes it.
            try await withTestStore(transfer.to) { target in
                #expect(try await !target.hasRegisteredDaemons())
                var copied = 0
                for kind in RecordKind.allCases {
                    let page = try await source.exportRecords(kind, after: 0, limit: 100)
                    copied += try await target.importRecords(page)
                }
                #expect(
                    copied == 6 + 4 + 1 + 1 + 3 + 1 + 2 + 1 + 1,
                    "receipts, bookings, rejections, held, audit, run, user, token"
                )
                let (token, owner) = try #require(try await target.apiToken(hash: String(repeating: "e", count: 64)))
                #expect(token.name == "erp")
                #expect(owner.name == "erika")
                #expect(try await target.user(named: "erika")?.passwordHash == "scrypt$hash")
                for kind in RecordKind.allCases {
                    let page = try await source.exportRecords(kind, after: 0, limit: 100)
                    #expect(try await target.importRecords(page) == 0, "\(kind) copied again")
                    let copy = try await target.exportRecords(kind, after: 0, limit: 100)
                    #expect(Self.comparable(copy) == Self.comparable(page), "\(kind)")
                }
                // Numbering continues after the copied ids, and the unsettled receipt is anyone's.
                let next = try await target.registerDaemon(Fixtures.host)
                let adopted = try await target.adoptOrphans(by: next, silentFor: .seconds(3600), limit: 10)
                #expect(adopted.map(\.id) == [ids[5]])
                let new = try await target.recordClaims(
                    [ClaimRequest(sourceName: "new.xml", sourceKey: "n")],
                    by: next,
                    receivedAt: Date()
                )
                #expect((new[0] ?? 0) > ids[5])
                let more = try await Fixtures.archived(target, ["more.xml"], by: next)
                let result = try await target.settle(more[0], .booking(Fixtures.booking("B-1")), at: Date())
                #expect(result == .booked(bookingID: 5))
                #expect(
                    try await target.auditEntries(after: 0, limit: 10).map(\.action) == [
                        "duplicate.released", "reprocess.flagged", "reprocess.booked",
                    ]
                )
                #expect(try await target.hasRegisteredDaemons())
            }
        }
    }

    actor WritersDone {
        private(set) var isFinished = false
        func finish() { isFinished = true }
    }

    struct Transfer: Sendable, CustomStringConvertible {
        var from: StoreKind
        var to: StoreKind
        var description: String { "\(from) to \(to)" }
    }

    static var transfers: [Transfer] {
        StoreKind.tested.flatMap { from in StoreKind.tested.map { Transfer(from: from, to: $0) } }
    }

    /// Records with their dates rounded to milliseconds (PostgreSQL keeps microseconds, SQLite a double) and
    /// without the receipts' owners (a copy belongs to no daemon).
    static func comparable(_ records: StoreRecords) -> StoreRecords {
        func round(_ date: Date) -> Date {
            Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
        }
        var copy = records
        copy.receipts = records.receipts.map {
            var receipt = $0
            receipt.owner = nil
            receipt.receivedAt = round(receipt.receivedAt)
            receipt.settledAt = receipt.settledAt.map(round)
            return receipt
        }
        copy.bookings = records.bookings.map {
            var record = $0
            record.entry.receivedAt = round(record.entry.receivedAt)
            record.entry.bookedAt = round(record.entry.bookedAt)
            record.entry.acknowledgedAt = record.entry.acknowledgedAt.map(round)
            record.flaggedAt = record.flaggedAt.map(round)
            return record
        }
        copy.rejections = records.rejections.map {
            var record = $0
            record.entry.receivedAt = round(record.entry.receivedAt)
            record.entry.rejectedAt = round(record.entry.rejectedAt)
            record.resolvedAt = record.resolvedAt.map(round)
            return record
        }
        copy.users = records.users.map {
            var record = $0
            record.user.createdAt = round(record.user.createdAt)
            record.passwordChangedAt = record.passwordChangedAt.map(round)
            return record
        }
        copy.apiTokens = records.apiTokens.map {
            var record = $0
            record.token.createdAt = round(record.token.createdAt)
            record.token.revokedAt = record.token.revokedAt.map(round)
            return record
        }
        copy.heldDuplicates = records.heldDuplicates.map {
            var held = $0
            held.heldAt = round(held.heldAt)
            held.flaggedAt = held.flaggedAt.map(round)
            held.decidedAt = held.decidedAt.map(round)
            return held
        }
        copy.audit = records.audit.map {
            var entry = $0
            entry.at = round(entry.at)
            return entry
        }
        copy.reprocessRuns = records.reprocessRuns.map {
            var record = $0
            record.run.startedAt = round(record.run.startedAt)
            record.run.finishedAt = record.run.finishedAt.map(round)
            record.items = record.items.map {
                var item = $0
                item.doneAt = item.doneAt.map(round)
                return item
            }
            return record
        }
        return copy
    }
}
