import EInvoicePipeline
import EInvoiceStore
import EInvoiceTestPDF
import EInvoiceTestSupport
import EInvoiceValidation
import Foundation
import Testing

/// ZUGFeRD / Factur-X PDFs in the inbox: booked from their embedded XML, kept as received with the XML beside
/// them, or rejected with the PDF's or the profile's reason.
@Suite(.serialized) struct PDFIntakeTests {
    @Test(.timeLimit(.minutes(2))) func booksAHybridInvoiceFromItsXMLAndArchivesBoth() async throws {
        let harness = try PipelineHarness()
        let xml = try HybridInvoices.xrechnungCII()
        let pdf = TestPDF.hybrid([.init(name: "factur-x.xml", data: xml)], conformanceLevel: "XRECHNUNG")
        // Recognised by content: the name says nothing.
        try harness.drop(pdf, as: "scan-0001.bin")
        let summary = try await harness.runOnce()
        #expect(summary.outcomes == [.booked: 1])
        let listed = try #require(try await harness.store.bookings(after: 0, limit: 10).first)
        let booking = try #require(try await harness.store.booking(listed.id))
        let pdfHash = SHA256.hex(pdf)
        let xmlHash = SHA256.hex(xml)
        #expect(booking.sha256 == pdfHash)
        #expect(booking.invoiceNumber.isEmpty == false)
        let terms = try #require(booking.terms)
        #expect(terms.contains(#""embedded":{"file":"factur-x.xml","pdf_sha256":"\#(pdfHash)""#))
        #expect(terms.contains(#""sha256":"\#(xmlHash)""#))
        let archive = harness.data.archive
        #expect(FileManager.default.contents(atPath: archive.path(of: pdfHash)).map { [UInt8]($0) } == pdf)
        #expect(FileManager.default.contents(atPath: archive.embeddedPath(of: pdfHash)).map { [UInt8]($0) } == xml)
    }

    @Test(.timeLimit(.minutes(2))) func rejectsPDFsWithTheirReason() async throws {
        let harness = try PipelineHarness()
        let xml = try HybridInvoices.xrechnungCII()
        let cases: [(String, [UInt8], String, String)] = [
            (
                "basic.pdf",
                TestPDF.hybrid(
                    [
                        .init(
                            name: "factur-x.xml",
                            data: try HybridInvoices.cii(guideline: HybridInvoices.guidelines["BASIC"]!)
                        )
                    ],
                    conformanceLevel: "BASIC"
                ),
                "profile", "profile not covered by the configured rules: BASIC"
            ),
            (
                "minimum.pdf",
                TestPDF.hybrid(
                    [
                        .init(
                            name: "factur-x.xml",
                            data: try HybridInvoices.cii(guideline: HybridInvoices.guidelines["MINIMUM"]!)
                        )
                    ],
                    conformanceLevel: "MINIMUM"
                ),
                "profile", "not an invoice under the German e-invoicing rules"
            ),
            (
                "encrypted.pdf",
                TestPDF.hybrid([.init(name: "factur-x.xml", data: xml)]) { _ in " /Encrypt <</V 2>>" },
                "pdf", "encrypted"
            ),
            ("order.pdf", TestPDF.hybrid([.init(name: "order-x.xml", data: xml)]), "pdf", "an order"),
        ]
        for (name, bytes, _, _) in cases { try harness.drop(bytes, as: name) }
        let summary = try await harness.runOnce()
        #expect(summary.outcomes == [.rejected: cases.count])
        for (name, _, reasonClass, reason) in cases {
            let receipt = try #require(try await harness.receipt(name))
            let rejection = try #require(try await harness.rejection(of: receipt))
            #expect(rejection.reasonClass == reasonClass, "\(name)")
            #expect(rejection.reason.contains(reason), "\(name): \(rejection.reason)")
            let directory = try #require(rejection.reportDirectory)
            let report = try String(
                contentsOfFile: harness.data.path + "/" + directory + "/invoice-report.xml",
                encoding: .utf8
            )
            #expect(report.contains("<rep:documentReference>\(name) (embedded"), "\(name)")
        }
        // The profile rejections keep their XML beside the PDF; the unreadable ones have none.
        let basic = try #require(try await harness.receipt("basic.pdf"))
        #expect(FileManager.default.fileExists(atPath: harness.data.archive.embeddedPath(of: basic.sha256 ?? "")))
    }
}
