/// Recursive-descent parser for the XPath 2.0 grammar (XPath 2.0 §A.1).
struct XPathParser {
    private var tokens: [Token]
    private var index = 0

    init(_ source: String) throws(XPathError) {
        var lexer = Lexer(source)
        tokens = try lexer.tokenize()
    }

    static func parse(_ source: String) throws(XPathError) -> SyntaxExpr {
        var parser = try XPathParser(source)
        let expr = try parser.expr()
        guard parser.peek == .end else {
            throw XPathError("XPST0003", "unexpected \(parser.peek) after the end of the expression")
        }
        return expr
    }

    private var peek: Token { tokens[index] }
    private func peek(_ offset: Int) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    private mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private mutating func accept(_ symbol: String) -> Bool {
        if peek == .symbol(symbol) {
            index += 1
            return true
        }
        return false
    }

    private mutating func acceptWord(_ word: String) -> Bool {
        if peek == .name(word) {
            index += 1
            return true
        }
        return false
    }

    private mutating func expect(_ symbol: String) throws(XPathError) {
        guard accept(symbol) else { throw XPathError("XPST0003", "expected '\(symbol)' but found \(peek)") }
    }

    private mutating func expectWord(_ word: String) throws(XPathError) {
        guard acceptWord(word) else { throw XPathError("XPST0003", "expected '\(word)' but found \(peek)") }
    }

