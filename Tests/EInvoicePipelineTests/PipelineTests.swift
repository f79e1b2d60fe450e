import EInvoicePipeline
import EInvoiceStore
import EInvoiceTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The pipeline with real files, the real validator and a real SQLite database.
@Suite(.serialized) struct PipelineTests {
    @Test func booksTheValidSamplesAndRejectsTheOthersWithReports() async throws {
        let harness = try PipelineHarness()
        for sample in [
            "ubl-invoice-valid.xml", "cii-invoice-valid.xml", "ubl-invoice-missing-buyer-reference.xml",
            "cii-invoice-wrong-total.xml",
        ] {
            try harness.dropSample(sample)
        }
        let summary = try await harness.runOnce()
        #expect(summary.outcomes == [.booked: 2, .rejected: 2])
        #expect(summary.unfinished == 0)

        let bookings = try await harness.store.bookings(after: 0, limit: 10)
        #expect(Set(bookings.map(\.sourceName)) == ["ubl-invoice-valid.xml", "cii-invoice-valid.xml"])
        let ubl = try #require(bookings.first { $0.sourceName == "ubl-invoice-valid.xml" })
        #expect(ubl.invoiceNumber == "NL-2026-00417")
        #expect(ubl.tenant == "default")
        #expect(ubl.status == .new)
        let full = try #require(try await harness.store.booking(ubl.id))
        #expect(full.terms?.contains("NL-2026-00417") == true)

        let rejections = try await harness.store.rejections(after: 0, limit: 10)
        let missing = try #require(rejections.first { $0.sourceName == "ubl-invoice-missing-buyer-reference.xml" })
        #expect(missing.reasonClass == "rules")
        #expect(missing.ruleIDs == ["BR-DE-15"])
        let reports = try #require(missing.reportDirectory)
        let written = harness.files(in: "data/" + reports)
        #expect(written.contains("validation.json"))
        #expect(written.contains("invoice-report.xml"))
        #expect(written.contains("invoice-report.json"))
        #expect(written.contains("invoice-report.html"))

        // Everything left the inbox and the work area; each original is archived unchanged under its hash.
        #expect(harness.files(in: "inbox").isEmpty)
        #expect(harness.files(in: "data/work").isEmpty)
        for receipt in try await harness.receipts() {
            let sha256 = try #require(receipt.sha256)
            let archived = try Data(contentsOf: URL(fileURLWithPath: harness.data.archive.path(of: sha256)))
            let original = try Data(
                contentsOf: URL(fileURLWithPath: PackagePaths.samplesDirectory() + "/" + receipt.sourceName)
            )
            #expect(archived == original)
        }
    }

    @Test func theSameBytesAgainAreADuplicateAndNotBookedTwice() async throws {
        let harness = try PipelineHarness()
        try harness.dropSample("ubl-invoice-valid.xml", as: "first.xml")
        try await harness.runOnce()
        try harness.dropSample("ubl-invoice-valid.xml", as: "again.xml")
        try harness.dropSample("ubl-invoice-valid.xml", as: "sub/and-again.xml")
        let summary = try await harness.runOnce()
        #expect(summary.outcomes == [.duplicate: 2])
        let first = try #require(try await harness.receipt("first.xml"))
        let again = try #require(try await harness.receipt("again.xml"))
        #expect(again.outcome == .duplicate)
        #expect(again.duplicateOf == first.id)
        #expect(try await harness.store.bookings(after: 0, limit: 10).count == 1)
    }

    @Test func anotherFileWithTheSameSellerAndNumberIsHeldNotBooked() async throws {
        let harness = try PipelineHarness()
        try harness.dropSample("ubl-invoice-valid.xml", as: "original.xml")
        try await harness.runOnce()
        // Different bytes (a comment), same seller and invoice number.
        let changed = try PipelineHarness.sample("ubl-invoice-valid.xml") + "<!-- sent again -->\n"
        try harness.drop(Array(changed.utf8), as: "resent.xml")
        let summary = try await harness.runOnce()
        #expect(summary.outcomes == [.suspectedDuplicate: 1])
        #expect(try await harness.store.bookings(after: 0, limit: 10).count == 1)
    }

