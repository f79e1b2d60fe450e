import Dispatch
public import EInvoiceXML
import Synchronization
public import XPath2

extension RuleProgram {
    /// What running the rules on one document gave: every finding, or the dynamic error that stopped the run.
    public struct Outcome: Sendable {
        public var findings: [Finding]
        /// An XPath dynamic error: the reference stops the whole transformation, and so do we.
        public var error: XPathError?
    }

    /// Runs every pattern over the document (XSLT semantics: in each pattern a node is handled by the first rule
    /// whose context matches it) and collects failed asserts and successful reports.
    public func run(on tree: XMLTree) -> Outcome {
        let evaluator = Evaluator(tree: tree, program: program)
        var findings: [Finding] = []
        var paths = NodePaths(tree: tree)
        do {
            for pattern in patterns {
                try run(pattern, evaluator: evaluator, paths: &paths, tree: tree, into: &findings)
            }
        } catch {
            return Outcome(findings: [], error: error)
        }
        return Outcome(findings: findings, error: nil)
    }

    /// One pattern over the document; patterns are independent of each other.
    private func run(
        _ pattern: Pattern,
        evaluator: Evaluator,
        paths: inout NodePaths,
        tree: XMLTree,
        into findings: inout [Finding]
    ) throws(XPathError) {
        var matches: [[Int32]] = []
        for rule in pattern.rules { matches.append(try evaluator.matches(rule.context)) }
        let handled = Self.handled(pattern, matches: matches)
        try check(pattern, handled[...], evaluator: evaluator, paths: &paths, tree: tree, into: &findings)
    }

    /// The nodes a pattern handles, in document order, each with the first rule whose context matches it (XSLT
    /// semantics), from the nodes each rule's context matches.
    private static func handled(_ pattern: Pattern, matches: [[Int32]]) -> [(node: Int32, rule: Int)] {
        var handled: [(node: Int32, rule: Int)] = []
        for (index, nodes) in matches.enumerated() {
            for node in nodes { handled.append((node, index)) }
        }
        if pattern.rules.count > 1 {
            // A node is handled by the first rule that matches it.
            handled.sort { $0.node < $1.node || ($0.node == $1.node && $0.rule < $1.rule) }
            var write = 0
            for read in handled.indices where write == 0 || handled[read].node != handled[write - 1].node {
                handled[write] = handled[read]
                write += 1
            }
            handled.removeLast(handled.count - write)
        }
        return handled
    }

    /// The checks of each handled node's rule, in order; a failed assert or successful report is a finding.
    private func check(
        _ pattern: Pattern,
        _ handled: ArraySlice<(node: Int32, rule: Int)>,
        evaluator: Evaluator,
        paths: inout NodePaths,
        tree: XMLTree,
        into findings: inout [Finding]
    ) throws(XPathError) {
        for (node, ruleIndex) in handled {
            let rule = pattern.rules[ruleIndex]
            for (slot, value) in rule.variables { evaluator.bind(slot: slot, to: value, node: node) }
            for check in rule.checks {
                let holds = try evaluator.test(check.test, node: node)
                if holds == check.isReport {
                    findings.append(
                        Finding(
                            ruleID: check.id,
                            flag: check.flag,
                            isReport: check.isReport,
                            path: paths.path(node),
                            location: paths.location(node),
                            text: try message(check, evaluator: evaluator, node: node, tree: tree),
                            line: Int(tree.line(node)),
                            node: node
                        )
                    )
                }
            }
        }
    }

    /// Handled nodes checked by one job of a parallel run: a large pattern's nodes are shared out in runs of this
    /// many, so that one pattern (the CEN model pattern holds most of the rules) does not keep one thread busy
    /// while the others wait.
    public static let nodesPerJob = 512

