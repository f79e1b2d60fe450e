import EInvoiceTestSupport
import Foundation
import Testing

/// Runs the built `eingang` binary as a user would: output formats and exit statuses are the contract.
@Suite(.serialized) struct ValidateCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    func eingang(_ arguments: [String], input: [UInt8]? = nil) throws -> Run {
        let root = try PackagePaths.packageRoot()
        let binary = root + "/.build/debug/eingang"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw TestDataError("\(binary) is missing: build with `swift build --build-tests` first")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: out, as: UTF8.self),
            error: String(decoding: err, as: UTF8.self)
        )
    }

    @Test(.timeLimit(.minutes(1))) func acceptsAValidInvoiceWithStatusZero() throws {
        let run = try eingang(["validate", "Samples/ubl-invoice-valid.xml"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("ACCEPT"))
    }

    @Test(.timeLimit(.minutes(1))) func printsOneJSONObjectPerDocumentAndStatusOne() throws {
        let run = try eingang(["validate", "--format", "json", "--jobs", "2", "Samples"])
        #expect(run.status == 1)
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 4)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in [
                "file", "scenario", "wellformed", "xsd_valid", "xsd_errors", "failed", "processing_error", "decision",
            ] {
                #expect(object.keys.contains(key), "\(key) missing")
            }
        }
        let rejected = lines.filter { $0.contains("\"decision\":\"reject\"") }
        #expect(rejected.count == 2)
        #expect(run.output.contains("\"id\":\"BR-DE-15\""))
    }

    @Test(.timeLimit(.minutes(1))) func readsStandardInput() throws {
        let run = try eingang(["validate", "-"], input: Array("not xml at all".utf8))
        #expect(run.status == 1)
        #expect(run.output.contains("REJECT"))
        #expect(run.output.contains("not well-formed"))
    }

    @Test(.timeLimit(.minutes(1))) func runsOnlyTheCENRulesWhenAsked() throws {
        let run = try eingang([
            "validate", "--ruleset", "cen", "--format", "json", "Samples/ubl-invoice-missing-buyer-reference.xml",
        ])
        // BR-DE-15 is an XRechnung rule: with the CEN rules alone the invoice is accepted.
        #expect(run.status == 0, "\(run.output)")
        #expect(!run.output.contains("BR-DE-15"))
    }

    @Test(.timeLimit(.minutes(1))) func usageErrorsExitWithTwo() throws {
        #expect(try eingang(["validate", "--jobs", "0", "Samples"]).status == 2)
        #expect(try eingang(["validate", "--format", "yaml", "Samples"]).status == 2)
        #expect(try eingang(["validate", "no/such/file.xml"]).status == 2)
        #expect(try eingang(["validate", "--rules", "/nonexistent", "Samples"]).status == 2)
    }
}
