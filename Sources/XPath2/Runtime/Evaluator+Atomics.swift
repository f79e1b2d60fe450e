import EInvoiceXML

extension Evaluator {
    // MARK: Atomization and effective boolean value (XPath 2.0 §2.4.2, §2.4.3)

    @inline(__always)
    func atomize(_ item: Item) -> Item {
        if case .node(let n) = item { return .untypedAtomic(tree.stringValue(n)) }
        return item
    }

    func atomize(_ items: XDMSequence) throws(XPathError) -> XDMSequence {
        var result = items
        for index in result.indices { result[index] = atomize(result[index]) }
        return result
    }

    /// Atomizes a sequence of at most one item (XPTY0004 for more).
    func atomizeOptional(_ items: XDMSequence) throws(XPathError) -> Item? {
        if items.isEmpty { return nil }
        if items.count > 1 {
            throw XPathError("XPTY0004", "a sequence of more than one item is not allowed here")
        }
        return atomize(items[0])
    }

    /// The effective boolean value (XPath 2.0 §2.4.3); FORG0006 where it is not defined.
    func ebv(_ items: XDMSequence) throws(XPathError) -> Bool {
        guard let first = items.first else { return false }
        if case .node = first { return true }
        if items.count > 1 {
            throw XPathError("FORG0006", "effective boolean value of a sequence of two or more atomic values")
        }
        return try ebv(first)
    }

    /// The effective boolean value of a sequence of one item.
    func ebv(_ item: Item) throws(XPathError) -> Bool {
        switch item {
        case .boolean(let b): return b
        case .string(let s), .untypedAtomic(let s): return !s.isEmpty
        case .integer(let d), .decimal(let d): return d != XSDecimal(0)
        case .double(let d): return !(d == 0 || d.isNaN)
        case .node: return true
        case .date: throw XPathError("FORG0006", "effective boolean value of xs:date")
        }
    }

    // MARK: Comparisons (XPath 2.0 §3.5)

    /// How an untypedAtomic operand of a value comparison is treated.
    enum UntypedTreatment { case string, double }

    func generalCompare(
        _ op: ComparisonOperator,
        _ left: XDMSequence,
        _ right: XDMSequence
    ) throws(XPathError)
        -> Bool
    {
        if left.isEmpty || right.isEmpty { return false }
        if right.count == 1 {
            let b = atomize(right[0])
            for l in left where try generalPair(op, atomize(l), b) { return true }
            return false
        }
        let rightAtoms = try atomize(right)
        for l in left {
            let a = atomize(l)
            for b in rightAtoms where try generalPair(op, a, b) { return true }
        }
        return false
    }

    /// A general comparison against one atomic value (a literal): no sequence built for it.
    func generalCompare(_ op: ComparisonOperator, _ left: XDMSequence, _ right: Item) throws(XPathError) -> Bool {
        let b = atomize(right)
        for l in left where try generalPair(op, atomize(l), b) { return true }
        return false
    }

    func generalPair(_ op: ComparisonOperator, _ a: Item, _ b: Item) throws(XPathError) -> Bool {
        switch (a, b) {
        case (.untypedAtomic(let s), .untypedAtomic(let t)):
            return op.holds(Self.compareStrings(s, t))
        case (.untypedAtomic, _) where b.isNumeric:
            return try valueCompare(op, try cast(a, to: .double), b, untypedAs: .string)
        case (_, .untypedAtomic) where a.isNumeric:
            return try valueCompare(op, a, try cast(b, to: .double), untypedAs: .string)
        case (.untypedAtomic, .boolean), (.untypedAtomic, .date):
            return try valueCompare(op, try cast(a, to: b.atomicType), b, untypedAs: .string)
        case (.boolean, .untypedAtomic), (.date, .untypedAtomic):
            return try valueCompare(op, a, try cast(b, to: a.atomicType), untypedAs: .string)
        default:
            return try valueCompare(op, a, b, untypedAs: .string)
        }
    }

