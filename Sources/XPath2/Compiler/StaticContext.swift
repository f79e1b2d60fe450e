import EInvoiceXML

/// A function the host defines in the rules (an `xsl:function`), compiled by ``StaticContext``.
public struct UserFunction: Sendable {
    /// The parameters' declared types (`as`), or nil for `item()*`.
    var parameterTypes: [SequenceType?]
    /// Lazily evaluated local variables, by slot after the parameters.
    var variables: [Plan]
    var body: Plan
    var resultType: SequenceType?
    var slotCount: Int
}

/// A declared sequence type such as `xs:decimal` or `xs:string?` (XPath 2.0 §2.5.3), for function conversion.
struct SequenceType: Sendable {
    var atomic: AtomicType
    var occurrence: Character?

    init?(_ text: String) {
        var name = text.trimmingSpaces
        var occurrence: Character?
        if let last = name.last, "?*+".contains(last) {
            occurrence = last
            name.removeLast()
        }
        guard let type = AtomicType(rawValue: name) else { return nil }
        atomic = type
        self.occurrence = occurrence
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars
        while let f = scalars.first, f == " " || f == "\t" || f == "\n" || f == "\r" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" || l == "\n" || l == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}

/// The static context of a set of rules (XPath 2.0 §2.1.1): namespaces, global variables and functions.
///
/// Compilation binds every name; anything the engine does not implement is a static error here, at start-up,
/// never a silently skipped rule.
public final class StaticContext {
    /// Prefix → namespace URI. `xs` and `fn` are predeclared.
    public var namespaces: [String: String] = [
        "xs": "http://www.w3.org/2001/XMLSchema",
        "fn": "http://www.w3.org/2005/xpath-functions",
        "xml": "http://www.w3.org/XML/1998/namespace",
    ]

    private(set) var globalNames: [String: Int] = [:]
    private(set) var globalPlans: [Plan] = []
    /// Memoised subexpressions → memo slot.
    var memoKeys: [Plan: Int] = [:]
    /// The number of name-only predicates, each with a per-document cache.
    private(set) var namePredicateCount = 0

    func nextNamePredicateID() -> Int {
        namePredicateCount += 1
        return namePredicateCount - 1
    }

    /// Code lists searched by `contains(C, concat(' ', x, ' '))`, as token sets.
    private(set) var tokenLists: [TokenList] = []
    private var tokenListIndex: [String: Int] = [:]

    /// The index of the token list of `text` in ``tokenLists``.
    func tokenList(_ text: String) -> Int {
        if let index = tokenListIndex[text] { return index }
        tokenLists.append(TokenList(text))
        tokenListIndex[text] = tokenLists.count - 1
        return tokenLists.count - 1
    }

    /// Regular expressions with literal patterns, compiled once.
    private(set) var regexes: [XPathRegex] = []
    private var regexIndex: [String: Int] = [:]

    /// The index of a compiled regular expression in ``regexes``.
    func regex(pattern: String, flags: String) throws(XPathError) -> Int {
        let key = flags + "\u{0}" + pattern
        if let index = regexIndex[key] { return index }
        let index = regexes.count
        regexes.append(try XPathRegex(pattern: pattern, flags: flags))
        regexIndex[key] = index
        return index
    }
    /// The number of memo slots an evaluation needs.
    public var memoCount: Int { memoKeys.count }
    private var functionIndex: [String: [Int: Int]] = [:]
    private(set) var functions: [UserFunction] = []
    private var functionNames: [(String, Int)] = []

    /// Scopes of local variables: name → slot.
    private var scopes: [[String: Int]] = []
    private var nextSlot = 0
    private var maxSlot = 0

    public init() {}

    /// Declares a global variable, lazily evaluated with the document node as focus.
    public func declareGlobal(_ name: String, expression: String) throws(XPathError) {
        let plan = try compilePlan(expression)
        globalNames[name] = globalPlans.count
        globalPlans.append(plan)
    }

    /// Reserves a user function's index so that functions may call each other (and themselves).
    public func declareFunction(_ name: String, arity: Int) -> Int {
        let expanded = expandFunctionName(name)
        if let index = functionIndex[expanded]?[arity] { return index }
        let index = functionNames.count
        functionNames.append((expanded, arity))
        functions.append(UserFunction(parameterTypes: [], variables: [], body: .empty, slotCount: 0))
        functionIndex[expanded, default: [:]][arity] = index
        return index
    }

    /// Compiles a declared function's body: parameters, then variables in order, then the result expression.
    public func defineFunction(
        _ name: String,
        parameters: [(name: String, type: String?)],
        variables: [(name: String, expression: String)],
        result: String,
        resultType: String?
    ) throws(XPathError) {
        let index = declareFunction(name, arity: parameters.count)
        let savedScopes = scopes
        let savedNext = nextSlot
        let savedMax = maxSlot
        scopes = [[:]]
        nextSlot = 0
        maxSlot = 0
        defer {
            scopes = savedScopes
            nextSlot = savedNext
            maxSlot = savedMax
        }
        var types: [SequenceType?] = []
        for parameter in parameters {
            _ = bindLocal(parameter.name)
            if let text = parameter.type {
                guard let type = SequenceType(text) else {
                    throw XPathError("XPST0051", "unsupported parameter type \(text) in function \(name)")
                }
                types.append(type)
            } else {
                types.append(nil)
            }
        }
        var plans: [Plan] = []
        for variable in variables {
            plans.append(Self.guarding(try compile(try XPathParser.parse(variable.expression))))
            _ = bindLocal(variable.name)
        }
        let body = Self.guarding(try compile(try XPathParser.parse(result)))
        var resultSequenceType: SequenceType?
        if let resultType {
            guard let type = SequenceType(resultType) else {
                throw XPathError("XPST0051", "unsupported result type \(resultType) in function \(name)")
            }
            resultSequenceType = type
        }
        functions[index] = UserFunction(
            parameterTypes: types,
            variables: plans,
            body: body,
            resultType: resultSequenceType,
            slotCount: maxSlot
        )
    }

    private func expandFunctionName(_ name: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        let prefix = String(name[..<colon])
        return "Q{\(namespaces[prefix] ?? prefix)}\(name[name.index(after: colon)...])"
    }

    // MARK: Local scopes, used by the compiler and by hosts binding rule-level variables.

    /// Opens a scope of local variables (a Schematron rule's `let`s).
    public func pushScope() { scopes.append([:]) }

    /// Closes the innermost scope.
    public func popScope() {
        if let scope = scopes.popLast() { nextSlot -= scope.count }
    }

    /// Binds a local variable in the innermost scope and returns its slot.
    @discardableResult
    public func bindLocal(_ name: String) -> Int {
        if scopes.isEmpty { scopes.append([:]) }
        let slot = nextSlot
        scopes[scopes.count - 1][name] = slot
        nextSlot += 1
        maxSlot = max(maxSlot, nextSlot)
        return slot
    }

    /// The number of local slots an evaluation frame needs for what was compiled so far.
    public var localSlotCount: Int { maxSlot }

    func lookupVariable(_ name: String) -> Plan? {
        for scope in scopes.reversed() {
            if let slot = scope[name] { return .local(slot) }
        }
        if let index = globalNames[name] { return .global(index) }
        return nil
    }

    func userFunction(_ name: String, arity: Int) -> Int? {
        functionIndex[expandFunctionName(name)]?[arity]
    }

    /// Resolves a lexical QName of an element or attribute to its interned identifier.
    func internName(_ lexical: String, isAttribute: Bool) throws(XPathError) -> Int32 {
        NameTable.shared.intern(try expandName(lexical, isAttribute: isAttribute))
    }

    func expandName(_ lexical: String, isAttribute: Bool) throws(XPathError) -> QName {
        if let colon = lexical.firstIndex(of: ":") {
            let prefix = String(lexical[..<colon])
            guard let uri = namespaces[prefix] else {
                throw XPathError("XPST0081", "namespace prefix '\(prefix)' is not declared")
            }
            return QName(namespace: uri, local: String(lexical[lexical.index(after: colon)...]))
        }
        // The default element namespace is the null namespace in Schematron/XSLT.
        return QName(namespace: "", local: lexical)
    }

    func compilePlan(_ expression: String) throws(XPathError) -> Plan {
        Self.guarding(memoize(try compile(try XPathParser.parse(expression))))
    }
}
