import EInvoiceTestSupport
import EInvoiceValidation
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ValidationReport {
    func summary(cenOnly: Bool) -> ResultSummary {
        ResultSummary(
            decision: decision.rawValue,
            scenario: scenario,
            wellformed: wellformed,
            xsdValid: xsdValid,
            hasProcessingError: processingError != nil,
            failed: failed.map { ($0.id, $0.level.rawValue, $0.path) },
            cenOnly: cenOnly
        )
    }
}

/// Every document of the four reference corpora, one case each, compared as `../shared/tools/compare.py` does:
/// decision, scenario, well-formedness, XML Schema validity, processing error, the multiset of (rule id, level),
/// and the locations.
@Suite struct ConformanceTests {
    private func check(_ testCase: CorpusCase) throws {
        let validator = try StandardValidator.get()
        let bytes = try #require(FileManager.default.contents(atPath: testCase.document))
        let report =
            testCase.isCENOnly
            ? validator.validateCENOnly([UInt8](bytes), file: testCase.file)
            : validator.validate([UInt8](bytes), file: testCase.file)
        let actual = report.summary(cenOnly: testCase.isCENOnly)
        let differences = testCase.expectedSummary.differences(from: actual)
        #expect(differences.isEmpty, "\(testCase.file): \(differences)")
        #expect(testCase.expectedSummary.pathsAgree(with: actual), "\(testCase.file): locations differ")
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
