import EInvoiceReports
import EInvoiceValidation
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What the page says for documents the golden files do not cover, and how it stays small.
@Suite struct HTMLReportContentTests {
    @Test func thousandsOfFindingsGetALimitedNumberOfExcerpts() throws {
        var report = try ReportFixtures.report(
            try ReportFixtures.sample("ubl-invoice-missing-buyer-reference.xml"),
            name: "many.xml"
        )
        let message = try #require(report.validation.failed.first)
        report.validation.failed = (0..<3_000).map { index in
            var copy = message
            copy.line = index % 120 + 1
            return copy
        }
        let writer = HTMLReportWriter(language: .english)
        let output = String(decoding: try writer.render(report), as: UTF8.self)
        #expect(output.components(separatedBy: "<table class=\"excerpt\">").count - 1 == writer.excerptLimit)
        #expect(output.components(separatedBy: "<article class=\"finding").count - 1 == 3_000)
        #expect(output.contains("Excerpts of the document are shown for the first 100 findings."))
        #expect(output.utf8.count < 6_000_000)
    }

    @Test func unreadableDocumentSaysSo() throws {
        let report = try ReportFixtures.report(Array("<note>not an invoice</note>".utf8), name: "note.xml")
        #expect(report.identity == nil)
        let german = String(decoding: try HTMLReportWriter().render(report), as: UTF8.self)
        #expect(german.contains("Kein passendes Prüfszenario"))
        #expect(german.contains("Das Dokument konnte nicht als Rechnung gelesen werden"))
        #expect(german.contains("<html lang=\"de\">"))
        let english = String(decoding: try HTMLReportWriter(language: .english).render(report), as: UTF8.self)
        #expect(english.contains("No matching validation scenario"))
        #expect(english.contains("could not be read as an invoice"))
    }

    @Test func documentInLatin1IsShownDecoded() throws {
        let sample = try ReportFixtures.sample("ubl-invoice-missing-buyer-reference.xml")
        let text = String(decoding: sample, as: UTF8.self).replacing(
            "encoding=\"UTF-8\"",
            with: "encoding=\"ISO-8859-1\""
        )
        let latin1 = text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
        let report = try ReportFixtures.report(latin1, name: "latin1.xml")
        #expect(report.validation.failed.map(\.id) == ["BR-DE-15"])
        let output = String(decoding: try HTMLReportWriter().render(report), as: UTF8.self)
        #expect(output.contains("ISO-8859-1, für die Ausschnitte umgewandelt"))
        #expect(!output.contains("\u{FFFD}"))
        #expect(output.contains("Nordlicht Bürobedarf GmbH"))
    }

    @Test func minifiedDocumentIsCutAroundTheFinding() throws {
        let sample = try ReportFixtures.sample("ubl-invoice-missing-buyer-reference.xml")
        let lines = String(decoding: sample, as: UTF8.self).split(separator: "\n")
        let minified = lines.first! + "\n" + lines.dropFirst().map { $0.drop { $0 == " " } }.joined(separator: " ")
        let report = try ReportFixtures.report(Array(minified.utf8), name: "minified.xml")
        #expect(report.validation.failed.map(\.line) == [2])
        let output = String(decoding: try HTMLReportWriter().render(report), as: UTF8.self)
        #expect(output.contains("<mark>&lt;ubl:Invoice xmlns:ubl="))
        #expect(output.contains("<span class=\"cut\" title=\"gekürzt\">\u{2026}</span></code>"))
        #expect(!output.contains("RegistrationName"))
    }
}
