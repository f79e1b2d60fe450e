public import EInvoiceXML
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
        } catch {
            return Outcome(findings: [], error: error)
        }
        return Outcome(findings: findings, error: nil)
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
