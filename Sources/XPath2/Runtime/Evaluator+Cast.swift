import EInvoiceXML

extension Evaluator {
    /// The string value of an item (XPath 2.0 §2.5.2; atomic values cast to xs:string, F&O §17.1.2).
    func stringValue(_ item: Item) -> String {
        switch item {
        case .node(let n): return tree.stringValue(n)
        case .string(let s), .untypedAtomic(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let d), .decimal(let d): return d.description
        case .double(let d): return XSDouble.string(d)
        case .date(let d): return d.description
        }
    }

    /// Casts an atomic value (F&O §17.1); FORG0001 for a value outside the target's lexical space.
    func cast(_ item: Item, to type: AtomicType) throws(XPathError) -> Item {
        let value = atomize(item)
        switch type {
        case .string: return .string(stringValue(value))
        case .untypedAtomic: return .untypedAtomic(stringValue(value))
        case .boolean:
            switch value {
            case .boolean: return value
            case .string(let s), .untypedAtomic(let s):
                switch s.trimmingSpaces {
                case "true", "1": return .boolean(true)
                case "false", "0": return .boolean(false)
                default: throw XPathError("FORG0001", "invalid xs:boolean value")
                }
            case .integer(let d), .decimal(let d): return .boolean(d != XSDecimal(0))
            case .double(let d): return .boolean(!(d == 0 || d.isNaN))
            default: throw XPathError("XPTY0004", "cannot cast \(value.typeName) to xs:boolean")
            }
        case .decimal:
            switch value {
            case .decimal: return value
            case .integer(let d): return .decimal(d.castAsDecimal())
            case .double(let d): return .decimal(try XSDecimal(converting: d))
            case .boolean(let b): return .decimal(XSDecimal(b ? 1 : 0))
            case .string(let s), .untypedAtomic(let s):
                guard let d = XSDecimal(lexical: s) else {
                    throw XPathError("FORG0001", "'\(Self.excerpt(s))' is not a valid xs:decimal")
                }
                return .decimal(d)
            default: throw XPathError("XPTY0004", "cannot cast \(value.typeName) to xs:decimal")
            }
        case .integer:
            switch value {
            case .integer: return value
            case .decimal(let d): return .integer(d.truncated())
            case .double(let d):
                if d.isNaN || d.isInfinite { throw XPathError("FOCA0002", "cannot cast NaN or INF to xs:integer") }
                return .integer(try XSDecimal(converting: d).truncated())
            case .boolean(let b): return .int(b ? 1 : 0)
            case .string(let s), .untypedAtomic(let s):
                guard let d = XSDecimal(integerLexical: s) else {
                    throw XPathError("FORG0001", "'\(Self.excerpt(s))' is not a valid xs:integer")
                }
                return .integer(d)
            default: throw XPathError("XPTY0004", "cannot cast \(value.typeName) to xs:integer")
            }
        case .double:
            switch value {
            case .double: return value
            case .integer(let d), .decimal(let d): return .double(d.doubleValue)
            case .boolean(let b): return .double(b ? 1 : 0)
            case .string(let s), .untypedAtomic(let s):
                guard let d = XSDouble.parse(s) else {
                    throw XPathError("FORG0001", "'\(Self.excerpt(s))' is not a valid xs:double")
                }
                return .double(d)
            default: throw XPathError("XPTY0004", "cannot cast \(value.typeName) to xs:double")
            }
        case .date:
            switch value {
            case .date: return value
            case .string(let s), .untypedAtomic(let s):
                guard let d = XSDate(lexical: s) else {
                    throw XPathError("FORG0001", "'\(Self.excerpt(s))' is not a valid xs:date")
                }
                return .date(d)
            default: throw XPathError("XPTY0004", "cannot cast \(value.typeName) to xs:date")
            }
        }
    }

    /// At most 40 characters of a lexical value, for error messages.
    static func excerpt(_ s: String) -> String {
        s.unicodeScalars.count <= 40 ? s : String(String.UnicodeScalarView(s.unicodeScalars.prefix(40))) + "…"
    }

    func instanceOf(_ items: XDMSequence, _ type: String) throws(XPathError) -> Bool {
        var name = type
        var occurrence: Character = "1"
        if let last = name.last, "?*+".contains(last) {
            occurrence = last
            name.removeLast()
        }
        switch occurrence {
        case "1": if items.count != 1 { return false }
        case "?": if items.count > 1 { return false }
        case "+": if items.isEmpty { return false }
        default: break
        }
        return items.allSatisfy { item in
            switch name {
            case "item()": return true
            case "node()": return item.isNode
            case "xs:anyAtomicType": return !item.isNode
            case "xs:decimal":
                return {
                    if case .integer = item { return true }
                    return item.atomicType == .decimal
                }()
            default: return !item.isNode && item.atomicType.rawValue == name
            }
        }
    }

    /// Converts a value to a declared type by the function conversion rules (XPath 2.0 §3.1.5).
    func convert(_ items: XDMSequence, to type: SequenceType) throws(XPathError) -> XDMSequence {
        let atoms = try atomize(items)
        switch type.occurrence {
        case nil:
            if atoms.count != 1 { throw XPathError("XPTY0004", "expected exactly one \(type.atomic.rawValue)") }
        case "?":
            if atoms.count > 1 { throw XPathError("XPTY0004", "expected at most one \(type.atomic.rawValue)") }
        case "+":
            if atoms.isEmpty { throw XPathError("XPTY0004", "expected one or more \(type.atomic.rawValue)") }
        default: break
        }
        var result: XDMSequence = []
        for atom in atoms {
            result.append(try convertAtom(atom, to: type.atomic))
        }
        return result
    }

    private func convertAtom(_ atom: Item, to type: AtomicType) throws(XPathError) -> Item {
        if case .untypedAtomic = atom { return try cast(atom, to: type) }
        switch (atom, type) {
        case (.string, .string), (.boolean, .boolean), (.date, .date), (.double, .double), (.decimal, .decimal),
            (.integer, .integer):
            return atom
        case (.integer(let d), .decimal): return .integer(d)
        case (.integer, .double), (.decimal, .double): return try cast(atom, to: .double)
        default:
            throw XPathError("XPTY0004", "required type is \(type.rawValue), supplied value has type \(atom.typeName)")
        }
    }
}
