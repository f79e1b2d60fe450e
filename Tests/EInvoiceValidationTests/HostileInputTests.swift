import EInvoiceTestSupport
import EInvoiceValidation
import Foundation
import Testing

/// Hostile documents reach the validator as any other document: each is rejected with a reason, none crashes it.
@Suite struct HostileInputTests {
    static let documents: [(String, [UInt8])] = [
        ("empty", []),
        ("not XML", Array("%PDF-1.7 not an invoice".utf8)),
        (
            "truncated",
            Array(
                "<?xml version=\"1.0\"?><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">".utf8
            )
        ),
        (
            "billion laughs",
            Array(
                """
                <?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">\
                <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>
                """.utf8
            )
        ),
        ("external entity", Array("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>".utf8)),
        (
            "wrong encoding",
            Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>".utf8) + [0xE4, 0xFC] + Array("</a>".utf8)
        ),
        ("unknown document type", Array("<?xml version=\"1.0\"?><Order xmlns=\"urn:example:order\"/>".utf8)),
    ]

    @Test(arguments: documents.map(\.0))
    func isRejectedWithAReason(_ name: String) throws {
        let validator = try StandardValidator.get()
        let bytes = try #require(Self.documents.first { $0.0 == name }?.1)
        let report = validator.validate(bytes, file: name)
        #expect(report.decision == .reject)
        #expect(report.processingError != nil)
        #expect(report.failed.isEmpty)
    }

    @Test func anInvalidSchemaKeepsRuleErrorsOutOfTheDecision() throws {
        let path = try Corpus.root() + "/xrechnung-testsuite/business-cases/standard/01.01a-INVOICE_ubl.xml"
        let original = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        let start = try #require(original.range(of: "<cbc:PayableAmount currencyID=\"EUR\">"))
        let end = try #require(original.range(of: "</cbc:PayableAmount>", range: start.upperBound..<original.endIndex))
        let mutated = original.replacingCharacters(in: start.upperBound..<end.lowerBound, with: "abc")
        let report = try StandardValidator.get().validate(Array(mutated.utf8), file: "mutated")
        // The XML Schema rejects "abc" as an amount; KoSIT does not run the rules then, so the casts the rules
        // would fail on are no processing error.
        #expect(report.xsdValid == false)
        #expect(report.decision == .reject)
        #expect(report.processingError == nil)
        #expect(report.schematronRun == false)
    }

    @Test func refusesADocumentOverTheSizeLimit() throws {
        let big = Array("<a>".utf8) + [UInt8](repeating: 0x61, count: 15 * 1024 * 1024 + 1) + Array("</a>".utf8)
        let report = try StandardValidator.get().validate(big, file: "big")
        #expect(report.decision == .reject)
        #expect(report.wellformed == false)
        #expect(report.processingError?.contains("xml.too-large") == true)
    }

    /// A telephone number of 3 million letters (XRechnung checks it with `.*([0-9].*){3,}.*`, which backtracks
    /// with the square of the length on Swift's Regex: hours for this one) is checked in linear time: the invoice
    /// gets its warning and its decision, not a stalled worker. The time limit is a guard against a hang, not a
    /// measurement.
    @Test(.timeLimit(.minutes(1))) func aHugeFieldCheckedByARegexDoesNotStallTheValidator() throws {
        let path = try PackagePaths.samplesDirectory() + "/ubl-invoice-valid.xml"
        let sample = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        let start = try #require(sample.range(of: "<cbc:Telephone>"))
        let end = try #require(sample.range(of: "</cbc:Telephone>"))
        let hostile = sample.replacingCharacters(
            in: start.upperBound..<end.lowerBound,
            with: String(repeating: "a", count: 3_000_000)
        )
        let report = try StandardValidator.get().validate(Array(hostile.utf8), file: "hostile")
        #expect(report.processingError == nil)
        #expect(report.failed.map(\.id) == ["BR-DE-27"])
    }
}
