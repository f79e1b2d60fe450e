import EInvoiceBusinessTerms
import EInvoiceTestSupport
import EInvoiceXML
import Foundation
import Testing

/// A business case of the XRechnung test suite written in both syntaxes.
struct SyntaxPair: Sendable, CustomTestStringConvertible {
    /// The file name without `_ubl.xml` / `_uncefact.xml`, e.g. `01.01a-INVOICE`.
    var name: String
    var ubl: String
    var cii: String

    var testDescription: String { name }

    /// Every pair of `xrechnung-testsuite`, sorted by name.
    static func all() throws -> [SyntaxPair] {
        let root = try Corpus.root() + "/xrechnung-testsuite"
        guard let enumerator = FileManager.default.enumerator(atPath: root) else {
            throw TestDataError("cannot list \(root)")
        }
        var pairs: [SyntaxPair] = []
        while let relative = enumerator.nextObject() as? String {
            guard relative.hasSuffix("_ubl.xml") else { continue }
            let stem = String(relative.dropLast("_ubl.xml".count))
            let cii = root + "/" + stem + "_uncefact.xml"
            guard FileManager.default.fileExists(atPath: cii) else { continue }
            let name = String(stem.split(separator: "/").last ?? "")
            pairs.append(SyntaxPair(name: name, ubl: root + "/" + relative, cii: cii))
        }
        return pairs.sorted { $0.name < $1.name }
    }
}

/// A difference between the two files of a case that the files really have.
struct KnownDifference: Sendable {
    var caseName: String
    var field: FieldDifference
    /// Why the values differ, from the files themselves.
    var evidence: String

    init(_ caseName: String, _ path: String, ubl: String?, cii: String?, _ evidence: String) {
        self.caseName = caseName
        field = FieldDifference(path: path, ubl: ubl, cii: cii)
        self.evidence = evidence
    }
}

/// A document of `../shared/corpus`, by its path inside the corpus.
func corpusFile(_ relative: String) throws -> String { try Corpus.root() + "/" + relative }

/// The business terms of a file; fails the test when it is no invoice.
func businessTerms(at path: String) throws -> BusinessTerms {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    return try #require(try BusinessTermsExtractor.extract(from: bytes))
}

@Suite struct CrossSyntaxTests {
    /// The booking entries of a case's two files are equal but for `syntax` and the listed differences.
    @Test(arguments: try SyntaxPair.all())
    func ublAndCIIAgree(_ pair: SyntaxPair) throws {
        var ubl = try businessTerms(at: pair.ubl)
        let cii = try businessTerms(at: pair.cii)
        #expect(ubl.syntax == "ubl-invoice")
        #expect(cii.syntax == "cii")
        ubl.syntax = cii.syntax
        let found = Set(FieldDifference.between(try JSONValue.of(ubl), try JSONValue.of(cii)))
        let listed = Set(crossSyntaxDifferences.filter { $0.caseName == pair.name }.map(\.field))
        for difference in found.subtracting(listed).sorted(by: { $0.path < $1.path }) {
            Issue.record("\(pair.name): unlisted difference \(difference)")
        }
        for difference in listed.subtracting(found).sorted(by: { $0.path < $1.path }) {
            Issue.record("\(pair.name): listed difference no longer found: \(difference)")
        }
    }

    @Test func everyCaseOfTheTestSuiteIsCompared() throws {
        let pairs = try SyntaxPair.all()
        #expect(pairs.count == 40)
        let names = Set(pairs.map(\.name))
        for entry in crossSyntaxDifferences where !names.contains(entry.caseName) {
            Issue.record("a listed difference names no case of the test suite: \(entry.caseName)")
        }
    }
}
