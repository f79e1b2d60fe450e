/// An XPath axis (XPath 2.0 §3.2.1.1).
public enum Axis: String, Sendable {
    case child, descendant, attribute, `self`
    case descendantOrSelf = "descendant-or-self"
    case followingSibling = "following-sibling"
    case following, parent, ancestor
    case precedingSibling = "preceding-sibling"
    case preceding
    case ancestorOrSelf = "ancestor-or-self"

    var isReverse: Bool {
        switch self {
        case .parent, .ancestor, .ancestorOrSelf, .preceding, .precedingSibling: return true
        default: return false
        }
    }
}

/// A node test as written (XPath 2.0 §3.2.1.2); names are still lexical here.
enum SyntaxNodeTest: Equatable {
    case name(String)
    case prefixWildcard(String)
    case localWildcard(String)
    case anyName
    /// `node()`, `text()`, `comment()`, `processing-instruction()`, `element()`, `attribute()`, `document-node()`
    case kind(String, String?)
}

/// The parsed form of an expression, before names are bound (XPath 2.0 §3).
indirect enum SyntaxExpr {
    case sequence([SyntaxExpr])
    case stringLiteral(String)
    case integerLiteral(String)
    case decimalLiteral(String)
    case doubleLiteral(String)
    case variable(String)
    case contextItem
    case call(String, [SyntaxExpr])
    case root
    case path(SyntaxExpr, SyntaxExpr)
    /// `//` between two steps: `a//b` is `a/descendant-or-self::node()/b`.
    case step(Axis, SyntaxNodeTest, [SyntaxExpr])
    case filter(SyntaxExpr, [SyntaxExpr])
    case binary(String, SyntaxExpr, SyntaxExpr)
    case unaryMinus(SyntaxExpr)
    case unaryPlus(SyntaxExpr)
    case ifThenElse(SyntaxExpr, SyntaxExpr, SyntaxExpr)
    case forReturn([(String, SyntaxExpr)], SyntaxExpr)
    case quantified(every: Bool, [(String, SyntaxExpr)], SyntaxExpr)
    case castAs(SyntaxExpr, String, optional: Bool)
    case castableAs(SyntaxExpr, String, optional: Bool)
    case instanceOf(SyntaxExpr, String)
}
