import Dispatch
import EInvoiceXML
import Schematron
import Synchronization

/// Compiled Schematron programs and XML Schemas by path, each compiled once and shared by all workers.
final class ResourceCache: Sendable {
    let directory: String
    private let programs = Mutex<[String: RuleProgram]>([:])
    private let schemas = Mutex<[String: XMLSchema]>([:])
    /// Serialises first compilations, so that two workers never compile the same file twice.
    private let compiling = Mutex<Void>(())

    init(directory: String) {
        self.directory = directory
    }

    func program(_ path: String) throws(ValidationSetupError) -> RuleProgram {
        if let cached = programs.withLock({ $0[path] }) { return cached }
        let result = compiling.withLock { _ -> Result<RuleProgram, ValidationSetupError> in
            Result { () throws(ValidationSetupError) in try compileUnlocked(path) }
        }
        return try result.get()
    }

    func schema(_ path: String) throws(ValidationSetupError) -> XMLSchema {
        if let cached = schemas.withLock({ $0[path] }) { return cached }
        let loaded: XMLSchema
        do {
            loaded = try XMLSchema(contentsOf: directory + "/" + path)
        } catch {
            throw ValidationSetupError(.schema, "\(path): \(error)")
        }
        return schemas.withLock { cache in
            if let existing = cache[path] { return existing }
            cache[path] = loaded
            return loaded
        }
    }

    private enum Job {
        case schema(String)
        case program(String)
    }

    /// Compiles everything at once, spread over the available cores; the first failure is thrown.
    func prepare(schemas schemaPaths: [String], programs programPaths: [String]) throws(ValidationSetupError) {
        let jobs = schemaPaths.map(Job.schema) + programPaths.map(Job.program)
        let failures = Mutex<[Int: ValidationSetupError]>([:])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            do throws(ValidationSetupError) {
                switch jobs[index] {
                case .schema(let path): _ = try schema(path)
                case .program(let path): _ = try compileUnlocked(path)
                }
            } catch {
                failures.withLock { $0[index] = error }
            }
        }
        if let first = failures.withLock({ $0.sorted { $0.key < $1.key }.first?.value }) { throw first }
    }

    /// Compiles a program without the compile lock (distinct paths in parallel at start-up).
    private func compileUnlocked(_ path: String) throws(ValidationSetupError) -> RuleProgram {
        if let cached = programs.withLock({ $0[path] }) { return cached }
        let compiled: RuleProgram
        do {
            compiled = try RuleProgram.compile(path: directory + "/" + path)
        } catch {
            throw ValidationSetupError(.rules, error.description)
        }
        return programs.withLock { cache in
            if let existing = cache[path] { return existing }
            cache[path] = compiled
            return compiled
        }
    }

    /// Whether every program named is compiled already.
    func hasPrograms(_ paths: [String]) -> Bool {
        programs.withLock { cache in paths.allSatisfy { cache[$0] != nil } }
    }

    var checkCount: Int { programs.withLock { $0.values.reduce(0) { $0 + $1.checkCount } } }
}
