import Dispatch
public import EInvoiceXML
import Schematron
import Synchronization
import XPath2

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A report that ends validation early, carried through `Result`.
struct Rejected: Error {
    var report: ValidationReport
}

extension Validator {
    /// The processors this process may use.
    static let processors = ProcessInfo.processInfo.activeProcessorCount

    private static func baseLevel(_ flag: String?) -> Level {
        switch flag {
        case "warning": return .warning
        case "information", "info": return .information
        default: return .error
        }
    }

    private static func messages(_ findings: [Finding], step: String, customLevels: [String: Level]) -> [ReportMessage]
    {
        findings.map { finding in
            let base = baseLevel(finding.flag)
            return ReportMessage(
                id: finding.ruleID,
                flag: finding.flag ?? "error",
                level: customLevels[finding.ruleID] ?? base,
                baseLevel: base,
                step: step,
                kind: finding.isReport ? "report" : "assert",
                location: finding.location,
                path: finding.path,
                text: finding.text,
                line: finding.line
            )
        }
    }

    private func parse(_ bytes: [UInt8], file: String) -> Result<ParsedDocument, Rejected> {
        do {
            return .success(try ParsedDocument.parse(bytes, limits: limits))
        } catch {
            var report = ValidationReport.rejected(
                file: file,
                wellformed: false,
                processingError: "not well-formed: \(error)"
            )
            report.intakeError = error
            return .failure(Rejected(report: report))
        }
    }

    /// Line and column of each message's context node and each XML Schema error's node, found in the source
    /// (``SourceLocator``): one scan of the bytes, made only for a document with messages or errors.
    private static func locate(
        _ messages: inout [ReportMessage],
        nodes: [Int32],
        in report: inout ValidationReport,
        xsdNodes: [SourceNode?],
        tree: XMLTree,
        bytes: [UInt8]
    ) {
        if messages.isEmpty && xsdNodes.allSatisfy({ $0 == nil }) { return }
        let messageNodes = tree.sourceNodes(nodes)
        let positions = SourceLocator(bytes).positions(of: (messageNodes + xsdNodes).compactMap(\.self))
        for (index, node) in messageNodes.enumerated() {
            guard let node, let position = positions[node] else { continue }
            messages[index].line = position.line
            messages[index].column = position.column
        }
        report.xsdErrorPositions = xsdNodes.map { $0.flatMap { positions[$0] } }
    }

    /// Validates one document through its scenario (KoSIT semantics): reject when not well-formed, no unique
    /// scenario, XML Schema invalid, a processing error, or any message at level error.
    public func validate(_ bytes: [UInt8], file: String) -> ValidationReport {
        validate(bytes, file: file) { _ in () }.report
    }

    /// Validates one document and lets `inspect` read its tree (for example to extract the business terms) without
    /// parsing it a second time. `inspect` runs only for a well-formed document; its result is nil otherwise.
    public func validate<T>(
        _ bytes: [UInt8],
        file: String,
        inspect: (XMLTree) -> T
    ) -> (report: ValidationReport, inspected: T?) {
        var inspected: T?
        let report = validateParsed(bytes, file: file, inspect: { inspected = inspect($0) })
        return (report, inspected)
    }

