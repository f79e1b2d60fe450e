import EInvoiceXML

extension StaticContext {
    /// Binds names and functions of a parsed expression (XPath 2.0 §2.2.3.1 static analysis).
    func compile(_ syntax: SyntaxExpr) throws(XPathError) -> Plan {
        switch syntax {
        case .sequence(let items):
            if items.isEmpty { return .empty }
            if items.count == 1 { return try compile(items[0]) }
            var plans: [Plan] = []
            for item in items { plans.append(try compile(item)) }
            return .sequence(plans)
        case .stringLiteral(let s): return .constant(.string(s))
        case .integerLiteral(let s):
            guard let value = XSDecimal(integerLexical: s) else { throw XPathError("XPST0003", "bad integer literal") }
            return .constant(.integer(value))
        case .decimalLiteral(let s):
            guard let value = XSDecimal(lexical: s) else { throw XPathError("XPST0003", "bad decimal literal") }
            return .constant(.decimal(value))
        case .doubleLiteral(let s):
            guard let value = XSDouble.parse(s) else { throw XPathError("XPST0003", "bad double literal") }
            return .constant(.double(value))
        case .variable(let name):
            guard let plan = lookupVariable(name) else {
                throw XPathError("XPST0008", "variable $\(name) is not declared")
            }
            return plan
        case .contextItem: return .contextItem
        case .root: return .root
        case .call(let name, let arguments): return try compileCall(name, arguments)
        case .path(let left, let right): return try compilePath(left, right)
        case .step(let axis, let test, let predicates):
            return .step(axis, try compileTest(test, axis: axis), try compilePredicates(predicates))
        case .filter(let primary, let predicates):
            return .filter(try compile(primary), try compilePredicates(predicates))
        case .binary(let op, let left, let right):
            return try compileBinary(op, try compile(left), try compile(right))
        case .unaryMinus(let operand): return .negate(try compile(operand))
        case .unaryPlus(let operand): return .plus(try compile(operand))
        case .ifThenElse(let c, let t, let e):
            return .ifThenElse(Self.forBooleanUse(try compile(c)), try compile(t), try compile(e))
        case .forReturn(let bindings, let body):
            return try compileBindings(bindings[...], body) { slot, input, body in .forReturn(slot: slot, input, body) }
        case .quantified(let every, let bindings, let body):
            return try compileBindings(bindings[...], body) { slot, input, body in
                .quantified(every: every, slot: slot, input, Self.forBooleanUse(body))
            }
        case .castAs(let operand, let type, let optional):
            return .cast(try compile(operand), try atomicType(type), optional: optional)
        case .castableAs(let operand, let type, let optional):
            return .castable(try compile(operand), try atomicType(type), optional: optional)
        case .instanceOf(let operand, let type):
            return .instanceOf(try compile(operand), type)
        }
    }

    private func atomicType(_ name: String) throws(XPathError) -> AtomicType {
        guard let type = AtomicType(rawValue: name) else {
            throw XPathError("XPST0051", "unsupported atomic type \(name)")
        }
        return type
    }

    private func compileBindings(
        _ bindings: ArraySlice<(String, SyntaxExpr)>,
        _ body: SyntaxExpr,
        make: (Int, Plan, Plan) -> Plan
    ) throws(XPathError) -> Plan {
        guard let (name, inputSyntax) = bindings.first else { return try compile(body) }
        let input = try compile(inputSyntax)
        pushScope()
        defer { popScope() }
        let slot = bindLocal(name)
        let inner = try compileBindings(bindings.dropFirst(), body, make: make)
        return make(slot, input, inner)
    }