    @Test func leavesFilesThatAreStillBeingWrittenAndTakesSubdirectoriesAndOddNames() async throws {
        let harness = try PipelineHarness()
        let valid = try PipelineHarness.sample("cii-invoice-valid.xml")
        for name in ["upload.xml.part", "upload.tmp", ".hidden.xml", "editor.xml~"] {
            try harness.drop(Array(valid.utf8), as: name)
        }
        let odd = ["with space.xml", "Rechnung-Müller-€.xml", "line\nbreak.xml", "deep/er/nested.xml"]
        for (index, name) in odd.enumerated() {
            try harness.drop(Array((valid + "<!-- \(index) -->").utf8), as: name)
        }
        // A name that is not UTF-8 (Latin-1 "ä"): left in the inbox, the others are taken.
        let latin1 =
            Array(harness.directory.path("inbox/rechnung-").utf8CString.dropLast()) + [CChar(bitPattern: 0xE4), 0]
        let descriptor = open(latin1, O_WRONLY | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        close(descriptor)
        let summary = try await harness.runOnce()
        #expect(summary.total == odd.count)
        #expect(Set(try await harness.receipts().map(\.sourceName)) == Set(odd))
        #expect(harness.files(in: "inbox") == [".hidden.xml", "editor.xml~", "upload.tmp", "upload.xml.part"])
    }

    @Test func aFileModifiedJustNowWaitsUntilItIsStable() async throws {
        let harness = try PipelineHarness { $0.stableAfter = 0.5 }
        try harness.dropSample("cii-invoice-valid.xml")
        let started = Date()
        let summary = try await harness.runOnce()
        #expect(summary.total == 1)
        #expect(Date().timeIntervalSince(started) >= 0.4)
    }

    @Test func tenantsByDirectoryByLeitwegPrefixAndUnmatchedRejected() async throws {
        let harness = try PipelineHarness {
            $0.tenants = [
                .init(id: "stadt-a", inboxDirectory: "stadt-a"),
                .init(id: "land-b", buyerReferencePrefixes: ["04011000"]),
            ]
            $0.defaultTenant = nil
        }
        let ubl = try PipelineHarness.sample("ubl-invoice-valid.xml")
        let reference = try #require(Self.buyerReference(in: ubl))
        try harness.drop(Array(ubl.utf8), as: "stadt-a/invoice.xml")
        let otherNumber = ubl.replacingOccurrences(of: "NL-2026-00417", with: "NL-2026-00418")
        try harness.drop(
            Array(otherNumber.replacingOccurrences(of: reference, with: "04011000-1234-56").utf8),
            as: "b.xml"
        )
        let unmatched = ubl.replacingOccurrences(of: "NL-2026-00417", with: "NL-2026-00419")
        try harness.drop(Array(unmatched.replacingOccurrences(of: reference, with: "991-11111-11").utf8), as: "c.xml")
        try await harness.runOnce()
        let bookings = try await harness.store.bookings(after: 0, limit: 10)
        #expect(bookings.first { $0.sourceName == "stadt-a/invoice.xml" }?.tenant == "stadt-a")
        #expect(bookings.first { $0.sourceName == "b.xml" }?.tenant == "land-b")
        let c = try #require(try await harness.receipt("c.xml"))
        #expect(c.outcome == .rejected)
        #expect(try await harness.rejection(of: c)?.reasonClass == "no_tenant")
    }

    static func buyerReference(in document: String) -> String? {
        for tag in ["<cbc:BuyerReference>", "<ram:BuyerReference>"] {
            if let start = document.range(of: tag),
                let end = document.range(of: "</", range: start.upperBound..<document.endIndex)
            {
                return String(document[start.upperBound..<end.lowerBound])
            }
        }
        return nil
    }
}
