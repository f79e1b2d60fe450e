import EInvoicePipeline
import EInvoiceStore
import Foundation
import Testing

/// The filters of `eingang reprocess`, the classification of a new decision against the stored one, and the
/// summary: pure values, no store.
@Suite struct ReprocessFilterTests {
    static func decision(
        _ kind: StoredDecision.Kind,
        receivedAt: String = "2026-03-16T10:00:00Z",
        sellerName: String? = "Nordlicht Bürobedarf GmbH",
        sellerKey: String? = "vat:DE999999999",
        ruleIDs: [String] = []
    ) throws -> StoredDecision {
        StoredDecision(
            receiptID: 1,
            sourceName: "a.xml",
            receivedAt: try Date.ISO8601FormatStyle().parse(receivedAt),
            sha256: String(repeating: "a", count: 64),
            size: 100,
            kind: kind,
            entryID: 1,
            tenant: "default",
            invoiceNumber: "NL-1",
            sellerName: sellerName,
            sellerKey: sellerKey,
            reasonClass: kind == .rejected ? "rules" : nil,
            ruleIDs: kind == .rejected ? ruleIDs : [],
            bundle: "b",
            flag: nil
        )
    }

    @Test func statusSelectsRejectedOrAcceptedWhereHeldCountsAsAccepted() throws {
        let booked = try Self.decision(.booked)
        let held = try Self.decision(.held)
        let rejected = try Self.decision(.rejected, ruleIDs: ["BR-DE-15"])
        #expect([booked, held, rejected].map(ReprocessFilter(status: .all).matches) == [true, true, true])
        #expect([booked, held, rejected].map(ReprocessFilter(status: .accepted).matches) == [true, true, false])
        #expect([booked, held, rejected].map(ReprocessFilter(status: .rejected).matches) == [false, false, true])
    }

    @Test func aDayIncludesTheWholeDayInUTC() throws {
        let since = try ReprocessFilter.bound("2026-03-16", first: true)
        let until = try ReprocessFilter.bound("2026-03-16", first: false)
        let filter = ReprocessFilter(since: since, before: until)
        #expect(filter.matches(try Self.decision(.booked, receivedAt: "2026-03-16T00:00:00Z")))
        #expect(filter.matches(try Self.decision(.booked, receivedAt: "2026-03-16T23:59:59Z")))
        #expect(!filter.matches(try Self.decision(.booked, receivedAt: "2026-03-15T23:59:59Z")))
        #expect(!filter.matches(try Self.decision(.booked, receivedAt: "2026-03-17T00:00:00Z")))
    }

    @Test func anInstantIsIncludedAtBothEnds() throws {
        let since = try ReprocessFilter.bound("2026-03-16T10:00:00Z", first: true)
        let until = try ReprocessFilter.bound("2026-03-16T11:00:00+01:00", first: false)
        let filter = ReprocessFilter(since: since, before: until)
        #expect(filter.matches(try Self.decision(.booked, receivedAt: "2026-03-16T10:00:00Z")))
        #expect(!filter.matches(try Self.decision(.booked, receivedAt: "2026-03-16T10:00:01Z")))
        #expect(!filter.matches(try Self.decision(.booked, receivedAt: "2026-03-16T09:59:59Z")))
    }

    @Test(arguments: ["16.03.2026", "2026-3-16", "2026-02-30", "2026-03-16T10:00:00", "yesterday", ""])
    func rejectsWhatIsNoDate(_ text: String) {
        #expect(throws: ReprocessFilter.DateError.self) { try ReprocessFilter.bound(text, first: true) }
    }

    @Test func senderIsTheStoredKeyItsIdentifierOrTheStoredName() throws {
        let booked = try Self.decision(.booked)
        for sender in [
            "vat:DE999999999", "DE999999999", "de 999 999 999", "Nordlicht Bürobedarf GmbH",
            " nordlicht bürobedarf gmbh ",
        ] {
            #expect(ReprocessFilter(sender: sender).matches(booked), "\(sender)")
        }
        for sender in ["DE99999999", "Nordlicht", "vat", ""] {
            #expect(!ReprocessFilter(sender: sender).matches(booked), "\(sender)")
        }
        let byScheme = try Self.decision(.booked, sellerName: nil, sellerKey: "id:0088:4000001000005")
        #expect(ReprocessFilter(sender: "4000001000005").matches(byScheme))
        #expect(ReprocessFilter(sender: "id:0088:4000001000005").matches(byScheme))
        let byName = try Self.decision(.booked, sellerName: nil, sellerKey: "name:Kontor Süd")
        #expect(ReprocessFilter(sender: "kontor süd").matches(byName))
        // A rejection stored before the seller's key was recorded: found by name.
        let old = try Self.decision(.rejected, sellerKey: nil, ruleIDs: ["BR-CO-15"])
        #expect(ReprocessFilter(sender: "Nordlicht Bürobedarf GmbH").matches(old))
        #expect(!ReprocessFilter(sender: "DE999999999").matches(old))
    }

    @Test func ruleSelectsRejectionsThatFailedIt() throws {
        let rejected = try Self.decision(.rejected, ruleIDs: ["BR-CO-15", "BR-DE-15"])
        #expect(ReprocessFilter(rule: "BR-DE-15").matches(rejected))
        #expect(!ReprocessFilter(rule: "BR-DE-1").matches(rejected))
        #expect(!ReprocessFilter(rule: "BR-DE-15").matches(try Self.decision(.booked)))
    }