    private func compileBinary(_ op: String, _ left: Plan, _ right: Plan) throws(XPathError) -> Plan {
        switch op {
        case "or": return .or(Self.forBooleanUse(left), Self.forBooleanUse(right))
        case "and": return .and(Self.forBooleanUse(left), Self.forBooleanUse(right))
        case "=": return .generalComparison(.eq, left, right)
        case "!=": return .generalComparison(.ne, left, right)
        case "<": return .generalComparison(.lt, left, right)
        case "<=": return .generalComparison(.le, left, right)
        case ">": return .generalComparison(.gt, left, right)
        case ">=": return .generalComparison(.ge, left, right)
        case "eq": return .valueComparison(.eq, left, right)
        case "ne": return .valueComparison(.ne, left, right)
        case "lt": return .valueComparison(.lt, left, right)
        case "le": return .valueComparison(.le, left, right)
        case "gt": return .valueComparison(.gt, left, right)
        case "ge": return .valueComparison(.ge, left, right)
        case "is": return .nodeIs(left, right)
        case "<<": return .nodeBefore(left, right)
        case ">>": return .nodeBefore(right, left)
        case "to": return .range(left, right)
        case "union": return .union(left, right)
        case "intersect": return .intersect(left, right)
        case "except": return .except(left, right)
        default:
            guard let arithmetic = ArithmeticOperator(rawValue: op) else {
                throw XPathError("XPST0003", "unknown operator \(op)")
            }
            return .arithmetic(arithmetic, left, right)
        }
    }

    private func compileTest(_ test: SyntaxNodeTest, axis: Axis) throws(XPathError) -> NodeTest {
        switch test {
        case .name(let lexical): return .name(try internName(lexical, isAttribute: axis == .attribute))
        case .prefixWildcard(let prefix):
            guard let uri = namespaces[prefix] else {
                throw XPathError("XPST0081", "namespace prefix '\(prefix)' is not declared")
            }
            return .namespace(uri)
        case .localWildcard(let local): return .localName(local)
        case .anyName: return .principal
        case .kind(let kind, let argument):
            switch kind {
            case "node": return .anyNode
            case "text": return .kind(.text)
            case "comment": return .kind(.comment)
            case "processing-instruction":
                if let argument { return .name(NameTable.shared.intern(.init(namespace: "", local: argument))) }
                return .kind(.processingInstruction)
            case "document-node": return .kind(.document)
            case "element", "attribute":
                if let argument, argument != "*" {
                    return .name(try internName(argument, isAttribute: kind == "attribute"))
                }
                return .kind(kind == "element" ? .element : .attribute)
            default: throw XPathError("XPST0003", "unsupported kind test \(kind)()")
            }
        }
    }

    private func compilePredicates(_ predicates: [SyntaxExpr]) throws(XPathError) -> [Predicate] {
        var result: [Predicate] = []
        for predicate in predicates {
            if case .integerLiteral(let s) = predicate, let n = Int(s) {
                result.append(.position(n))
            } else if case .call("last", let arguments) = predicate, arguments.isEmpty {
                result.append(.last)
            } else if !Self.mayBePositional(predicate) {
                // `[a and b]` is `[a][b]` when neither is positional: name-only conjuncts go first and are cached.
                var conjuncts: [SyntaxExpr] = []
                Self.splitConjuncts(predicate, into: &conjuncts)
                let byName = conjuncts.filter(Self.readsOnlyTheName)
                let rest = conjuncts.filter { !Self.readsOnlyTheName($0) }
                for conjunct in byName {
                    result.append(.byName(Self.forBooleanUse(try compile(conjunct)), id: nextNamePredicateID()))
                }
                if !rest.isEmpty {
                    let joined = rest.dropFirst().reduce(rest[0]) { SyntaxExpr.binary("and", $0, $1) }
                    result.append(.general(Self.forBooleanUse(try compile(joined)), positional: false))
                }
            } else {
                result.append(.general(Self.forBooleanUse(try compile(predicate)), positional: true))
            }
        }
        return result
    }

    static func splitConjuncts(_ e: SyntaxExpr, into list: inout [SyntaxExpr]) {
        if case .binary("and", let l, let r) = e {
            splitConjuncts(l, into: &list)
            splitConjuncts(r, into: &list)
        } else if case .sequence(let items) = e, items.count == 1 {
            splitConjuncts(items[0], into: &list)
        } else {
            list.append(e)
        }
    }

