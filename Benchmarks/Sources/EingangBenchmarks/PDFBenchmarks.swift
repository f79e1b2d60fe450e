import EInvoicePDF
import EInvoiceTestPDF
import Foundation

/// Extraction of the embedded invoice from typical ZUGFeRD / Factur-X PDFs (issue 8: ≤ 5 ms median for one to
/// three pages): the corpus's CII business case embedded by TestPDF, with three pages of text and a 40 KiB
/// stream standing in for an embedded font, in both cross-reference layouts.
func benchmarkPDFExtraction(corpus: String, quick: Bool) throws {
    let xml = [UInt8](FileManager.default.contents(atPath: corpus + "/standard/01.01a-INVOICE_uncefact.xml") ?? Data())
    precondition(!xml.isEmpty, "the corpus's CII business case is missing")
    let batch = 100
    for (label, layout) in [("xref table", TestPDF.Layout.table), ("object streams", .objectStreams)] {
        let pdf = TestPDF.hybrid(
            [.init(name: "factur-x.xml", data: xml)],
            conformanceLevel: "XRECHNUNG",
            layout: layout,
            pages: 3,
            padding: 40 << 10
        )
        let extracted = try extractInvoice(from: pdf)
        precondition(extracted.xml == xml, "extraction failed")
        report(
            try Measurement.run(
                "pdf: extract, 3 pages, \(pdf.count / 1024) KiB, \(label)",
                repetitions: quick ? 5 : 30,
                documents: batch
            ) {
                for _ in 0..<batch { _ = try extractInvoice(from: pdf) }
            }
        )
    }
}
