import Dispatch
import EInvoiceXML
import Schematron
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Compiled Schematron programs and XML Schemas by path, each compiled once and shared by all workers: a worker
/// that needs a file another is compiling waits for that compilation instead of starting its own.
final class ResourceCache: Sendable {
    let directory: String
    private let programs = Mutex<[String: Once<RuleProgram>]>([:])
    private let schemas = Mutex<[String: Once<XMLSchema>]>([:])
    private let schemaNamespaces = Mutex<[String: String?]>([:])

    init(directory: String) {
        self.directory = directory
    }

    func program(_ path: String) throws(ValidationSetupError) -> RuleProgram {
        let once = programs.withLock { cache in Once.entry(path, in: &cache) }
        return try once.value { () throws(ValidationSetupError) in
            do {
                return try RuleProgram.compile(path: directory + "/" + path)
            } catch {
                throw ValidationSetupError(.rules, String(describing: error))
            }
        }
    }

    func schema(_ path: String) throws(ValidationSetupError) -> XMLSchema {
        let once = schemas.withLock { cache in Once.entry(path, in: &cache) }
        return try once.value { () throws(ValidationSetupError) in
            do {
                return try XMLSchema(contentsOf: directory + "/" + path)
            } catch {
                throw ValidationSetupError(.schema, "\(path): \(error)")
            }
        }
    }

    /// The target namespace of an XML Schema file, read from its document element without compiling the schema;
    /// nil when it has none or the file cannot be read.
    func targetNamespace(ofSchema path: String) -> String? {
        if let known = schemaNamespaces.withLock({ $0[path] }) { return known }
        var namespace: String?
        if let data = FileManager.default.contents(atPath: directory + "/" + path),
            let document = try? ParsedDocument.parse([UInt8](data)),
            let root = document.tree.firstElementChild(0)
        {
            namespace = document.tree.attribute(root, "targetNamespace")
        }
        schemaNamespaces.withLock { $0[path] = .some(namespace) }
        return namespace
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
                case .program(let path): _ = try program(path)
                }
            } catch {
                failures.withLock { $0[index] = error }
            }
        }
        if let first = failures.withLock({ $0.sorted { $0.key < $1.key }.first?.value }) { throw first }
    }

    /// Whether every program named is compiled already (and compiled without error).
    func hasPrograms(_ paths: [String]) -> Bool {
        programs.withLock { cache in paths.allSatisfy { cache[$0]?.done != nil } }
    }

    var checkCount: Int {
        programs.withLock { $0.values.reduce(0) { $0 + ($1.done?.checkCount ?? 0) } }
    }
}

/// A value made once, by the first caller; callers meanwhile wait for it. A failure is kept too: the files do not
/// change while the process runs.
private final class Once<Value: Sendable>: Sendable {
    private let state = Mutex<Result<Value, ValidationSetupError>?>(nil)

    func value(_ make: () throws(ValidationSetupError) -> Value) throws(ValidationSetupError) -> Value {
        try state.withLock { state in
            if let state { return state }
            let made = Result { () throws(ValidationSetupError) in try make() }
            state = made
            return made
        }.get()
    }

    /// The entry of `key`, added when there is none.
    static func entry(_ key: String, in cache: inout [String: Once]) -> Once {
        if let existing = cache[key] { return existing }
        let added = Once()
        cache[key] = added
        return added
    }

    var done: Value? { state.withLock { try? $0?.get() } }
}
