import EInvoiceTestSupport
import EInvoiceValidation
import Foundation
import Testing

/// A large document's XML Schema validation and patterns share the processors, and its XML Schema validation starts
/// while it is parsed: the report must be the one the patterns give when they run one after another, finding for
/// finding and in the same order.
@Suite struct ParallelValidationTests {
    private static func validator(parallelNodeThreshold: Int, parallelByteThreshold: Int = .max) throws -> Validator {
        try Validator.makeUnverified(
            rulesDirectory: try PackagePaths.rulesDirectory(),
            schemasDirectory: try PackagePaths.schemasDirectory(),
            compilesEagerly: false,
            parallelNodeThreshold: parallelNodeThreshold,
            parallelByteThreshold: parallelByteThreshold,
            parallelByteThresholdBeforeCompilation: parallelByteThreshold
        )
    }

    private static func encoded(_ report: ValidationReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// Every document of the scenario corpora (among them documents that are not well-formed, match no scenario
    /// or are invalid against their schema), each run on all processors however small, against the shared
    /// validator, which runs documents of this size on one. Once with the patterns shared out, once with only the
    /// XML Schema validation started early; both validators compile their rules and schemas lazily (the early one
    /// its schema on the other processor).
    @Test(arguments: [0, Int.max])
    func everyCorpusDocumentGetsTheSameReportOnAllProcessors(parallelNodeThreshold: Int) throws {
        let parallel = try Self.validator(parallelNodeThreshold: parallelNodeThreshold, parallelByteThreshold: 0)
        let sequential = try StandardValidator.get()
        for corpus in ["xrechnung-testsuite", "xr-unit", "kosit-config"] {
            for testCase in try Corpus.cases(in: corpus) {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: testCase.document)))
                let expected = try Self.encoded(sequential.validate(bytes, file: testCase.file))
                let actual = try Self.encoded(parallel.validate(bytes, file: testCase.file))
                #expect(actual == expected, "\(testCase.file)")
            }
        }
    }

    /// The valid sample with its line repeated 1,200 times (above the default thresholds), numbered; `change`
    /// rewrites every tenth line, given its number.
    private static func largeInvoice(changingEveryTenthLine change: (String, Int) -> String) throws -> [UInt8] {
        let sample = try String(
            contentsOfFile: try PackagePaths.samplesDirectory() + "/ubl-invoice-valid.xml",
            encoding: .utf8
        )
        let start = try #require(sample.range(of: "    <cac:InvoiceLine>"))
        let end = try #require(sample.range(of: "</cac:InvoiceLine>\n"))
        let line = String(sample[start.lowerBound..<end.upperBound])
        var lines = ""
        for index in 0..<1200 {
            let copy = line.replacingOccurrences(of: "<cbc:ID>1</cbc:ID>", with: "<cbc:ID>\(index + 1)</cbc:ID>")
            lines += index % 10 == 0 ? change(copy, index + 1) : copy
        }
        return Array((String(sample[..<start.lowerBound]) + lines + String(sample[end.upperBound...])).utf8)
    }

    /// A large invoice with every tenth line's amount wrong: the same findings in the same order as with every
    /// pattern on one thread and the XML Schema validated after parsing.
    @Test func aLargeInvoiceGetsTheSameReportOnAllProcessors() throws {
        let bytes = try Self.largeInvoice { line, _ in line.replacingOccurrences(of: ">90.00<", with: ">91.00<") }
        #expect(bytes.count >= ValidatorConfiguration.defaultParallelByteThreshold)

        let sequential = try Self.validator(parallelNodeThreshold: .max)
        let expected = sequential.validate(bytes, file: "large.xml")
        let actual = try StandardValidator.get().validate(bytes, file: "large.xml")
        #expect(expected.failed.count >= 120)
        #expect(expected.decision == .reject)
        #expect(try Self.encoded(actual) == Self.encoded(expected))
    }

    /// The same large invoice made invalid against its schema (an unknown element in every tenth line): the schema
    /// errors validated while the document was parsed are the ones validated after it, with their positions.
    @Test func aLargeSchemaInvalidInvoiceGetsTheSameReport() throws {
        let bytes = try Self.largeInvoice { line, number in
            line.replacingOccurrences(
                of: "<cbc:ID>\(number)</cbc:ID>",
                with: "<cbc:ID>\(number)</cbc:ID><cbc:Unknown/>"
            )
        }

        let sequential = try Self.validator(parallelNodeThreshold: .max)
        let expected = sequential.validate(bytes, file: "large.xml")
        let early = try Self.validator(parallelNodeThreshold: .max, parallelByteThreshold: 0)
        let actual = early.validate(bytes, file: "large.xml")
        #expect(expected.xsdValid == false)
        #expect(!expected.xsdErrors.isEmpty)
        #expect(try Self.encoded(actual) == Self.encoded(expected))
        #expect(try Self.encoded(StandardValidator.get().validate(bytes, file: "large.xml")) == Self.encoded(expected))
    }
}