    /// Starts the XML Schema validation of a large document on another processor, to run while the document is
    /// parsed (``ValidatorConfiguration/parallelByteThreshold``). The schema is the one scenario schema whose target
    /// namespace is the document element's. Nil for a small document, or when no single schema can be foreseen.
    ///
    /// While the scenario's rules are not compiled yet, only from ``ValidatorConfiguration/parallelByteThresholdBeforeCompilation``
    /// on. The rules are not compiled there too: with a lazy start-up, compiling them alongside the parse made a
    /// cold 1,000-line invoice slower (0.20 s against 0.14 s, medians of eight), and a 10,000-line one no faster.
    private func startSchemaValidation(_ bytes: [UInt8]) -> EarlySchemaValidation? {
        guard bytes.count >= parallelByteThreshold, Self.processors > 1,
            let root = ParsedDocument.documentElementName(bytes, limits: limits)
        else { return nil }
        let schemaPaths = Set(scenarios.compactMap(\.schemaPath))
            .filter { resources.targetNamespace(ofSchema: $0) == root.namespace }
        guard schemaPaths.count == 1, let schemaPath = schemaPaths.first else { return nil }
        if bytes.count < parallelByteThresholdBeforeCompilation {
            let programs = scenarios.filter { $0.schemaPath == schemaPath }.flatMap { $0.steps.map(\.path) }
            guard resources.hasPrograms(programs) else { return nil }
        }
        let cache = resources
        let parseLimits = limits
        return EarlySchemaValidation(schemaPath: schemaPath) { () throws(ValidationSetupError) in
            let schema = try cache.schema(schemaPath)
            return ParsedDocument.validateLocating(bytes, limits: parseLimits, against: schema)
        }
    }

    private func validateParsed(_ bytes: [UInt8], file: String, inspect: (XMLTree) -> Void) -> ValidationReport {
        let document: ParsedDocument
        let namesBefore = NameTable.shared.count
        let early = startSchemaValidation(bytes)
        // Nothing is left running when the document is done with, whatever the outcome.
        defer { _ = early?.result() }
        switch parse(bytes, file: file) {
        case .success(let parsed): document = parsed
        case .failure(let rejected): return rejected.report
        }
        var tree = document.tree
        defer { inspect(tree) }
        var report = ValidationReport.rejected(file: file, wellformed: true, processingError: nil)
        var matched: [CompiledScenario] = []
        for candidate in scenarios {
            let evaluator = Evaluator(tree: tree, program: candidate.matchProgram)
            if (try? evaluator.test(candidate.match, node: 0)) == true { matched.append(candidate) }
        }
        guard matched.count == 1, let scenario = matched.first else {
            report.processingError = matched.isEmpty ? "no scenario matches" : "several scenarios match"
            return report
        }
        let stepPaths = scenario.steps.map(\.path)
        if !resources.hasPrograms(stepPaths) {
            do {
                try resources.prepare(schemas: scenario.schemaPath.map { [$0] } ?? [], programs: stepPaths)
            } catch {
                report.processingError = "configuration: \(error)"
                return report
            }
        }
        if NameTable.shared.count != namesBefore {
            // Rules compiled while or since the document was read (lazily, here or for another document) interned
            // names the tree may hold as its own: it takes up their shared identifiers.
            document.refreshNames()
            tree = document.tree
        }
        report.scenario = scenario.scenario.name
        let schema: XMLSchema?
        var programs: [RuleProgram] = []
        do {
            schema = try scenario.schemaPath.map { try resources.schema($0) }
            for step in scenario.steps { programs.append(try resources.program(step.path)) }
        } catch {
            report.processingError = "configuration: \(error)"
            return report
        }
        var xsdNodes: [SourceNode?] = []
        func validateSchema() {
            guard let schema else { return }
            let result: SchemaValidationResult
            if let early, early.schemaPath == scenario.schemaPath, case .success(let started) = early.result() {
                result = started
            } else {
                result = document.validateLocating(against: schema)
            }
            report.xsdErrors = result.violations
            xsdNodes = result.nodes
            report.xsdValid = report.xsdErrors.isEmpty
        }
        let outcomes: [RuleProgram.Outcome]
        if tree.count >= parallelNodeThreshold, Self.processors > 1 {
            // A large invoice: the XML Schema and the patterns of every step share the processors.
            outcomes = RuleProgram.run(programs, on: tree, threads: Self.processors, alongside: validateSchema)
        } else {
            // A schema validation under way elsewhere is waited for last.
            if early == nil { validateSchema() }
            var sequential: [RuleProgram.Outcome] = []
            for program in programs {
                let outcome = program.run(on: tree)
                sequential.append(outcome)
                if outcome.error != nil { break }
            }
            outcomes = sequential
            if early != nil { validateSchema() }
        }
        var messages: [ReportMessage] = []
        var nodes: [Int32] = []
        for (step, outcome) in zip(scenario.steps, outcomes) {
            if let error = outcome.error {
                // With an invalid XML Schema the rules do not run in KoSIT (their output here is informational):
                // their failure is no processing error then.
                if report.xsdValid != false { report.processingError = "\(step.id): \(error)" }
                break
            }
            messages += Self.messages(outcome.findings, step: step.id, customLevels: scenario.scenario.customLevels)
            nodes += outcome.findings.map(\.node)
        }
        Self.locate(&messages, nodes: nodes, in: &report, xsdNodes: xsdNodes, tree: tree, bytes: bytes)
        if report.xsdValid == false {
            report.failedUngated = messages
        } else {
            report.schematronRun = true
            report.failed = messages
        }
        let hasError = report.failed.contains { $0.level == .error }
        report.decision =
            report.xsdValid != false && report.processingError == nil && !hasError ? .accept : .reject
        return report
    }