    @Test func theKeyDependsOnEveryFilterAndTheBundle() throws {
        let day = try ReprocessFilter.bound("2026-03-16", first: true)
        let filters = [
            ReprocessFilter(), ReprocessFilter(status: .rejected), ReprocessFilter(since: day),
            ReprocessFilter(before: day), ReprocessFilter(sender: "DE1"), ReprocessFilter(rule: "BR-DE-15"),
        ]
        let keys = filters.map { Reprocessor.key($0, bundle: "a") }
        #expect(Set(keys).count == filters.count)
        #expect(Reprocessor.key(ReprocessFilter(), bundle: "b") != keys[0])
        #expect(Reprocessor.key(ReprocessFilter(), bundle: "a") == keys[0])
    }

    static func state(_ decision: DecisionState.Verdict, _ rules: [String]) -> DecisionState {
        DecisionState(
            decision: decision,
            reasonClass: decision == .rejected ? "rules" : nil,
            ruleIDs: rules,
            bundle: nil
        )
    }

    @Test func classifiesTheDifference() {
        let cases: [(DecisionState, DecisionState, ReprocessChange, [String], [String])] = [
            (Self.state(.accepted, []), Self.state(.accepted, []), .unchanged, [], []),
            (Self.state(.rejected, ["A", "B"]), Self.state(.rejected, ["B", "A"]), .unchanged, [], []),
            (Self.state(.rejected, ["A"]), Self.state(.accepted, []), .newlyAccepted, [], ["A"]),
            (Self.state(.accepted, []), Self.state(.rejected, ["A"]), .newlyRejected, ["A"], []),
            (Self.state(.rejected, ["A", "B"]), Self.state(.rejected, ["B", "C"]), .findingsChanged, ["C"], ["A"]),
            (Self.state(.rejected, ["A"]), Self.state(.rejected, []), .findingsChanged, [], ["A"]),
        ]
        for (before, after, change, failing, passing) in cases {
            let difference = DecisionDifference(before: before, after: after)
            #expect(difference.change == change)
            #expect(difference.newlyFailing == failing)
            #expect(difference.newlyPassing == passing)
        }
        // Another bundle or another reason class with the same findings is no change.
        var other = Self.state(.rejected, ["A"])
        other.bundle = "new"
        other.reasonClass = "schema"
        #expect(DecisionDifference(before: Self.state(.rejected, ["A"]), after: other).change == .unchanged)
    }

    @Test func theSummaryCountsChangesActionsAndRulesAndRoundTripsAsJSON() throws {
        var summary = ReprocessSummary(run: "k", bundle: "b", dryRun: false)
        var accepted = ReprocessedInvoice(
            receiptID: 1,
            sourceName: "a.xml",
            receivedAt: Date(timeIntervalSince1970: 1_800_000_000),
            sha256: "s",
            tenant: "default",
            invoiceNumber: "1",
            sellerName: nil,
            before: Self.state(.rejected, ["BR-DE-15"]),
            after: Self.state(.accepted, [])
        )
        accepted.action = .booked
        accepted.bookingID = 7
        var rejected = accepted
        rejected.before = Self.state(.accepted, [])
        rejected.after = Self.state(.rejected, ["BR-DE-15", "BR-CO-15"])
        rejected.change = .newlyRejected
        rejected.newlyFailing = ["BR-CO-15", "BR-DE-15"]
        rejected.newlyPassing = []
        rejected.action = .flagged
        summary.add(accepted)
        summary.add(rejected)
        summary.selected = 2
        summary.complete = true
        #expect(summary.changes == [.newlyAccepted: 1, .newlyRejected: 1])
        #expect(summary.actions == [.booked: 1, .flagged: 1])
        #expect(
            summary.rules == ["BR-DE-15": .init(newlyFailing: 1, newlyPassing: 1), "BR-CO-15": .init(newlyFailing: 1)]
        )

        let line = try Reprocessor.jsonLine(summary)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "summary")
        #expect(object["newly_accepted"] as? Int == 1)
        #expect(object["booked"] as? Int == 1)
        #expect(object["unchanged"] as? Int == 0)
        #expect(try JSONDecoder().decode(ReprocessSummary.self, from: Data(line.utf8)) == summary)

        let invoiceLine = try Reprocessor.jsonLine(accepted)
        let invoice = try #require(try JSONSerialization.jsonObject(with: Data(invoiceLine.utf8)) as? [String: Any])
        #expect(invoice["type"] as? String == "invoice")
        #expect(invoice["change"] as? String == "newly_accepted")
        #expect(invoice["received_at"] as? String == "2027-01-15T08:00:00Z")
        #expect(invoice["newly_passing"] as? [String] == ["BR-DE-15"])
        #expect((invoice["before"] as? [String: Any])?["rule_ids"] as? [String] == ["BR-DE-15"])
    }

    @Test func appliedActionsReadBackAsStored() {
        let values: [ReprocessApplied] = [
            .nothing, .booked(bookingID: 3), .held(heldID: 4, of: 3), .flagged, .alreadyFlagged,
        ]
        for value in values {
            #expect(ReprocessApplied(storedValue: value.storedValue) == value)
        }
        #expect(ReprocessApplied(storedValue: "booked") == nil)
        #expect(ReprocessApplied(storedValue: "held 1") == nil)
    }
}
