import EInvoiceTestPDF
import EInvoiceTestSupport
import Foundation
import Testing

/// `eingang validate` and `eingang extract` with ZUGFeRD / Factur-X PDFs, recognised by content.
extension ValidateCommandTests {
    /// A directory with an XRechnung hybrid, a BASIC one, an encrypted one and a text file named `.pdf`.
    func pdfDirectory() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let xml = try HybridInvoices.xrechnungCII()
        _ = try directory.write(
            TestPDF.hybrid([.init(name: "factur-x.xml", data: xml)], conformanceLevel: "XRECHNUNG"),
            to: "in/a-xrechnung.pdf"
        )
        let basic = try HybridInvoices.cii(guideline: HybridInvoices.guidelines["BASIC"]!)
        _ = try directory.write(
            TestPDF.hybrid([.init(name: "factur-x.xml", data: basic)], conformanceLevel: "BASIC"),
            to: "in/b-basic.PDF"
        )
        let encrypted = TestPDF.hybrid([.init(name: "factur-x.xml", data: xml)]) { _ in " /Encrypt <</V 2>>" }
        _ = try directory.write(encrypted, to: "in/c-encrypted.pdf")
        _ = try directory.write("this is not a PDF", to: "in/d-text.pdf")
        _ = try directory.write("ignored", to: "in/e-notes.txt")
        return directory
    }

    @Test(.timeLimit(.minutes(2))) func validatesPDFsInDirectoriesByContent() throws {
        let directory = try pdfDirectory()
        let run = try eingang(["validate", "--format", "json", directory.path("in")])
        #expect(run.status == 1, "\(run.error)")
        let objects = try run.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 4)
        let byName = Dictionary(
            uniqueKeysWithValues: objects.map {
                (($0["file"] as? String)?.split(separator: "/").last.map(String.init) ?? "", $0)
            }
        )
        let accepted = try #require(byName["a-xrechnung.pdf"])
        #expect(accepted["decision"] as? String == "accept")
        #expect(accepted["embedded_file"] as? String == "factur-x.xml")
        #expect(accepted["profile"] as? String == "XRECHNUNG")
        #expect(accepted["scenario"] as? String != nil)
        for key in ["wellformed", "xsd_valid", "xsd_errors", "failed", "processing_error", "sha256", "embedded_sha256"]
        {
            #expect(accepted.keys.contains(key), "\(key) missing")
        }
        let basic = try #require(byName["b-basic.PDF"])
        #expect(basic["processing_error"] as? String == "profile not covered by the configured rules: BASIC")
        #expect(basic["pdf_error"] as? String == "profile.not-covered")
        #expect(try #require(byName["c-encrypted.pdf"])["pdf_error"] as? String == "pdf.encrypted")
        // A text file named .pdf is taken by content: as XML, and it is not well-formed.
        let text = try #require(byName["d-text.pdf"])
        #expect(text["wellformed"] as? Bool == false)
        #expect(text["embedded_file"] == nil)
    }

    @Test(.timeLimit(.minutes(2))) func reportsNameThePDFAndTheEmbeddedFile() throws {
        let directory = try pdfDirectory()
        let run = try eingang([
            "validate", "--report", "all", "--lang", "en", "--output", directory.path("out"),
            directory.path("in/b-basic.PDF"),
        ])
        #expect(run.status == 1, "\(run.error)")
        #expect(run.output.contains("embedded invoice: factur-x.xml (profile BASIC, Alternative, text/xml)"))
        func report(_ name: String) throws -> String {
            String(
                decoding: try #require(FileManager.default.contents(atPath: directory.path("out/" + name))),
                as: UTF8.self
            )
        }
        #expect(
            try report("b-basic-report.xml").contains("b-basic.PDF (embedded factur-x.xml)</rep:documentReference>")
        )
        #expect(try report("b-basic-report.json").contains(#""embedded_file": "factur-x.xml""#))
        let html = try report("b-basic-report.html")
        #expect(html.contains("Embedded invoice (PDF)"))
        #expect(html.contains("factur-x.xml"))
        #expect(html.contains("b-basic.PDF"))
    }

    @Test(.timeLimit(.minutes(1))) func extractWritesTheEmbeddedXML() throws {
        let directory = try pdfDirectory()
        let xml = try HybridInvoices.xrechnungCII()
        let toFile = try eingang(["extract", directory.path("in/a-xrechnung.pdf"), "-o", directory.path("out.xml")])
        #expect(toFile.status == 0, "\(toFile.error)")
        #expect(FileManager.default.contents(atPath: directory.path("out.xml")).map { [UInt8]($0) } == xml)
        let toStandardOutput = try eingang(["extract", directory.path("in/a-xrechnung.pdf")])
        #expect(Array(toStandardOutput.output.utf8) == xml)
        let refused = try eingang(["extract", directory.path("in/c-encrypted.pdf")])
        #expect(refused.status == 1)
        #expect(refused.error.contains("pdf.encrypted"))
    }
}
