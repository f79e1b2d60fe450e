extension XPathExpression {
    /// Compiles an XSLT 2.0 match pattern (XSLT 2.0 §5.5.3) as the expression that selects every node it
    /// matches, evaluated from the document node: a node matches `P` iff it is in `root(.)//(P)`. Rooted
    /// alternatives (`/a/b`) are kept as they are; relative ones get `//` in front of their first step.
    public convenience init(pattern source: String, context: StaticContext) throws(XPathError) {
        let plan = StaticContext.guarding(
            context.memoize(try context.compile(Self.selecting(Self.recovering(try XPathParser.parse(source)))))
        )
        self.init(source: source, plan: plan, matchedNames: MatchedNames(plan))
    }

    /// Wraps the pattern's own boolean predicates so that an error in one makes that node not match
    /// (XSLT 3.0 §5.5.4), instead of failing the whole run. Numeric or positional predicates stay as they are.
    private static func recovering(_ e: SyntaxExpr) -> SyntaxExpr {
        // `recovering(a and b)` is `recovering(a) and recovering(b)`; per conjunct keeps name-only parts cacheable.
        func wrap(_ predicates: [SyntaxExpr]) -> [SyntaxExpr] {
            predicates.map { predicate in
                if StaticContext.mayBePositional(predicate) { return predicate }
                var conjuncts: [SyntaxExpr] = []
                StaticContext.splitConjuncts(predicate, into: &conjuncts)
                let wrapped = conjuncts.map { SyntaxExpr.call(BuiltinFunction.recovering.rawValue, [$0]) }
                return wrapped.dropFirst().reduce(wrapped[0]) { .binary("and", $0, $1) }
            }
        }
        switch e {
        case .binary(let op, let l, let r) where ["union", "intersect", "except"].contains(op):
            return .binary(op, recovering(l), recovering(r))
        case .path(let l, let r): return .path(recovering(l), recovering(r))
        case .step(let axis, let test, let predicates): return .step(axis, test, wrap(predicates))
        case .filter(let primary, let predicates): return .filter(recovering(primary), wrap(predicates))
        case .sequence(let items): return .sequence(items.map(recovering))
        default: return e
        }
    }

    private static func selecting(_ pattern: SyntaxExpr) -> SyntaxExpr {
        switch pattern {
        case .binary("union", let left, let right):
            return .binary("union", selecting(left), selecting(right))
        case .sequence(let items) where items.count == 1:
            if isRooted(items[0]) { return pattern }
            return .sequence([selecting(items[0])])
        default:
            return isRooted(pattern) ? pattern : prependDescendant(pattern)
        }
    }

    private static func isRooted(_ e: SyntaxExpr) -> Bool {
        switch e {
        case .root: return true
        case .path(let left, _): return isRooted(left)
        case .filter(let primary, _): return isRooted(primary)
        case .sequence(let items): return !items.isEmpty && items.allSatisfy(isRooted)
        case .binary("union", let l, let r), .binary("intersect", let l, let r), .binary("except", let l, let r):
            return isRooted(l) && isRooted(r)
        default: return false
        }
    }

    private static func prependDescendant(_ e: SyntaxExpr) -> SyntaxExpr {
        if case .path(let left, let right) = e { return .path(prependDescendant(left), right) }
        return .path(.path(.root, .step(.descendantOrSelf, .kind("node", nil), [])), e)
    }
}
