import EInvoiceXML

/// The value of a plan where it is at most one item, without a sequence: most operands of the rules are one node
/// (`cbc:ID`), one string or one number.
enum Single {
    case empty
    case item(Item)
    /// The value as a sequence (of any length): the plan was evaluated by ``Evaluator/eval(_:_:)``.
    case sequence(XDMSequence)

    var items: XDMSequence {
        switch self {
        case .empty: return []
        case .item(let item): return [item]
        case .sequence(let items): return items
        }
    }
}

extension Evaluator {
    /// The value of `plan`, the same as ``eval(_:_:)`` with the same errors, but without building a sequence for
    /// the shapes whose value is at most one item.
    func single(_ plan: Plan, _ focus: Focus) throws(XPathError) -> Single {
        switch plan {
        case .empty: return .empty
        case .constant(let item): return .item(item)
        case .contextItem:
            guard let item = focus.item else { throw XPathError("XPDY0002", "the context item is absent") }
            return .item(item)
        case .step(let axis, let test, let predicates) where predicates.isEmpty:
            guard case .node(let node)? = focus.item else {
                throw XPathError(
                    focus.item == nil ? "XPDY0002" : "XPTY0020",
                    "the context item for an axis step is not a node"
                )
            }
            return singleStep(axis, test, from: node)
        case .path(let left, let right):
            switch try single(left, focus) {
            case .empty: return .empty
            case .item(let item):
                guard case .node = item else { return .sequence(try eval(plan, focus)) }
                return try single(right, Focus(item: item, position: 1, size: 1))
            case .sequence(let context): return .sequence(try evalPath(over: context, right))
            }
        case .builtin(let function, let arguments) where function.returnsAtMostOne:
            return Self.single(try callAtMostOne(function, arguments, focus))
        case .and, .or, .generalComparison, .builtin(.not, _), .builtin(.boolean, _), .builtin(.exists, _),
            .builtin(.empty, _), .builtin(.recovering, _), .tokenListContains:
            return .item(.boolean(try truth(plan, focus)))
        case .valueComparison(let op, let l, let r):
            guard let a = try optionalAtom(l, focus), let b = try optionalAtom(r, focus) else { return .empty }
            return .item(.boolean(try valueCompare(op, a, b, untypedAs: .string)))
        case .arithmetic(let op, let l, let r):
            guard let a = try optionalAtom(l, focus), let b = try optionalAtom(r, focus) else { return .empty }
            return .item(try arithmetic(op, a, b))
        case .cast(let operand, let type, let optional):
            return Self.single(try castOperand(operand, type, optional: optional, focus))
        case .guarded(let names, let inner):
            if isAbsent(names, focus) { return .empty }
            return try single(inner, focus)
        case .ifThenElse(let c, let t, let e):
            return try truth(c, focus) ? try single(t, focus) : try single(e, focus)
        case .global(let index):
            if let value = globals[index] { return Self.single(value) }
            return .sequence(try eval(plan, focus))
        case .local(let slot):
            if let value = frame.values[slot] { return Self.single(value) }
            return .sequence(try eval(plan, focus))
        case .memo(let id, _):
            if let value = memos[id] { return Self.single(value) }
            return .sequence(try eval(plan, focus))
        default:
            return .sequence(try eval(plan, focus))
        }
    }

    @inline(__always)
    static func single(_ item: Item?) -> Single {
        if let item { return .item(item) }
        return .empty
    }

    @inline(__always)
    static func single(_ items: XDMSequence) -> Single {
        items.count == 1 ? .item(items[0]) : .sequence(items)
    }

    /// An unfiltered axis step from `node`: one node without a sequence.
    private func singleStep(_ axis: Axis, _ test: NodeTest, from node: Int32) -> Single {
        let principal: NodeKind = axis == .attribute ? .attribute : .element
        switch axis {
        case .child, .attribute:
            var next = axis == .child ? tree.firstChild(node) : tree.firstAttribute(node)
            while next >= 0 && !matches(next, test, principal: principal) { next = tree.nextSibling(next) }
            if next < 0 { return .empty }
            var second = tree.nextSibling(next)
            while second >= 0 && !matches(second, test, principal: principal) { second = tree.nextSibling(second) }
            if second < 0 { return .item(.node(next)) }
        case .self:
            return matches(node, test, principal: principal) ? .item(.node(node)) : .empty
        case .parent:
            let parent = tree.parent(node)
            return parent >= 0 && matches(parent, test, principal: principal) ? .item(.node(parent)) : .empty
        default:
            break
        }
        var nodes: [Int32] = []
        appendStep(axis, test, from: node, into: &nodes)
        if nodes.isEmpty { return .empty }
        if nodes.count == 1 { return .item(.node(nodes[0])) }
        var items: XDMSequence = []
        items.reserveCapacity(nodes.count)
        for node in nodes { items.append(.node(node)) }
        return .sequence(items)
    }

    /// `atomizeOptional(eval(plan))`: the atomized value of an operand that must be at most one item.
    func optionalAtom(_ plan: Plan, _ focus: Focus) throws(XPathError) -> Item? {
        switch try single(plan, focus) {
        case .empty: return nil
        case .item(let item): return atomize(item)
        case .sequence(let items): return try atomizeOptional(items)
        }
    }

    /// `cast as` (XPath 2.0 §3.10.2): nil for an empty operand that may be empty.
    func castOperand(
        _ operand: Plan,
        _ type: AtomicType,
        optional: Bool,
        _ focus: Focus
    ) throws(XPathError) -> Item? {
        let item: Item
        switch try single(operand, focus) {
        case .empty:
            if optional { return nil }
            throw XPathError("XPTY0004", "empty sequence cannot be cast to \(type.rawValue)")
        case .item(let value):
            item = atomize(value)
        case .sequence(let values):
            let items = try atomize(values)
            if items.isEmpty {
                if optional { return nil }
                throw XPathError("XPTY0004", "empty sequence cannot be cast to \(type.rawValue)")
            }
            if items.count > 1 { throw XPathError("XPTY0004", "a sequence of more than one item cannot be cast") }
            item = items[0]
        }
        return try cast(item, to: type)
    }

    /// The effective boolean value (XPath 2.0 §2.4.3) of a value from ``single(_:_:)``.
    func ebv(_ value: Single) throws(XPathError) -> Bool {
        switch value {
        case .empty: return false
        case .item(let item): return try ebv(item)
        case .sequence(let items): return try ebv(items)
        }
    }

    /// The number of items of a plan's value.
    func countOf(_ plan: Plan, _ focus: Focus) throws(XPathError) -> Int {
        switch try single(plan, focus) {
        case .empty: return 0
        case .item: return 1
        case .sequence(let items): return items.count
        }
    }
}