    /// Whether an expression reads nothing of the context node but its name, so that its value is the same for
    /// every node with the same name (and prefix, for `name()`).
    static func readsOnlyTheName(_ e: SyntaxExpr) -> Bool {
        switch e {
        case .stringLiteral: return true
        case .step(.self, let test, let predicates):
            if case .kind = test { return false }
            return predicates.isEmpty
        case .call(let name, let arguments):
            if ["name", "local-name", "namespace-uri"].contains(name) { return arguments.isEmpty }
            if name == BuiltinFunction.recovering.rawValue { return arguments.allSatisfy(readsOnlyTheName) }
            let pure = [
                "not", "boolean", "ends-with", "starts-with", "contains", "concat", "upper-case", "lower-case",
                "normalize-space", "string-length", "substring-before", "substring-after", "substring", "true", "false",
            ]
            return pure.contains(name) && !arguments.isEmpty && arguments.allSatisfy(readsOnlyTheName)
        case .binary(let op, let l, let r):
            return ["and", "or", "=", "!="].contains(op) && readsOnlyTheName(l) && readsOnlyTheName(r)
        case .sequence(let items): return items.count == 1 && readsOnlyTheName(items[0])
        default: return false
        }
    }

    /// Whether a predicate's value might be numeric or depend on the position: only then does the position of
    /// a node in its step matter, and `//x[p]` must not be rewritten to `descendant::x[p]`.
    static func mayBePositional(_ predicate: SyntaxExpr) -> Bool {
        if usesPosition(predicate) { return true }
        switch predicate {
        case .binary(let op, _, _):
            return !["or", "and", "=", "!=", "<", "<=", ">", ">=", "eq", "ne", "lt", "le", "gt", "ge"].contains(op)
        case .path(_, let last): return mayBePositional(last)
        case .filter(let primary, _): return mayBePositional(primary)
        case .step, .root: return false
        case .call(let name, _):
            return ![
                "not", "exists", "empty", "boolean", "true", "false", "contains", "starts-with", "ends-with",
                "matches", "normalize-space", "string", "name", "local-name", "upper-case", "lower-case",
                BuiltinFunction.recovering.rawValue,
            ].contains(name)
        case .stringLiteral, .quantified, .castableAs: return false
        default: return true
        }
    }

    private static func usesPosition(_ e: SyntaxExpr) -> Bool {
        switch e {
        case .call(let name, let arguments):
            return name == "position" || name == "last" || arguments.contains(where: usesPosition)
        case .sequence(let items): return items.contains(where: usesPosition)
        case .path(let l, _): return usesPosition(l)
        case .filter(let p, _): return usesPosition(p)
        case .binary(_, let l, let r): return usesPosition(l) || usesPosition(r)
        case .unaryMinus(let o), .unaryPlus(let o): return usesPosition(o)
        case .ifThenElse(let c, let t, let f): return usesPosition(c) || usesPosition(t) || usesPosition(f)
        case .forReturn(let b, let body), .quantified(_, let b, let body):
            return b.contains { usesPosition($0.1) } || usesPosition(body)
        case .castAs(let o, _, _), .castableAs(let o, _, _), .instanceOf(let o, _): return usesPosition(o)
        default: return false
        }
    }

    private func compilePath(_ left: SyntaxExpr, _ right: SyntaxExpr) throws(XPathError) -> Plan {
        // `L//child::x[p]` = `L/descendant::x[p]` when no predicate depends on position.
        if case .path(let inner, .step(.descendantOrSelf, .kind("node", nil), let dosPredicates)) = left,
            dosPredicates.isEmpty,
            case .step(.child, let test, let predicates) = right
        {
            let compiled = try compilePredicates(predicates)
            if !compiled.contains(where: \.isPositional) {
                let step = Plan.step(.descendant, try compileTest(test, axis: .child), compiled)
                if case .root = inner { return .path(.root, step) }
                return .path(try compile(inner), step)
            }
        }
        if case .path(let inner, .step(.descendantOrSelf, .kind("node", nil), let dosPredicates)) = left,
            dosPredicates.isEmpty
        {
            let compiled = try compile(right)
            if let required = Self.requiredNames(compiled) {
                return .descendantPath(try compile(inner), compiled, required)
            }
            return .path(try compile(left), compiled)
        }
        return .path(try compile(left), try compile(right))
    }