    mutating func expr() throws(XPathError) -> SyntaxExpr {
        var items = [try exprSingle()]
        while accept(",") { items.append(try exprSingle()) }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func exprSingle() throws(XPathError) -> SyntaxExpr {
        if case .name(let word) = peek, case .variable = peek(1), ["for", "some", "every"].contains(word) {
            index += 1
            var bindings: [(String, SyntaxExpr)] = []
            repeat {
                guard case .variable(let name) = advance() else {
                    throw XPathError("XPST0003", "expected a variable after '\(word)'")
                }
                try expectWord("in")
                bindings.append((name, try exprSingle()))
            } while accept(",")
            if word == "for" {
                try expectWord("return")
                return .forReturn(bindings, try exprSingle())
            }
            try expectWord("satisfies")
            return .quantified(every: word == "every", bindings, try exprSingle())
        }
        if peek == .name("if"), peek(1) == .symbol("(") {
            index += 2
            let condition = try expr()
            try expect(")")
            try expectWord("then")
            let then = try exprSingle()
            try expectWord("else")
            return .ifThenElse(condition, then, try exprSingle())
        }
        return try orExpr()
    }

    private mutating func orExpr() throws(XPathError) -> SyntaxExpr {
        var left = try andExpr()
        while acceptWord("or") { left = .binary("or", left, try andExpr()) }
        return left
    }

    private mutating func andExpr() throws(XPathError) -> SyntaxExpr {
        var left = try comparisonExpr()
        while acceptWord("and") { left = .binary("and", left, try comparisonExpr()) }
        return left
    }

    private static let symbolComparisons: Set<String> = ["=", "!=", "<", "<=", ">", ">=", "<<", ">>"]
    private static let wordComparisons: Set<String> = ["eq", "ne", "lt", "le", "gt", "ge", "is"]

    private mutating func comparisonExpr() throws(XPathError) -> SyntaxExpr {
        let left = try rangeExpr()
        switch peek {
        case .symbol(let s) where Self.symbolComparisons.contains(s):
            index += 1
            return .binary(s, left, try rangeExpr())
        case .name(let s) where Self.wordComparisons.contains(s):
            index += 1
            return .binary(s, left, try rangeExpr())
        default:
            return left
        }
    }

    private mutating func rangeExpr() throws(XPathError) -> SyntaxExpr {
        let left = try additiveExpr()
        if acceptWord("to") { return .binary("to", left, try additiveExpr()) }
        return left
    }

    private mutating func additiveExpr() throws(XPathError) -> SyntaxExpr {
        var left = try multiplicativeExpr()
        while true {
            if accept("+") {
                left = .binary("+", left, try multiplicativeExpr())
            } else if accept("-") {
                left = .binary("-", left, try multiplicativeExpr())
            } else {
                return left
            }
        }
    }

    private mutating func multiplicativeExpr() throws(XPathError) -> SyntaxExpr {
        var left = try unionExpr()
        while true {
            if accept("*") {
                left = .binary("*", left, try unionExpr())
            } else if case .name(let w) = peek, ["div", "idiv", "mod"].contains(w) {
                index += 1
                left = .binary(w, left, try unionExpr())
            } else {
                return left
            }
        }
    }

    private mutating func unionExpr() throws(XPathError) -> SyntaxExpr {
        var left = try intersectExceptExpr()
        while accept("|") || acceptWord("union") { left = .binary("union", left, try intersectExceptExpr()) }
        return left
    }

    private mutating func intersectExceptExpr() throws(XPathError) -> SyntaxExpr {
        var left = try instanceofExpr()
        while true {
            if acceptWord("intersect") {
                left = .binary("intersect", left, try instanceofExpr())
            } else if acceptWord("except") {
                left = .binary("except", left, try instanceofExpr())
            } else {
                return left
            }
        }
    }

    private mutating func sequenceTypeName() throws(XPathError) -> (String, Bool) {
        guard case .name(let type) = advance() else { throw XPathError("XPST0003", "expected a type name") }
        if accept("?") { return (type, true) }
        return (type, false)
    }

    private mutating func instanceofExpr() throws(XPathError) -> SyntaxExpr {
        let left = try treatExpr()
        if peek == .name("instance"), peek(1) == .name("of") {
            index += 2
            var (type, _) = try sequenceTypeName()
            if accept("(") {
                try expect(")")
                type += "()"
            }
            if accept("*") { type += "*" } else if accept("+") { type += "+" }
            return .instanceOf(left, type)
        }
        return left
    }

    private mutating func treatExpr() throws(XPathError) -> SyntaxExpr {
        let left = try castableExpr()
        if peek == .name("treat"), peek(1) == .name("as") {
            throw XPathError("XPST0003", "'treat as' is not supported")
        }
        return left
    }

    private mutating func castableExpr() throws(XPathError) -> SyntaxExpr {
        let left = try castExpr()
        if peek == .name("castable"), peek(1) == .name("as") {
            index += 2
            let (type, optional) = try sequenceTypeName()
            return .castableAs(left, type, optional: optional)
        }
        return left
    }

    private mutating func castExpr() throws(XPathError) -> SyntaxExpr {
        let left = try unaryExpr()
        if peek == .name("cast"), peek(1) == .name("as") {
            index += 2
            let (type, optional) = try sequenceTypeName()
            return .castAs(left, type, optional: optional)
        }
        return left
    }

    private mutating func unaryExpr() throws(XPathError) -> SyntaxExpr {
        if accept("-") { return .unaryMinus(try unaryExpr()) }
        if accept("+") { return .unaryPlus(try unaryExpr()) }
        return try pathExpr()
    }

    private static var descendantOrSelfNode: SyntaxExpr { .step(.descendantOrSelf, .kind("node", nil), []) }

    private mutating func pathExpr() throws(XPathError) -> SyntaxExpr {
        if accept("/") {
            if startsStep { return .path(.root, try relativePath()) }
            return .root
        }
        if accept("//") {
            // Attach `/descendant-or-self::node()` to the first step, so that paths stay left-associative and
            // `//a/b` can become `/descendant::a/b`.
            return Self.prepend(.path(.root, Self.descendantOrSelfNode), to: try relativePath())
        }
        return try relativePath()
    }

    /// Whether the next token can start a step (used after a leading `/`).
    private var startsStep: Bool {
        switch peek {
        case .name(let n):
            // A lone `/` followed by an operator word is the root node.
            if [
                "div", "mod", "idiv", "and", "or", "eq", "ne", "lt", "le", "gt", "ge", "union", "intersect", "except",
                "is", "to", "return", "satisfies", "then", "else", "in",
            ].contains(n) {
                return peek(1) == .symbol("(") || peek(1) == .symbol("::")
            }
            return true
        case .prefixWildcard, .localWildcard, .variable, .string, .integer, .decimal, .double: return true
        case .symbol(let s): return ["@", ".", "..", "*", "("].contains(s)
        case .end: return false
        }
    }

    private static func prepend(_ base: SyntaxExpr, to path: SyntaxExpr) -> SyntaxExpr {
        if case .path(let left, let right) = path { return .path(prepend(base, to: left), right) }
        return .path(base, path)
    }

    private mutating func relativePath() throws(XPathError) -> SyntaxExpr {
        var left = try stepExpr()
        while true {
            if accept("/") {
                left = .path(left, try stepExpr())
            } else if accept("//") {
                left = .path(.path(left, Self.descendantOrSelfNode), try stepExpr())
            } else {
                return left
            }
        }
    }

    private mutating func predicates() throws(XPathError) -> [SyntaxExpr] {
        var list: [SyntaxExpr] = []
        while accept("[") {
            list.append(try expr())
            try expect("]")
        }
        return list
    }

    private static let kindTests: Set<String> = [
        "node", "text", "comment", "processing-instruction", "element", "attribute", "document-node",
        "schema-element", "schema-attribute", "item", "empty-sequence",
    ]

    private mutating func stepExpr() throws(XPathError) -> SyntaxExpr {
        // Abbreviated steps.
        if accept("..") { return .step(.parent, .kind("node", nil), try predicates()) }
        if accept("@") {
            let test = try nodeTest()
            return .step(.attribute, test, try predicates())
        }
        // Full axis.
        if case .name(let n) = peek, peek(1) == .symbol("::") {
            guard let axis = Axis(rawValue: n) else { throw XPathError("XPST0003", "unknown axis \(n)") }
            index += 2
            let test = try nodeTest()
            return .step(axis, test, try predicates())
        }
        switch peek {
        case .name(let n) where peek(1) == .symbol("("):
            if Self.kindTests.contains(n) {
                let test = try nodeTest()
                let axis: Axis = test == .kind("attribute", nil) ? .attribute : .child
                return .step(axis, test, try predicates())
            }
            index += 2
            var arguments: [SyntaxExpr] = []
            if !accept(")") {
                repeat { arguments.append(try exprSingle()) } while accept(",")
                try expect(")")
            }
            return try filtered(.call(n, arguments))
        case .name, .prefixWildcard, .localWildcard, .symbol("*"):
            let test = try nodeTest()
            return .step(.child, test, try predicates())
        default:
            return try filtered(try primaryExpr())
        }
    }

    private mutating func filtered(_ primary: SyntaxExpr) throws(XPathError) -> SyntaxExpr {
        let list = try predicates()
        return list.isEmpty ? primary : .filter(primary, list)
    }

    private mutating func nodeTest() throws(XPathError) -> SyntaxNodeTest {
        switch advance() {
        case .name(let n):
            if peek == .symbol("("), Self.kindTests.contains(n) {
                index += 1
                var argument: String?
                switch peek {
                case .name(let a):
                    argument = a
                    index += 1
                case .string(let a):
                    argument = a
                    index += 1
                case .symbol("*"):
                    index += 1
                default: break
                }
                try expect(")")
                return .kind(n, argument)
            }
            return .name(n)
        case .prefixWildcard(let p): return .prefixWildcard(p)
        case .localWildcard(let l): return .localWildcard(l)
        case .symbol("*"): return .anyName
        case let other: throw XPathError("XPST0003", "expected a node test but found \(other)")
        }
    }

    private mutating func primaryExpr() throws(XPathError) -> SyntaxExpr {
        switch advance() {
        case .string(let s): return .stringLiteral(s)
        case .integer(let s): return .integerLiteral(s)
        case .decimal(let s): return .decimalLiteral(s)
        case .double(let s): return .doubleLiteral(s)
        case .variable(let v): return .variable(v)
        case .symbol("."): return .contextItem
        case .symbol("("):
            if accept(")") { return .sequence([]) }
            let inner = try expr()
            try expect(")")
            return inner.isSequence ? inner : .sequence([inner])
        case let other: throw XPathError("XPST0003", "unexpected \(other)")
        }
    }
}

extension SyntaxExpr {
    fileprivate var isSequence: Bool {
        if case .sequence = self { return true }
        return false
    }
}
