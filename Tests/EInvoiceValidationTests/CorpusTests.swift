import EInvoiceTestSupport
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite struct CorpusTests {
    @Test(arguments: [("xrechnung-testsuite", 86), ("xr-unit", 349), ("kosit-config", 51), ("cen-unit", 1140)])
    func decodesEveryCorpus(name: String, count: Int) throws {
        let cases = try Corpus.cases(in: name)
        #expect(cases.count == count)
        #expect(cases.allSatisfy { $0.isCENOnly == (name == "cen-unit") })
        #expect(cases.allSatisfy { $0.description == $0.file && $0.document.hasSuffix("/" + $0.file) })
        for testCase in cases {
            #expect(testCase.expectedSummary.agrees(with: testCase.expectedSummary))
        }
        if name == "cen-unit" { #expect(cases.allSatisfy { $0.declared != nil }) }
    }

    @Test func summaryDifferencesFollowComparePy() throws {
        let testCase = try #require(try Corpus.cases(in: "xr-unit").first { $0.expected.failed.count >= 2 })
        let expected = testCase.expectedSummary
        var actual = testCase.expected
        actual.failed.removeFirst()
        actual.failed.append(
            .init(id: "BR-X", flag: "fatal", level: "error", baseLevel: "error", kind: "assert", path: "/")
        )
        actual.scenario = nil
        actual.xsdValid = nil
        let differences = expected.differences(from: ResultSummary(expected: actual))
        #expect(differences.count == 4)
        #expect(differences.last == "extra: [BR-X:error]")
        #expect(
            ResultSummary(expected: testCase.expected, cenOnly: true).differences(
                from: ResultSummary(expected: actual, cenOnly: true)
            ).count == 2
        )
    }

    @Test func temporaryDirectoryIsRemoved() throws {
        var path = ""
        try withTemporaryDirectory { directory in
            path = try directory.write("x", to: "a/b/c.txt")
        }
        #expect(!path.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
