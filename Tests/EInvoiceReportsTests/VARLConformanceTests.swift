import EInvoiceReports
import EInvoiceTestSupport
import EInvoiceValidation
import EInvoiceXML
import Foundation
import Testing

/// Every document of the four reference corpora, validated with the full scenario (as `--report` does) and
/// written as a VARL report: the report is valid against KoSIT's report.xsd, and its messages (step, code,
/// level) and assessment are the validator's.
@Suite struct VARLConformanceTests {
    /// The messages the VARL report must hold, in order, read from the validation report.
    private func expectedMessages(_ validation: ValidationReport, scenario: ConfiguredScenario?) -> [String] {
        guard validation.wellformed else {
            return ["val-xml \(validation.intakeError.map { "\($0.code)" } ?? "processing-error") error"]
        }
        guard let scenario else { return [] }
        var result = validation.xsdErrors.map { "val-xsd \($0.type) error" }
        if validation.xsdValid == false { return result }
        for (index, step) in scenario.stepIDs.enumerated() {
            result += validation.failed.filter { $0.step == step }.map {
                "val-sch.\(index + 1) \($0.id) \($0.level.rawValue)"
            }
            if let error = validation.processingError, error.hasPrefix(step + ": ") {
                result.append("val-sch.\(index + 1) processing-error error")
                break
            }
        }
        return result
    }

    private func check(_ testCase: CorpusCase) throws {
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: testCase.document)))
        let report = try SharedValidator.report(bytes, name: testCase.file)
        let validation = report.validation
        let xml = try VARLReportWriter().render(report)
        let violations = try ReportSchema.violations(xml)
        #expect(violations.isEmpty, "\(testCase.file): \(violations.map(\.message))")
        let reading = try VARLReading(xml)
        if !testCase.isCENOnly {
            // The reference's own results: decision, and the multiset of (rule id, level) when the rules counted.
            let expected = testCase.expected
            #expect(reading.assessment == expected.decision, "\(testCase.file)")
            if expected.schematronRun {
                let rules = reading.messages.filter { $0.step.hasPrefix("val-sch") }.map { "\($0.code) \($0.level)" }
                #expect(rules.sorted() == expected.failed.map { "\($0.id) \($0.level)" }.sorted(), "\(testCase.file)")
            }
        }
        #expect(reading.assessment == validation.decision.rawValue, "\(testCase.file)")
        #expect(reading.scenarioName == report.scenario?.scenario.name, "\(testCase.file)")
        #expect(
            reading.messages.map(\.description) == expectedMessages(validation, scenario: report.scenario),
            "\(testCase.file)"
        )
        // Every Schematron message is located.
        let located = reading.messages.filter { $0.step.hasPrefix("val-sch") && $0.code != "processing-error" }
        #expect(located.allSatisfy { $0.line != nil && $0.column != nil }, "\(testCase.file): unlocated message")
        // The JSON report says the same.
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(JSONReportWriter().render(report))) as? [String: Any]
        )
        let assessment = try #require(json["assessment"] as? [String: Any])
        #expect(assessment["decision"] as? String == validation.decision.rawValue)
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.compactMap { $0["id"] as? String } == reading.steps)
    }

    @Test(arguments: try Corpus.cases(in: "xrechnung-testsuite"))
    func xrechnungTestsuite(_ testCase: CorpusCase) throws { try check(testCase) }

    @Test(arguments: try Corpus.cases(in: "xr-unit"))
    func xrUnit(_ testCase: CorpusCase) throws { try check(testCase) }

    @Test(arguments: try Corpus.cases(in: "kosit-config"))
    func kositConfig(_ testCase: CorpusCase) throws { try check(testCase) }

    @Test(arguments: try Corpus.cases(in: "cen-unit"))
    func cenUnit(_ testCase: CorpusCase) throws { try check(testCase) }
}
