import EInvoiceTestSupport
import EInvoiceValidation
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
        let validator = try SharedValidator.get()
        let bytes = try #require(Self.documents.first { $0.0 == name }?.1)
        let report = validator.validate(bytes, file: name)
        #expect(report.decision == .reject)
        #expect(report.processingError != nil)
        #expect(report.failed.isEmpty)
    }

    @Test func refusesADocumentOverTheSizeLimit() throws {
        let big = Array("<a>".utf8) + [UInt8](repeating: 0x61, count: 15 * 1024 * 1024 + 1) + Array("</a>".utf8)
        let report = try SharedValidator.get().validate(big, file: "big")
        #expect(report.decision == .reject)
        #expect(report.wellformed == false)
        #expect(report.processingError?.contains("xml.too-large") == true)
    }
}
