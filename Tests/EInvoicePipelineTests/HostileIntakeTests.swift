import EInvoicePipeline
import EInvoiceStore
import EInvoiceTestPDF
import EInvoiceTestSupport
import Foundation
import Testing

/// Bad input is normal input: each file gets a rejection with a clear reason and the pipeline goes on.
@Suite(.serialized) struct HostileIntakeTests {
    static let cases: [(name: String, bytes: [UInt8], reasonClass: String)] = [
        ("empty.xml", [], "not_wellformed"),
        ("text.xml", Array("Dies ist keine Rechnung.".utf8), "not_wellformed"),
        (
            "truncated.xml",
            Array(
                "<?xml version=\"1.0\"?><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><cbc:ID"
                    .utf8
            ), "not_wellformed"
        ),
        (
            "laughs.xml",
            Array(
                """
                <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">
                <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>
                """.utf8
            ),
            "not_wellformed"
        ),
        (
            "xxe.xml",
            Array(
                """
                <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>
                """.utf8
            ),
            "not_wellformed"
        ),
        (
            "latin1-lie.xml",
            Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><r>".utf8) + [0xE4, 0xFC] + Array("</r>".utf8),
            "not_wellformed"
        ),
        ("ebcdic.xml", Array("<?xml version=\"1.0\" encoding=\"EBCDIC-CP-US\"?><r/>".utf8), "not_wellformed"),
        ("unknown.xml", Array("<?xml version=\"1.0\"?><Bestellung xmlns=\"urn:example:order\"/>".utf8), "no_scenario"),
        // Told apart by content: a text named .pdf is no PDF, and a PDF bomb stops at the inflate limit.
        ("fake.pdf", Array("Dies ist auch keine Rechnung.".utf8), "not_wellformed"),
        (
            "bomb.pdf",
            TestPDF.hybrid([.init(name: "factur-x.xml", data: [UInt8](repeating: 0x20, count: 20 << 20))]),
            "pdf"
        ),
        ("truncated.pdf", Array(TestPDF.hybrid([.init(name: "factur-x.xml", data: [0x3C])]).prefix(300)), "pdf"),
    ]

    @Test func eachHostileFileIsRejectedWithItsReason() async throws {
        let harness = try PipelineHarness()
        for item in Self.cases { try harness.drop(item.bytes, as: item.name) }
        let summary = try await harness.runOnce()
        #expect(summary.outcomes == [.rejected: Self.cases.count])
        for item in Self.cases {
            let receipt = try #require(try await harness.receipt(item.name), "\(item.name)")
            let rejection = try #require(try await harness.rejection(of: receipt), "\(item.name)")
            #expect(rejection.reasonClass == item.reasonClass, "\(item.name): \(rejection.reason)")
            #expect(!rejection.reason.isEmpty)
        }
        // Nothing of /etc/passwd reached the data directory.
        let passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
        let firstLine = String(passwd.split(separator: "\n").first ?? "root:x:0:0")
        for file in harness.files(in: "data") where !file.hasSuffix(".sqlite") {
            let contents = (try? String(contentsOfFile: harness.directory.path("data/" + file), encoding: .utf8)) ?? ""
            #expect(!contents.contains(firstLine), "\(file)")
        }
    }

    @Test func aFileOverTheSizeLimitIsRejectedUnreadButArchived() async throws {
        let harness = try PipelineHarness { $0.maxFileSize = 1000 }
        try harness.dropSample("ubl-invoice-valid.xml", as: "big.xml")
        try await harness.runOnce()
        let receipt = try #require(try await harness.receipt("big.xml"))
        let rejection = try #require(try await harness.rejection(of: receipt))
        #expect(rejection.reasonClass == "too_large")
        #expect(receipt.sha256 != nil)
    }

    @Test func aSymbolicLinkIsRejectedAndNeverFollowed() async throws {
        let harness = try PipelineHarness()
        try FileManager.default.createSymbolicLink(
            atPath: harness.directory.path("inbox/passwd.xml"),
            withDestinationPath: "/etc/passwd"
        )
        try await harness.runOnce()
        let receipt = try #require(try await harness.receipt("passwd.xml"))
        #expect(receipt.outcome == .rejected)
        #expect(receipt.sha256 == nil)
        #expect(try await harness.rejection(of: receipt)?.reasonClass == "symlink")
        #expect(FileManager.default.fileExists(atPath: "/etc/passwd"))
    }

    @Test func anotherCIUSIsRejectedByScenario() async throws {
        let harness = try PipelineHarness()
        let ubl = try PipelineHarness.sample("ubl-invoice-valid.xml")
        guard let start = ubl.range(of: "<cbc:CustomizationID>"), let end = ubl.range(of: "</cbc:CustomizationID>")
        else {
            Issue.record("the sample has no CustomizationID")
            return
        }
        let other = ubl.replacingCharacters(
            in: start.upperBound..<end.lowerBound,
            with: "urn:cen.eu:en16931:2017#compliant#urn:example:other-cius"
        )
        try harness.drop(Array(other.utf8), as: "other-cius.xml")
        try await harness.runOnce()
        let receipt = try #require(try await harness.receipt("other-cius.xml"))
        #expect(receipt.outcome == .rejected)
    }
}
