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
        var handled: [(node: Int32, rule: Int)] = []
        for (index, rule) in pattern.rules.enumerated() {
            for node in try evaluator.matches(rule.context) { handled.append((node, index)) }
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

    /// Runs several programs over one document on up to `threads` threads and gives each program's outcome, exactly
    /// as ``run(on:)`` would give it: the patterns of all programs are shared out one at a time, and each program's
    /// findings are put together in pattern order. A program stops at its first dynamic error in pattern order,
    /// which is the error a run of its patterns one after another meets first.
    ///
    /// `alongside` runs on one of the threads before it takes patterns (for example the XML Schema validation of
    /// the same document). The tree is only read, so the threads share it.
    public static func run(
        _ programs: [RuleProgram],
        on tree: XMLTree,
        threads: Int,
        alongside: () -> Void = {}
    ) -> [Outcome] {
        let jobs = programs.indices.flatMap { program in programs[program].patterns.indices.map { (program, $0) } }
        let results = Mutex([Result<[Finding], XPathError>?](repeating: nil, count: jobs.count))
        let next = Atomic(0)
        withoutActuallyEscaping(alongside) { alongside in
            let shared = Unchecked(tree: tree, alongside: alongside)
            DispatchQueue.concurrentPerform(iterations: max(1, threads)) { thread in
                if thread == 0 { shared.alongside() }
                var evaluators: [Int: (evaluator: Evaluator, paths: NodePaths)] = [:]
                while true {
                    let job = next.add(1, ordering: .relaxed).oldValue
                    guard job < jobs.count else { break }
                    let (index, pattern) = jobs[job]
                    let program = programs[index]
                    var (evaluator, paths) =
                        evaluators[index]
                        ?? (Evaluator(tree: shared.tree, program: program.program), NodePaths(tree: shared.tree))
                    var findings: [Finding] = []
                    let result: Result<[Finding], XPathError>
                    do throws(XPathError) {
                        try program.run(
                            program.patterns[pattern],
                            evaluator: evaluator,
                            paths: &paths,
                            tree: shared.tree,
                            into: &findings
                        )
                        result = .success(findings)
                    } catch {
                        result = .failure(error)
                    }
                    evaluators[index] = (evaluator, paths)
                    results.withLock { $0[job] = result }
                }
            }
        }
        let all = results.withLock { $0 }
        var outcomes: [Outcome] = []
        var job = 0
        for program in programs {
            var outcome = Outcome(findings: [], error: nil)
            for _ in program.patterns.indices {
                if outcome.error == nil {
                    switch all[job] {
                    case .success(let findings): outcome.findings += findings
                    case .failure(let error): outcome = Outcome(findings: [], error: error)
                    case nil: preconditionFailure("a pattern was not run")
                    }
                }
                job += 1
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
/// belongs to one task; its storage is immutable, so threads that only read it may share it) and the work that runs
/// alongside, exactly once, on one thread, finished before the parallel run returns to its caller.
private struct Unchecked: @unchecked Sendable {
    let tree: XMLTree
    let alongside: () -> Void
}
