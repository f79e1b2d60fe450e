import Dispatch
import EInvoiceTestSupport
import Synchronization
import Testing

@testable import EInvoiceValidation
@testable import Schematron

/// Rule files and XML Schemas are compiled once per process however many workers ask for them at once: the
/// others wait for the first compilation and share its result.
@Suite struct ResourceCacheTests {
    private static let cenUBL = "cen/ubl/EN16931-UBL-validation.sch"

    @Test func workersAskingAtOnceShareOneCompilation() throws {
        let cache = ResourceCache(directory: try PackagePaths.rulesDirectory())
        #expect(!cache.hasPrograms([Self.cenUBL]))
        let programs = Mutex<[RuleProgram]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            if let program = try? cache.program(Self.cenUBL) { programs.withLock { $0.append(program) } }
        }
        let compiled = programs.withLock { $0 }
        #expect(compiled.count == 4)
        let first = try #require(compiled.first?.patterns.first)
        #expect(compiled.allSatisfy { $0.patterns.first === first })
        #expect(cache.hasPrograms([Self.cenUBL]))
        // Asked again later: the same program, not a new compilation.
        #expect(try cache.program(Self.cenUBL).patterns.first === first)
    }

    @Test func aFailureIsKeptAndReportedToEveryCaller() throws {
        let cache = ResourceCache(directory: try PackagePaths.rulesDirectory())
        #expect(throws: ValidationSetupError.self) { try cache.program("no/such/file.sch") }
        #expect(throws: ValidationSetupError.self) { try cache.program("no/such/file.sch") }
        #expect(!cache.hasPrograms(["no/such/file.sch"]))
    }
}
