import EInvoiceStore
import EInvoiceTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A clerk releases a suspected duplicate into booking or rejects it. Written once, run against SQLite and
/// PostgreSQL.
@Suite struct HeldDuplicateStoreTests {
    @Test(arguments: StoreKind.tested)
    func aReleasedDuplicateIsBookedOnceBesideTheBookingItResembles(_ kind: StoreKind) async throws {
        try await withTestStore(kind) { store in
            let daemon = try await store.registerDaemon(Fixtures.host)
            let ids = try await Fixtures.archived(store, ["a.xml", "b.xml", "c.xml", "d.xml"], by: daemon)
            guard
                case .booked(let original) = try await store.settle(
                    ids[0],
                    .booking(Fixtures.booking("R-1")),
                    at: Date()
                ),
                case .suspectedDuplicate(let first, of: let firstOf) = try await store.settle(
                    ids[1],
                    .booking(Fixtures.booking("R-1")),
                    at: Date()
                ),
                case .suspectedDuplicate(let second, of: _) = try await store.settle(
                    ids[2],
                    .booking(Fixtures.booking("R-1")),
                    at: Date()
                )
            else {
                Issue.record("not booked, then held twice")
                return
            }
            #expect(firstOf == original)
            let open = try await store.heldDuplicates(matching: HeldDuplicateQuery(scope: .all, status: .open))
            #expect(open.total == 2)
            #expect(open.entries.map(\.id) == [second, first], "newest first")

            let released = try await store.decideHeldDuplicate(
                first,
                .released,
                audit: AuditDraft(at: Date(), actor: "user:erika", action: "duplicate.released", detail: "Teilzahlung")
            )
            #expect(released?.decision == .released)
            #expect(released?.decidedAt != nil)
            let bookingID = try #require(released?.releasedBookingID)
            let booking = try #require(try await store.booking(bookingID))
            #expect(booking.releasedFrom == first)
            #expect(booking.invoiceNumber == "R-1")
            #expect(booking.receiptID == ids[1])
            #expect(booking.status == .new)
            #expect(try await store.booking(original)?.releasedFrom == nil)

            // Deciding again changes nothing and appends nothing.
            let again = try await store.decideHeldDuplicate(
                first,
                .rejected,
                audit: AuditDraft(at: Date(), actor: "user:max", action: "duplicate.rejected")
            )
            #expect(again?.decision == .released)
            #expect(try await store.bookings(after: 0, limit: 10).map(\.id) == [original, bookingID])

            let rejected = try await store.decideHeldDuplicate(
                second,
                .rejected,
                audit: AuditDraft(at: Date(), actor: "user:max", action: "duplicate.rejected", detail: "doppelt")
            )
            #expect(rejected?.decision == .rejected)
            #expect(rejected?.releasedBookingID == nil)
            #expect(try await store.bookings(after: 0, limit: 10).count == 2)
            #expect(
                try await store.decideHeldDuplicate(
                    999,
                    .released,
                    audit: AuditDraft(at: Date(), actor: "user:max", action: "duplicate.released")
                ) == nil
            )

            // A fourth copy is held against the booking made on receipt, not the released one.
            guard
                case .suspectedDuplicate(_, of: let fourthOf) = try await store.settle(
                    ids[3],
                    .booking(Fixtures.booking("R-1")),
                    at: Date()
                )
            else {
                Issue.record("the fourth copy was not held")
                return
            }
            #expect(fourthOf == original)

            let trail = try await store.auditEntries(matching: AuditQuery(scope: .all))
            #expect(trail.map(\.action) == ["duplicate.rejected", "duplicate.released"])
            #expect(trail.last?.bookingID == bookingID)
            #expect(trail.last?.receiptID == ids[1])
            #expect(trail.last?.detail == "Teilzahlung")
            #expect(trail.last?.tenant == "default")
            #expect(try await store.heldDuplicates(matching: HeldDuplicateQuery(scope: .all, status: .open)).total == 1)
            #expect(try await store.heldDuplicates(matching: HeldDuplicateQuery(scope: .only(["x"]))).total == 0)

            let counts = try await store.counts(scope: .all, since: nil)
            #expect(counts.booked == 2)
            #expect(counts.suspectedDuplicates == 3)
            #expect(counts.openDuplicates == 1)
            #expect(counts.rejected == 0)
            #expect(counts.received == 5)
            #expect(try await store.counts(scope: .only(["x"]), since: nil) == WorkspaceCounts())
            #expect(try await store.counts(scope: .all, since: Date().addingTimeInterval(3600)) == WorkspaceCounts())
        }
    }
}
