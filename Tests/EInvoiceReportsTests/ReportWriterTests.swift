import EInvoiceBusinessTerms
import EInvoiceReports
import EInvoiceTestSupport
import EInvoiceValidation
import EInvoiceXML
import Foundation
import Testing

/// The steps, messages and assessment of reports on documents that stop early, fail the XML Schema, have
/// custom levels or a processing error; escaping; the registry of writers.
@Suite struct ReportWriterTests {
    private func sample(_ name: String) throws -> String {
        let path = try PackagePaths.samplesDirectory() + "/" + name
        return String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
    }

    /// Both reports of a document: the VARL report is checked against report.xsd, the JSON one parsed.
    private func render(_ report: DocumentReport) throws -> (VARLReading, [String: Any]) {
        let xml = try VARLReportWriter().render(report)
        let violations = try ReportSchema.violations(xml)
        #expect(violations.isEmpty, "\(violations.map(\.message))")
        let json = try JSONReportWriter().render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        return (try VARLReading(xml), object)
    }

    private func messages(_ json: [String: Any]) -> [[String: Any]] {
        ((json["steps"] as? [[String: Any]]) ?? []).flatMap { ($0["messages"] as? [[String: Any]]) ?? [] }
    }

    @Test func aDocumentThatIsNotWellFormedHasOnlyTheWellFormednessStep() throws {
        let report = try SharedValidator.report(Array("<Invoice>\n  <a></Invoice>".utf8), name: "broken.xml")
        let (varl, json) = try render(report)
        #expect(varl.scenarioName == nil)
        #expect(varl.steps == ["val-xml"])
        #expect(varl.messages.map(\.description) == ["val-xml xml.not-well-formed error"])
        #expect(varl.messages.first?.line == 2)
        #expect(varl.valid == "false")
        #expect(varl.assessment == "reject")
        #expect((json["processing_error"] as? String)?.hasPrefix("not well-formed") == true)
    }

    @Test func aDocumentOfNoScenarioIsRejectedWithAValidWellFormednessStep() throws {
        let report = try SharedValidator.report(Array("<x/>".utf8), name: "x.xml")
        let (varl, json) = try render(report)
        #expect(varl.steps == ["val-xml"])
        #expect(varl.messages.isEmpty)
        #expect(varl.assessment == "reject")
        #expect(json["processing_error"] as? String == "no scenario matches")
        #expect(json["scenario"] is NSNull)
    }

    @Test func anXMLSchemaErrorIsLocatedAndStopsTheRules() throws {
        let text = try sample("ubl-invoice-valid.xml").replacingOccurrences(
            of: "    <cbc:BuyerReference>",
            with: "    <cbc:Unknown>1</cbc:Unknown><cbc:BuyerReference>"
        )
        let report = try SharedValidator.report(Array(text.utf8), name: "xsd.xml")
        #expect(report.validation.xsdValid == false)
        let (varl, json) = try render(report)
        #expect(varl.steps == ["val-xml", "val-xsd"])
        let first = try #require(varl.messages.first)
        #expect(first.step == "val-xsd" && first.level == "error")
        #expect(first.line == 13 && first.column == 5)
        #expect(varl.assessment == "reject")
        // What the rules say anyway is in the JSON report only, marked as not counting.
        #expect(((json["ungated_messages"] as? [Any]) ?? []).count == report.validation.failedUngated?.count)
        // The JSON Lines output keeps libxml2's column.
        #expect(report.validation.xsdErrors.first?.column == 0)
    }

    @Test func customLevelsChangeTheLevelAndAreListedInTheAssessment() throws {
        let text = try sample("ubl-invoice-valid.xml").replacingOccurrences(
            of: #"<cbc:InvoicedQuantity unitCode="H87">3<"#,
            with: #"<cbc:InvoicedQuantity unitCode="XXX">3<"#
        )
        let report = try SharedValidator.report(Array(text.utf8), name: "unit.xml")
        let (varl, json) = try render(report)
        let message = try #require(varl.messages.first { $0.code == "BR-CL-23" })
        #expect(message.level == "warning")
        #expect(message.line == 120 && message.column == 9)
        #expect(varl.customLevels == ["warning: BR-CL-23"])
        #expect(varl.assessment == report.validation.decision.rawValue)
        let finding = try #require(messages(json).first { $0["code"] as? String == "BR-CL-23" })
        #expect(finding["base_level"] as? String == "error")
        #expect(finding["level"] as? String == "warning")
    }

    @Test func aProcessingErrorEndsTheStepsAtTheStepItStopped() throws {
        let validator = try SharedValidator.get()
        let scenario = try #require(validator.scenario(named: "EN16931 XRechnung (UBL Invoice)"))
        var validation = ValidationReport.rejected(file: "p.xml", wellformed: true, processingError: nil)
        validation.scenario = scenario.scenario.name
        validation.xsdValid = true
        validation.processingError = "cen: err:FORG0001: cannot cast '' to xs:decimal"
        let report = DocumentReport(
            validation: validation,
            sourceName: "p.xml",
            source: [],
            identity: nil,
            validatedAt: Date(timeIntervalSince1970: 0),
            validator: validator
        )
        let (varl, _) = try render(report)
        #expect(varl.steps == ["val-xml", "val-xsd", "val-sch.1"])
        #expect(varl.messages.map(\.description) == ["val-sch.1 processing-error error"])
        #expect(varl.assessment == "reject")
    }

    @Test func valuesFromTheDocumentAreEscaped() throws {
        let name = "a<b>&\"c\"\n\u{1}.xml"
        var report = try SharedValidator.report(Array("<x/>".utf8), name: name)
        report.identity = InvoiceIdentity(invoiceNumber: "<script>alert(\"1\")</script>", sellerName: "A & B\n")
        let xml = String(decoding: try VARLReportWriter().render(report), as: UTF8.self)
        #expect(xml.contains("<rep:documentReference>a&lt;b&gt;&amp;\"c\"\n\u{FFFD}.xml</rep:documentReference>"))
        let (_, json) = try render(report)
        #expect((json["document"] as? [String: Any])?["reference"] as? String == "a<b>&\"c\"\n\u{1}.xml")
        let identity = try #require(json["identity"] as? [String: Any])
        #expect(identity["invoice_number"] as? String == "<script>alert(\"1\")</script>")
        #expect(identity["seller_name"] as? String == "A & B\n")
        #expect(identity["buyer_reference"] is NSNull)
    }

    @Test func theTimestampIsUTCWithMilliseconds() throws {
        var report = try SharedValidator.report(Array("<x/>".utf8), name: "x.xml")
        for (seconds, expected) in [
            (0.0, "1970-01-01T00:00:00.000Z"), (951_782_400.5, "2000-02-29T00:00:00.500Z"),
            (-1.0, "1969-12-31T23:59:59.000Z"), (4_107_542_399.999, "2100-02-28T23:59:59.999Z"),
        ] {
            report.validatedAt = Date(timeIntervalSince1970: seconds)
            let (_, json) = try render(report)
            #expect(json["timestamp"] as? String == expected)
        }
    }

    @Test func everyRegisteredWriterWritesItsFormat() {
        #expect(ReportWriters.formats.contains(.varl) && ReportWriters.formats.contains(.json))
        for format in ReportWriters.formats {
            #expect(ReportWriters.writer(for: format)?.format == format)
        }
        #expect(ReportWriters.all().map(\.format) == ReportWriters.formats)
    }
}