    /// What a plan needs among the children or attributes of its context node to select anything (see
    /// ``RequiredNames``): named child or attribute steps, paths and filters that start with one, unions of them.
    static func requiredNames(_ plan: Plan) -> RequiredNames? {
        switch plan {
        case .step(.child, .name(let id), _): return RequiredNames(names: [id], attribute: false)
        case .step(.attribute, .name(let id), _): return RequiredNames(names: [id], attribute: true)
        case .path(let left, _): return requiredNames(left)
        case .filter(let primary, _): return requiredNames(primary)
        case .union(let left, let right):
            guard let l = requiredNames(left), let r = requiredNames(right), l.attribute == r.attribute else {
                return nil
            }
            return RequiredNames(names: l.names + r.names.filter { !l.names.contains($0) }, attribute: l.attribute)
        default: return nil
        }
    }

    private func compileCall(_ name: String, _ arguments: [SyntaxExpr]) throws(XPathError) -> Plan {
        var plans: [Plan] = []
        for argument in arguments { plans.append(try compile(argument)) }
        if let index = userFunction(name, arity: arguments.count) { return .userCall(index, plans) }
        let local = name.hasPrefix("fn:") ? String(name.dropFirst(3)) : name
        guard let function = BuiltinFunction(rawValue: local), function.arities.contains(arguments.count) else {
            throw XPathError("XPST0017", "unknown function \(name)#\(arguments.count)")
        }
        switch function {
        case .matches, .replace, .tokenize:
            let patternIndex = 1
            let flagsIndex = function == .replace ? 3 : 2
            var flags = ""
            if plans.count > flagsIndex {
                guard case .constant(.string(let f)) = plans[flagsIndex] else {
                    return .regexCall(function, plans, regex: nil)
                }
                flags = f
            }
            if case .constant(.string(let pattern)) = plans[patternIndex] {
                return .regexCall(function, plans, regex: try regex(pattern: pattern, flags: flags))
            }
            return .regexCall(function, plans, regex: nil)
        case .not, .boolean, .recovering:
            return .builtin(function, [Self.forBooleanUse(plans[0])])
        case .contains:
            // `contains(' AA AB … ', concat(' ', x, ' '))`: a code list, looked up as a set of tokens.
            var text: String?
            switch plans[0] {
            case .constant(.string(let s)): text = s
            case .global(let index):
                if case .constant(.string(let s)) = globalPlans[index] { text = s }
            default: break
            }
            if let text, text.utf8.count >= TokenList.minimumLength,
                case .builtin(.concat, let parts) = plans[1], parts.count == 3,
                case .constant(.string(" ")) = parts[0], case .constant(.string(" ")) = parts[2]
            {
                return .tokenListContains(parts[1], list: tokenList(text))
            }
            return .builtin(function, plans)
        default:
            return .builtin(function, plans)
        }
    }

    /// Rewrites an operand whose only use is its effective boolean value: `normalize-space(x)` becomes a scan for
    /// a non-whitespace character (same value, same errors, no string built), and an expression that yields only
    /// nodes becomes `exists(…)`, which stops at the first node as the evaluator's boolean of such an expression
    /// did, without finding out at every evaluation that it yields only nodes.
    static func forBooleanUse(_ plan: Plan) -> Plan {
        switch plan {
        case .builtin(.normalizeSpace, let arguments): return .builtin(.nonWhitespace, arguments)
        case .and(let l, let r): return .and(forBooleanUse(l), forBooleanUse(r))
        case .or(let l, let r): return .or(forBooleanUse(l), forBooleanUse(r))
        default: return Evaluator.producesNodes(plan) ? .builtin(.exists, [plan]) : plan
        }
    }
}