    /// Runs several programs over one document on up to `threads` threads and gives each program's outcome, exactly
    /// as ``run(on:)`` would give it.
    ///
    /// Two rounds, each shared out one job at a time: first every rule's context (one job per rule), then the
    /// checks of each pattern's handled nodes, in runs of ``nodesPerJob``. A pattern's findings are put together in
    /// the order of its nodes, and each program's in pattern order. A pattern's first dynamic error is the first in
    /// the order a run of it alone meets them (contexts by rule, then checks by node), and a program stops at the
    /// first error in pattern order: the error a run of its patterns one after another meets first.
    ///
    /// `alongside` runs on one of the threads before it takes contexts (for example the XML Schema validation of
    /// the same document). The tree is only read, so the threads share it.
    public static func run(
        _ programs: [RuleProgram],
        on tree: XMLTree,
        threads: Int,
        alongside: () -> Void = {}
    ) -> [Outcome] {
        let patterns = programs.indices.flatMap { program in programs[program].patterns.indices.map { (program, $0) } }
        let contextJobs = patterns.indices.flatMap { pattern in
            programs[patterns[pattern].0].patterns[patterns[pattern].1].rules.indices.map { (pattern, $0) }
        }
        let contexts = Mutex([Result<[Int32], XPathError>?](repeating: nil, count: contextJobs.count))
        var round2: Shared?
        let threads = max(1, threads)
        withoutActuallyEscaping(alongside) { alongside in
            let shared = Shared(tree: tree, threads: threads)
            let first = Alongside(work: alongside)
            let next = Atomic(0)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                if thread == 0 { first.work() }
                let worker = Worker(programs: programs, tree: shared.tree)
                shared.workers[thread] = worker
                while true {
                    let job = next.add(1, ordering: .relaxed).oldValue
                    guard job < contextJobs.count else { break }
                    let (pattern, rule) = contextJobs[job]
                    let (program, index) = patterns[pattern]
                    let context = programs[program].patterns[index].rules[rule].context
                    let result = Result { () throws(XPathError) in try worker.evaluators[program].matches(context) }
                    contexts.withLock { $0[job] = result }
                }
            }
            round2 = shared
        }
        // Each pattern's handled nodes, or the first error of its contexts.
        let matched = contexts.withLock { $0 }
        var handledByPattern: [Result<[(node: Int32, rule: Int)], XPathError>] = []
        var job = 0
        for (program, index) in patterns {
            let pattern = programs[program].patterns[index]
            var matches: [[Int32]] = []
            var failure: XPathError?
            for _ in pattern.rules.indices {
                switch matched[job] {
                case .success(let nodes): matches.append(nodes)
                case .failure(let error): if failure == nil { failure = error }
                case nil: preconditionFailure("a rule context was not evaluated")
                }
                job += 1
            }
            handledByPattern.append(failure.map { .failure($0) } ?? .success(Self.handled(pattern, matches: matches)))
        }
        let handled = handledByPattern
        // The checks, in runs of nodes.
        let checkJobs = handled.enumerated().flatMap { pattern, result -> [(pattern: Int, range: Range<Int>)] in
            guard case .success(let nodes) = result else { return [] }
            return stride(from: 0, to: nodes.count, by: nodesPerJob).map {
                (pattern, $0..<min($0 + nodesPerJob, nodes.count))
            }
        }
        let checked = Mutex([Result<[Finding], XPathError>?](repeating: nil, count: checkJobs.count))
        let next = Atomic(0)
        guard let shared = round2 else { preconditionFailure("the first round did not run") }
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            guard let worker = shared.workers[thread] else {
                preconditionFailure("a thread of the first round made no worker")
            }
            while true {
                let job = next.add(1, ordering: .relaxed).oldValue
                guard job < checkJobs.count else { break }
                let (pattern, range) = checkJobs[job]
                let (program, index) = patterns[pattern]
                guard case .success(let nodes) = handled[pattern] else { preconditionFailure("no nodes to check") }
                var findings: [Finding] = []
                let result: Result<[Finding], XPathError>
                do throws(XPathError) {
                    try programs[program].check(
                        programs[program].patterns[index],
                        nodes[range],
                        evaluator: worker.evaluators[program],
                        paths: &worker.paths[program],
                        tree: shared.tree,
                        into: &findings
                    )
                    result = .success(findings)
                } catch {
                    result = .failure(error)
                }
                checked.withLock { $0[job] = result }
            }
        }
        // Each pattern's findings or first error, each program's in pattern order.
        let results = checked.withLock { $0 }
        var byPattern = handled.map { result -> Result<[Finding], XPathError> in
            result.map { _ in [] }
        }
        for (job, (pattern, _)) in checkJobs.enumerated() {
            guard case .success(var findings) = byPattern[pattern] else { continue }
            switch results[job] {
            case .success(let more):
                findings += more
                byPattern[pattern] = .success(findings)
            case .failure(let error): byPattern[pattern] = .failure(error)
            case nil: preconditionFailure("a run of nodes was not checked")
            }
        }
        var outcomes: [Outcome] = []
        var pattern = 0
        for program in programs {
            var outcome = Outcome(findings: [], error: nil)
            for _ in program.patterns.indices {
                if outcome.error == nil {
                    switch byPattern[pattern] {
                    case .success(let findings): outcome.findings += findings
                    case .failure(let error): outcome = Outcome(findings: [], error: error)
                    }
                }
                pattern += 1
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    private func message(
        _ check: Check,
        evaluator: Evaluator,
        node: Int32,
        tree: XMLTree
    ) throws(XPathError)
        -> String
    {
        var text = ""
        for part in check.message {
            switch part {
            case .text(let s): text += s
            case .valueOf(let expression): text += try evaluator.valueOf(expression, node: node)
            case .name(let path):
                var target = node
                if let path, let first = try evaluator.select(path, node: node).first { target = first }
                if let name = tree.name(target) {
                    let prefix = tree.prefix(target)
                    text += prefix.isEmpty ? name.local : prefix + ":" + name.local
                }
            }
        }
        return Self.normalizeSpace(text)
    }

    static func normalizeSpace(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

/// What the threads of a parallel run share without `Sendable`: the tree (not `Sendable` because one document
/// belongs to one task; its storage is immutable, so threads that only read it may share it) and each iteration's
/// worker.
private final class Shared: @unchecked Sendable {
    let tree: XMLTree
    /// Iteration `i`'s worker, made by iteration `i` of the first round and used by iteration `i` of the second:
    /// no slot is touched by two threads at once, and the rounds are apart.
    let workers: UnsafeMutableBufferPointer<Worker?>

    init(tree: XMLTree, threads: Int) {
        self.tree = tree
        workers = .allocate(capacity: threads)
        workers.initialize(repeating: nil)
    }

    deinit {
        _ = workers.deinitialize()
        workers.deallocate()
    }
}

/// The work that runs alongside the first round, exactly once, on one thread, finished before the round returns
/// (and not kept past it: the closure does not escape).
private struct Alongside: @unchecked Sendable {
    let work: () -> Void
}

/// One thread's evaluator and node paths for each program.
private final class Worker {
    let evaluators: [Evaluator]
    var paths: [NodePaths]

    init(programs: [RuleProgram], tree: XMLTree) {
        evaluators = programs.map { Evaluator(tree: tree, program: $0.program) }
        paths = programs.map { _ in NodePaths(tree: tree) }
    }
}
