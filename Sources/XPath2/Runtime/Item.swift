/// An XDM item (XPath 2.0 Data Model §2): a node of the document being validated, or an atomic value.
///
/// Only the atomic types the rules use are modelled; `integer` keeps its value in an ``XSDecimal`` with scale 0.
public enum Item: Hashable, Sendable {
    /// A node of the context document, by its ``EInvoiceXML/XMLTree`` index.
    case node(Int32)
    case string(String)
    case untypedAtomic(String)
    case boolean(Bool)
    // Boxed, so that an item (most are nodes) takes 24 bytes instead of 40.
    indirect case integer(XSDecimal)
    indirect case decimal(XSDecimal)
    case double(Double)
    indirect case date(XSDate)

    var isNode: Bool {
        if case .node = self { return true }
        return false
    }

    var isNumeric: Bool {
        switch self {
        case .integer, .decimal, .double: return true
        default: return false
        }
    }

    /// The name of the item's type, for error messages (XPath 2.0 §2.5).
    var typeName: String {
        switch self {
        case .node: return "node()"
        case .string: return "xs:string"
        case .untypedAtomic: return "xs:untypedAtomic"
        case .boolean: return "xs:boolean"
        case .integer: return "xs:integer"
        case .decimal: return "xs:decimal"
        case .double: return "xs:double"
        case .date: return "xs:date"
        }
    }
}

/// A sequence of items (XDM §2): flat, never nested.
public typealias XDMSequence = [Item]

extension Item {
    static func int(_ value: Int) -> Item { .integer(XSDecimal(value)) }
}

extension Evaluator {
    private static let trueSequence: XDMSequence = [.boolean(true)]
    private static let falseSequence: XDMSequence = [.boolean(false)]

    /// A one-item boolean sequence, shared: no allocation per comparison.
    @inline(__always)
    static func booleanSequence(_ value: Bool) -> XDMSequence { value ? trueSequence : falseSequence }
}
