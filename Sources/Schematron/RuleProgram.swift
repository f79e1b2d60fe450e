import XPath2

/// A Schematron schema compiled into an immutable program: every context, test and message expression bound
/// once at start-up and shared by all workers.
public struct RuleProgram: Sendable {
    // Patterns, rules and checks are classes: running the rules reads them for every node, and a class is passed on
    // with one reference count, not one per field.
    final class Check: Sendable {
        let isReport: Bool
        let id: String
        let flag: String?
        let test: XPathExpression
        let message: [MessagePart]

        init(isReport: Bool, id: String, flag: String?, test: XPathExpression, message: [MessagePart]) {
            self.isReport = isReport
            self.id = id
            self.flag = flag
            self.test = test
            self.message = message
        }
    }

    enum MessagePart: Sendable {
        case text(String)
        case valueOf(XPathExpression)
        case name(XPathExpression?)
    }

    final class Rule: Sendable {
        let context: XPathExpression
        let variables: [(slot: Int, value: XPathExpression)]
        let checks: [Check]

        init(context: XPathExpression, variables: [(slot: Int, value: XPathExpression)], checks: [Check]) {
            self.context = context
            self.variables = variables
            self.checks = checks
        }
    }

    final class Pattern: Sendable {
        let id: String?
        let rules: [Rule]

        init(id: String?, rules: [Rule]) {
            self.id = id
            self.rules = rules
        }
    }

    let program: XPathProgram
    let patterns: [Pattern]
    /// The file the program was compiled from.
    public let source: String

    /// The number of assertions and reports in the program.
    public var checkCount: Int { patterns.reduce(0) { $0 + $1.rules.reduce(0) { $0 + $1.checks.count } } }

    /// Reads and compiles the schema at `path`.
    public static func compile(path: String) throws(SchematronError) -> RuleProgram {
        try compile(try SchematronReader.read(path: path), source: path)
    }

    /// Compiles a schema model; any expression the engine cannot compile is an error naming it.
    public static func compile(_ model: SchematronModel, source: String) throws(SchematronError) -> RuleProgram {
        let context = StaticContext()
        for (prefix, uri) in model.namespaces { context.namespaces[prefix] = uri }
        func fail(_ what: String, _ expression: String, _ error: XPathError, file: String) -> SchematronError {
            SchematronError(.expression, "\(what): \(error) in '\(expression)'", file: file)
        }
        for function in model.functions {
            _ = context.declareFunction(function.name, arity: function.parameters.count)
        }
        for function in model.functions {
            do {
                try context.defineFunction(
                    function.name,
                    parameters: function.parameters,
                    variables: function.variables.map { ($0.name, $0.expression) },
                    result: function.result,
                    resultType: function.resultType
                )
            } catch {
                throw fail("function \(function.name)", function.result, error, file: source)
            }
        }
        for variable in model.globals {
            do {
                try context.declareGlobal(variable.name, expression: variable.expression)
            } catch {
                throw fail("let $\(variable.name)", variable.expression, error, file: source)
            }
        }
        var patterns: [Pattern] = []
        for pattern in model.patterns {
            var rules: [Rule] = []
            for rule in pattern.rules {
                rules.append(try compileRule(rule, context: context, file: pattern.source, fail: fail))
            }
            patterns.append(Pattern(id: pattern.id, rules: rules))
        }
        return RuleProgram(program: XPathProgram(context), patterns: patterns, source: source)
    }

    private static func compileRule(
        _ rule: SchematronModel.Rule,
        context: StaticContext,
        file: String,
        fail: (String, String, XPathError, String) -> SchematronError
    ) throws(SchematronError) -> Rule {
        let contextExpression: XPathExpression
        do {
            contextExpression = try XPathExpression(pattern: rule.context, context: context)
        } catch {
            throw fail("rule context", rule.context, error, file)
        }
        context.pushScope()
        defer { context.popScope() }
        var variables: [(Int, XPathExpression)] = []
        for variable in rule.variables {
            do {
                let value = try XPathExpression(variable.expression, context: context)
                variables.append((context.bindLocal(variable.name), value))
            } catch {
                throw fail("let $\(variable.name) in rule \(rule.context)", variable.expression, error, file)
            }
        }
        var checks: [Check] = []
        for check in rule.checks {
            do {
                let test = try XPathExpression(check.test, context: context)
                var message: [MessagePart] = []
                for part in check.message {
                    switch part {
                    case .text(let text): message.append(.text(text))
                    case .valueOf(let select): message.append(.valueOf(try XPathExpression(select, context: context)))
                    case .name(let path):
                        message.append(
                            .name(try path.map { p throws(XPathError) in try XPathExpression(p, context: context) })
                        )
                    }
                }
                checks.append(
                    Check(isReport: check.isReport, id: check.id, flag: check.flag, test: test, message: message)
                )
            } catch {
                throw fail("\(check.isReport ? "report" : "assert") \(check.id)", check.test, error, file)
            }
        }
        return Rule(context: contextExpression, variables: variables, checks: checks)
    }
}
