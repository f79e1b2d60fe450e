import EInvoiceXML

/// A compiled node test: names are interned, the principal node kind is fixed by the axis.
enum NodeTest: Hashable, Sendable {
    /// Element (or attribute on the attribute axis) with this interned name.
    case name(Int32)
    /// Any principal node in this namespace (`prefix:*`).
    case namespace(String)
    /// Any principal node with this local name (`*:local`).
    case localName(String)
    /// Any principal node (`*`).
    case principal
    /// `node()`
    case anyNode
    /// `text()`, `comment()`, `processing-instruction()`, `document-node()`, `element()`, `attribute()`
    case kind(NodeKind)
}

/// A compiled predicate (XPath 2.0 §3.2.2).
enum Predicate: Hashable, Sendable {
    /// `[n]` with a numeric literal.
    case position(Int)
    /// `[last()]`
    case last
    /// Any other predicate; `positional` when its value may depend on position or last, or be numeric.
    case general(Plan, positional: Bool)
    /// A predicate that reads nothing of the node but its name (`ends-with(name(), 'Amount')`, `self::x`):
    /// evaluated once per distinct name and document, under the id given.
    case byName(Plan, id: Int)

    var isPositional: Bool {
        switch self {
        case .position, .last: return true
        case .general(_, let positional): return positional
        case .byName: return false
        }
    }
}

enum ComparisonOperator: Hashable, Sendable {
    case eq, ne, lt, le, gt, ge

    func holds(_ order: Int) -> Bool {
        switch self {
        case .eq: return order == 0
        case .ne: return order != 0
        case .lt: return order < 0
        case .le: return order <= 0
        case .gt: return order > 0
        case .ge: return order >= 0
        }
    }
}

enum ArithmeticOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case div, idiv, mod
}

/// The atomic types a `cast as`, `castable as` or constructor function can name.
enum AtomicType: String, Sendable {
    case string = "xs:string"
    case untypedAtomic = "xs:untypedAtomic"
    case boolean = "xs:boolean"
    case decimal = "xs:decimal"
    case integer = "xs:integer"
    case double = "xs:double"
    case date = "xs:date"
}

/// The names a plan needs among the children (or the attributes) of its context node to select anything: from
/// a node without a child element (attribute) of one of these names it yields the empty sequence, evaluates
/// nothing and raises no error. Such a plan reads nothing of its focus but the context node.
struct RequiredNames: Hashable, Sendable {
    var names: [Int32]
    var attribute: Bool
}

/// The names of the nodes a plan can select, when it selects nothing but elements and attributes with these names.
struct MatchedNames: Hashable, Sendable {
    var elements: [Int32] = []
    var attributes: [Int32] = []

    init(elements: [Int32] = [], attributes: [Int32] = []) {
        self.elements = elements
        self.attributes = attributes
    }

    init?(_ plan: Plan) {
        switch plan {
        case .step(let axis, .name(let id), _):
            if axis == .attribute { attributes = [id] } else { elements = [id] }
        case .path(_, let last), .descendantPath(_, let last, _), .filter(let last, _), .intersect(let last, _),
            .except(let last, _), .memo(_, let last), .guarded(_, let last):
            guard let names = MatchedNames(last) else { return nil }
            self = names
        case .union(let left, let right):
            guard let l = MatchedNames(left), let r = MatchedNames(right) else { return nil }
            elements = l.elements + r.elements
            attributes = l.attributes + r.attributes
        case .sequence(let items):
            for item in items {
                guard let names = MatchedNames(item) else { return nil }
                elements += names.elements
                attributes += names.attributes
            }
        default:
            return nil
        }
    }
}

/// An expression compiled against a static context: names interned, variables and functions bound.
indirect enum Plan: Hashable, Sendable {
    case empty
    case constant(Item)
    case contextItem
    case root
    case global(Int)
    case local(Int)
    case sequence([Plan])
    case path(Plan, Plan)
    /// `left//right`, the same as `path(path(left, descendant-or-self::node()), right)`, where `right` selects
    /// nothing from a node without the required children: evaluated only from the parents of such nodes, found in
    /// the document's name index, in document order.
    case descendantPath(Plan, Plan, RequiredNames)
    case step(Axis, NodeTest, [Predicate])
    case filter(Plan, [Predicate])
    case and(Plan, Plan)
    case or(Plan, Plan)
    case generalComparison(ComparisonOperator, Plan, Plan)
    case valueComparison(ComparisonOperator, Plan, Plan)
    case nodeIs(Plan, Plan)
    case nodeBefore(Plan, Plan)
    case arithmetic(ArithmeticOperator, Plan, Plan)
    case negate(Plan)
    case plus(Plan)
    case range(Plan, Plan)
    case union(Plan, Plan)
    case intersect(Plan, Plan)
    case except(Plan, Plan)
    case ifThenElse(Plan, Plan, Plan)
    /// `for $slot in in return body`
    case forReturn(slot: Int, Plan, Plan)
    case quantified(every: Bool, slot: Int, Plan, Plan)
    case cast(Plan, AtomicType, optional: Bool)
    case castable(Plan, AtomicType, optional: Bool)
    case instanceOf(Plan, String)
    case builtin(BuiltinFunction, [Plan])
    /// A regex function; the pattern, when it is a literal, compiled once into the program's regex table.
    case regexCall(BuiltinFunction, [Plan], regex: Int?)
    case userCall(Int, [Plan])
    /// `contains(C, concat(' ', x, ' '))` with a long constant C (a code list): x looked up among C's tokens
    /// (``TokenList``, by index in the program's table).
    case tokenListContains(Plan, list: Int)
    /// A subexpression whose value depends on neither the focus nor local variables: evaluated at most once per
    /// document, shared by every expression of the program that contains the same subexpression.
    case memo(Int, Plan)
    /// A path that selects only nodes with these names and raises no error from a node before it reaches them:
    /// from a node, its value is empty, without evaluating it, when the document has none of these names.
    case guarded(MatchedNames, Plan)
}
