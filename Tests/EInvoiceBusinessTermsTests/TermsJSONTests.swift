import EInvoiceBusinessTerms
import EInvoiceTestSupport
import Foundation
import Testing

/// The generated JSON writer of the booking terms (`BusinessTerms.jsonBytes()`) writes what `JSONEncoder` with sorted
/// keys and unescaped slashes writes, and is generated from the structs as they are now.
@Suite struct TermsJSONTests {
    static func written(_ terms: BusinessTerms) -> String {
        String(decoding: terms.jsonBytes(), as: UTF8.self)
    }

    /// Every invoice and credit note of every corpus whose terms can be read.
    @Test func theTermsOfEveryCorpusDocumentComeOutAsJSONEncoderWritesThem() throws {
        for (path, terms) in try SortedJSONTests.corpusTerms() {
            #expect(Self.written(terms) == (try SortedJSONTests.reference(terms)), "\(path)")
        }
    }

    @Test(arguments: [
        "plain", "", "a/b", "quote \" and backslash \\", "\n\r\t\u{8}\u{C}", "\u{0}\u{1}\u{1F}\u{7F}",
        "Grüße € \u{2028} 😀",
    ])
    func stringsAreEscapedAsJSONEncoderEscapesThem(_ text: String) throws {
        var terms = BusinessTerms()
        terms.invoiceNumber = text
        terms.notes = [BusinessTerms.Note()]
        terms.notes[0].text = text
        var attachment = BusinessTerms.Attachment()
        attachment.filename = text
        attachment.sizeBytes = -7
        terms.attachments = [attachment, BusinessTerms.Attachment()]
        #expect(Self.written(terms) == (try SortedJSONTests.reference(terms)))
        #expect(Self.written(BusinessTerms()) == (try SortedJSONTests.reference(BusinessTerms())))
    }

    /// A struct changed without running `scripts/generate-terms-json` would write stale JSON.
    @Test func theWriterIsGeneratedFromTheStructsAsTheyAre() throws {
        let script = try PackagePaths.packageRoot() + "/scripts/generate-terms-json"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--check"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "run scripts/generate-terms-json")
    }
}
