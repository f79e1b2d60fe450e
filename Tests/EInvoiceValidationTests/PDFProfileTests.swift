import EInvoicePDF
import EInvoiceTestPDF
import EInvoiceTestSupport
import EInvoiceValidation
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A hybrid PDF is decided by its embedded invoice, through the configured scenarios, plus the profile rules of
/// issue 8. The XML is the corpus's CII business case with each profile's guideline id.
@Suite struct PDFProfileTests {
    func validate(_ pdf: [UInt8]) throws -> ValidationReport {
        try StandardValidator.get().validateDocument(pdf, file: "invoice.pdf") { _ in () }.report
    }

    func hybrid(_ level: String, conformanceLevel: String? = nil, layout: TestPDF.Layout = .table) throws -> [UInt8] {
        let xml = try HybridInvoices.cii(guideline: HybridInvoices.guidelines[level]!)
        return TestPDF.hybrid(
            [.init(name: "factur-x.xml", data: xml)],
            conformanceLevel: conformanceLevel ?? level,
            layout: layout
        )
    }

    /// XRechnung and EN 16931 go through the scenarios unchanged: the report is the XML's own, plus the PDF's fields.
    @Test(arguments: ["XRECHNUNG", "EN 16931"])
    func decidesLikeTheEmbeddedXML(_ level: String) throws {
        let xml = try HybridInvoices.cii(guideline: HybridInvoices.guidelines[level]!)
        let direct = try StandardValidator.get().validate(xml, file: "invoice.pdf")
        let report = try validate(hybrid(level, layout: .objectStreams))
        #expect(direct.scenario != nil)
        #expect(report.scenario == direct.scenario)
        #expect(report.decision == direct.decision)
        #expect(report.failed == direct.failed)
        #expect(report.processingError == direct.processingError)
        #expect(report.file == "invoice.pdf")
        #expect(report.embedded?.fileName == "factur-x.xml")
        #expect(report.embedded?.profile == level)
        #expect(report.embedded?.declaredProfile == level)
        #expect(report.embedded?.failure == nil)
        #expect(report.embedded?.warnings == [])
    }

    @Test func theXRechnungBusinessCaseIsAccepted() throws {
        let report = try validate(hybrid("XRECHNUNG"))
        #expect(report.isAccepted)
    }

    @Test(arguments: ["MINIMUM", "BASIC WL"])
    func rejectsProfilesThatAreNoInvoices(_ level: String) throws {
        let report = try validate(hybrid(level))
        #expect(report.decision == .reject)
        #expect(report.embedded?.failure == "profile.not-an-invoice")
        #expect(report.processingError?.contains("not an invoice under the German e-invoicing rules") == true)
    }

    @Test(arguments: ["BASIC", "EXTENDED"])
    func rejectsProfilesTheRulesDoNotCover(_ level: String) throws {
        let report = try validate(hybrid(level))
        #expect(report.decision == .reject)
        #expect(report.scenario == nil)
        #expect(report.embedded?.failure == "profile.not-covered")
        #expect(report.processingError == "profile not covered by the configured rules: \(level)")
    }

    @Test func rejectsZUGFeRD1AsSuperseded() throws {
        let pdf = TestPDF.hybrid(
            [.init(name: "ZUGFeRD-invoice.xml", data: HybridInvoices.zugferd1)],
            conformanceLevel: "COMFORT"
        )
        let report = try validate(pdf)
        #expect(report.decision == .reject)
        #expect(report.embedded?.failure == "profile.superseded")
        #expect(report.processingError?.hasPrefix("ZUGFeRD 1.0 is superseded") == true)
    }

    @Test func warnsWhenTheXMPProfileDisagreesWithTheXML() throws {
        let report = try validate(hybrid("XRECHNUNG", conformanceLevel: "EN 16931"))
        #expect(report.isAccepted)
        #expect(
            report.embedded?.warnings == [
                "the PDF's XMP metadata declares the profile EN 16931, but the invoice XML is XRECHNUNG"
            ]
        )
    }

    @Test func rejectsUnreadablePDFsWithTheReason() throws {
        let report = try validate(Array("%PDF-1.7\nnothing else".utf8))
        #expect(report.decision == .reject)
        #expect(report.embedded?.failure == "pdf.truncated")
        #expect(report.processingError?.contains("truncated") == true)
    }

    @Test func leavesXMLAlone() throws {
        let xml = try HybridInvoices.xrechnungCII()
        let outcome = try StandardValidator.get().validateDocument(xml, file: "invoice.xml") { _ in () }
        #expect(!outcome.isPDF)
        #expect(outcome.report.embedded == nil)
        #expect(outcome.report.isAccepted)
    }

    @Test func writesThePDFFieldsIntoJSON() throws {
        let report = try validate(hybrid("XRECHNUNG"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(text.contains("\"embedded_file\":\"factur-x.xml\""))
        #expect(text.contains("\"profile\":\"XRECHNUNG\""))
        #expect(text.contains("\"xmp_profile\":\"XRECHNUNG\""))
        #expect(text.contains("\"embedded_relationship\":\"Alternative\""))
        #expect(text.contains("\"pdf_error\":null"))
    }
}