    /// Runs only the CEN rules chosen by the root element's namespace: no scenario, no XML Schema gate,
    /// no custom levels (what the CEN unit tests expect).
    public func validateCENOnly(_ bytes: [UInt8], file: String) -> ValidationReport {
        let document: ParsedDocument
        let namesBefore = NameTable.shared.count
        switch parse(bytes, file: file) {
        case .success(let parsed): document = parsed
        case .failure(let rejected): return rejected.report
        }
        var tree = document.tree
        var report = ValidationReport.rejected(file: file, wellformed: true, processingError: nil)
        guard let root = tree.firstElementChild(0), let namespace = tree.name(root)?.namespace,
            let path = cenRules[namespace]
        else {
            report.processingError = "no CEN rules for this document type"
            return report
        }
        let program: RuleProgram
        do {
            program = try resources.program(path)
        } catch {
            report.processingError = "configuration: \(error)"
            return report
        }
        if NameTable.shared.count != namesBefore {
            // Compiled while or since the document was read: the tree takes up the names the rules interned.
            document.refreshNames()
            tree = document.tree
        }
        report.scenario = "CEN-only"
        report.schematronRun = true
        let outcome = program.run(on: tree)
        if let error = outcome.error {
            report.processingError = "cen: \(error)"
            return report
        }
        var messages = Self.messages(outcome.findings, step: "cen", customLevels: [:])
        Self.locate(&messages, nodes: outcome.findings.map(\.node), in: &report, xsdNodes: [], tree: tree, bytes: bytes)
        report.failed = messages
        report.decision = report.failed.contains { $0.level == .error } ? .reject : .accept
        return report
    }
}

/// An XML Schema validation that runs on another processor (``Validator``'s `startSchemaValidation`) while the
/// caller parses the document; ``result()`` waits for it.
private final class EarlySchemaValidation: Sendable {
    /// The schema it validates against.
    let schemaPath: String
    private let done = DispatchGroup()
    private let outcome = Mutex<Result<SchemaValidationResult, ValidationSetupError>?>(nil)

    init(schemaPath: String, _ work: @escaping @Sendable () throws(ValidationSetupError) -> SchemaValidationResult) {
        self.schemaPath = schemaPath
        done.enter()
        DispatchQueue.global().async { [self] in
            let result = Result { () throws(ValidationSetupError) in try work() }
            outcome.withLock { $0 = result }
            done.leave()
        }
    }

    /// The validation's result, once it has finished.
    func result() -> Result<SchemaValidationResult, ValidationSetupError> {
        done.wait()
        guard let finished = outcome.withLock({ $0 }) else { preconditionFailure("the validation left no result") }
        return finished
    }
}