    /// A value comparison of two atomic values (XPath 2.0 §3.5.1, operator mapping in §B.2).
    func valueCompare(
        _ op: ComparisonOperator,
        _ a: Item,
        _ b: Item,
        untypedAs: UntypedTreatment
    ) throws(XPathError)
        -> Bool
    {
        switch (a, b) {
        case (.string(let s), .string(let t)), (.string(let s), .untypedAtomic(let t)),
            (.untypedAtomic(let s), .string(let t)), (.untypedAtomic(let s), .untypedAtomic(let t)):
            return op.holds(Self.compareStrings(s, t))
        case (.boolean(let x), .boolean(let y)):
            return op.holds(x == y ? 0 : (!x ? -1 : 1))
        case (.date(let x), .date(let y)):
            return op.holds(x == y ? 0 : (x < y ? -1 : 1))
        case (.integer(let x), .integer(let y)), (.integer(let x), .decimal(let y)),
            (.decimal(let x), .integer(let y)), (.decimal(let x), .decimal(let y)):
            return op.holds(x == y ? 0 : (x < y ? -1 : 1))
        default:
            if let x = a.doubleIfNumeric, let y = b.doubleIfNumeric {
                if x.isNaN || y.isNaN { return op == .ne }
                return op.holds(x == y ? 0 : (x < y ? -1 : 1))
            }
            throw XPathError("XPTY0004", "cannot compare \(a.typeName) with \(b.typeName)")
        }
    }

    /// Codepoint collation: UTF-8 byte order is code point order.
    static func compareStrings(_ s: String, _ t: String) -> Int {
        var s = s
        var t = t
        return s.withUTF8 { a in
            t.withUTF8 { b in
                for index in 0..<Swift.min(a.count, b.count) where a[index] != b[index] {
                    return a[index] < b[index] ? -1 : 1
                }
                return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
            }
        }
    }

    // MARK: Arithmetic (XPath 2.0 §3.4)

    func numericOperand(_ item: Item) throws(XPathError) -> Item {
        switch item {
        case .untypedAtomic: return try cast(item, to: .double)
        case .integer, .decimal, .double: return item
        default: throw XPathError("XPTY0004", "arithmetic on \(item.typeName)")
        }
    }

    func integerOperand(_ item: Item) throws(XPathError) -> XSDecimal {
        switch item {
        case .integer(let d): return d
        case .untypedAtomic: return try integerOperand(try cast(item, to: .integer))
        default: throw XPathError("XPTY0004", "expected xs:integer, found \(item.typeName)")
        }
    }

    func negate(_ item: Item) throws(XPathError) -> Item {
        switch try numericOperand(item) {
        case .integer(let d): return .integer(XSDecimal(0) - d)
        case .decimal(let d): return .decimal(XSDecimal(0) - d)
        case .double(let d): return .double(-d)
        default: throw XPathError("XPTY0004", "negation of \(item.typeName)")
        }
    }

    func arithmetic(_ op: ArithmeticOperator, _ a: Item, _ b: Item) throws(XPathError) -> Item {
        let x = try numericOperand(a)
        let y = try numericOperand(b)
        switch (x, y) {
        case (.integer(let p), .integer(let q)):
            switch op {
            case .add: return .integer(p + q)
            case .subtract: return .integer(p - q)
            case .multiply: return .integer(p * q)
            case .div: return .decimal(try p.divided(by: q))
            case .idiv: return .integer(try p.idiv(q))
            case .mod: return .integer(try p.mod(q))
            }
        case (.integer(let p), .decimal(let q)), (.decimal(let p), .integer(let q)), (.decimal(let p), .decimal(let q)):
            switch op {
            case .add: return .decimal(p + q)
            case .subtract: return .decimal(p - q)
            case .multiply: return .decimal(p * q)
            case .div: return .decimal(try p.divided(by: q))
            case .idiv: return .integer(try p.idiv(q))
            case .mod: return .decimal(try p.mod(q))
            }
        default:
            guard let p = x.doubleIfNumeric, let q = y.doubleIfNumeric else {
                throw XPathError("XPTY0004", "arithmetic on non-numeric values")
            }
            switch op {
            case .add: return .double(p + q)
            case .subtract: return .double(p - q)
            case .multiply: return .double(p * q)
            case .div: return .double(p / q)
            case .mod: return .double(p.truncatingRemainder(dividingBy: q))
            case .idiv:
                if q == 0 { throw XPathError("FOAR0001", "integer division by zero") }
                if p.isNaN || q.isNaN || p.isInfinite { throw XPathError("FOAR0002", "idiv of NaN or infinity") }
                return .integer(try XSDecimal(converting: p / q).truncated())
            }
        }
    }
}

extension Item {
    var doubleIfNumeric: Double? {
        switch self {
        case .integer(let d), .decimal(let d): return d.doubleValue
        case .double(let d): return d
        default: return nil
        }
    }

    var atomicType: AtomicType {
        switch self {
        case .string: return .string
        case .boolean: return .boolean
        case .integer: return .integer
        case .decimal: return .decimal
        case .double: return .double
        case .date: return .date
        case .untypedAtomic, .node: return .untypedAtomic
        }
    }
}
