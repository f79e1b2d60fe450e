public import EInvoiceXML

/// A compiled XPath 2.0 expression bound to a ``StaticContext``; immutable and shareable across tasks.
///
/// A class: the rules pass their expressions to the evaluator for every node, and a class is passed with one
/// reference count instead of one per field.
public final class XPathExpression: Sendable {
    let plan: Plan
    /// The expression as written.
    public let source: String
    /// For a match pattern: the names of the elements and attributes it can match, when it can match nothing else.
    let matchedNames: MatchedNames?
    /// The plan as ``Evaluator/test(_:node:)`` evaluates it (``StaticContext/forBooleanUse(_:)``).
    let condition: Plan

    /// Compiles `source` against `context` (XPath 2.0 static analysis); throws `err:XPST…` errors.
    public init(_ source: String, context: StaticContext) throws(XPathError) {
        self.source = source
        plan = try context.compilePlan(source)
        matchedNames = nil
        condition = StaticContext.forBooleanUse(plan)
    }

    init(source: String, plan: Plan, matchedNames: MatchedNames?) {
        self.source = source
        self.plan = plan
        self.matchedNames = matchedNames
        condition = StaticContext.forBooleanUse(plan)
    }
}

/// A frozen static context: the globals and functions every evaluation of one rule set shares.
public struct XPathProgram: Sendable {
    let functions: [UserFunction]
    let globalPlans: [Plan]
    let regexes: [XPathRegex]
    let tokenLists: [TokenList]
    /// The number of local slots a frame needs.
    public let slotCount: Int
    /// The number of memoised subexpressions.
    public let memoCount: Int
    /// Values of name-only predicates, for every document evaluated with this program.
    let nameOnlyValues = NameOnlyValues()

    /// Freezes what `context` has compiled so far.
    public init(_ context: StaticContext) {
        functions = context.functions
        globalPlans = context.globalPlans
        regexes = context.regexes
        tokenLists = context.tokenLists
        slotCount = context.localSlotCount
        memoCount = context.memoCount
    }
}

extension Evaluator {
    /// Prepares evaluation of a frozen program's expressions against one document.
    public convenience init(tree: XMLTree, program: XPathProgram) {
        self.init(
            tree: tree,
            functions: program.functions,
            globalPlans: program.globalPlans,
            regexes: program.regexes,
            tokenLists: program.tokenLists,
            slots: program.slotCount,
            memoCount: program.memoCount,
            nameOnlyValues: program.nameOnlyValues
        )
    }

    /// Evaluates an expression with `node` as context node (position 1 of 1).
    public func evaluate(_ expression: XPathExpression, node: Int32) throws(XPathError) -> XDMSequence {
        try eval(expression.plan, Focus(item: .node(node), position: 1, size: 1))
    }

    /// The effective boolean value of an expression evaluated at `node` (XPath 2.0 §2.4.3).
    public func test(_ expression: XPathExpression, node: Int32) throws(XPathError) -> Bool {
        try truth(expression.condition, Focus(item: .node(node), position: 1, size: 1))
    }

    /// The nodes a match pattern (``XPathExpression/init(pattern:context:)``) matches, in document order.
    ///
    /// A pattern whose last steps name elements or attributes the document does not have matches nothing and is
    /// not evaluated at all, as in XSLT, where a node is tested against a pattern only when it has the pattern's
    /// name: an error in a predicate of an earlier step cannot occur then.
    public func matches(_ pattern: XPathExpression) throws(XPathError) -> [Int32] {
        if let names = pattern.matchedNames,
            !names.elements.contains(where: { !tree.elements(named: $0).isEmpty }),
            !names.attributes.contains(where: { !tree.attributes(named: $0).isEmpty })
        {
            return []
        }
        return try select(pattern, node: 0)
    }

    /// The nodes an expression selects from `node`, in document order; XPTY0004 when it yields atomic values.
    public func select(_ expression: XPathExpression, node: Int32) throws(XPathError) -> [Int32] {
        try nodesOf(try eval(expression.plan, Focus(item: .node(node), position: 1, size: 1)), "a rule context")
    }

    /// The string of an `xsl:value-of`: the items' string values joined by single spaces.
    public func valueOf(_ expression: XPathExpression, node: Int32) throws(XPathError) -> String {
        try eval(expression.plan, Focus(item: .node(node), position: 1, size: 1)).map { stringValue(atomize($0)) }
            .joined(separator: " ")
    }

    /// Binds a local variable slot to be evaluated lazily at `node` (a Schematron `let` inside a rule).
    public func bind(slot: Int, to expression: XPathExpression, node: Int32) {
        bindLazily(slot: slot, plan: expression.plan, focus: Focus(item: .node(node), position: 1, size: 1))
    }

    /// Renders items as strings, for tests and diagnostics.
    public func strings(_ items: XDMSequence) -> [String] { items.map { stringValue($0) } }
}
