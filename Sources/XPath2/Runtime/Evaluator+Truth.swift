import EInvoiceXML

extension Evaluator {
    /// The effective boolean value of a plan (XPath 2.0 §2.4.3), computed without materialising sequences where
    /// the operator allows it: `and`, `or`, `not`, `exists`, `empty`, comparisons. Same value, same errors.
    func truth(_ plan: Plan, _ focus: Focus) throws(XPathError) -> Bool {
        switch plan {
        case .and(let l, let r):
            if !(try truth(l, focus)) { return false }
            return try truth(r, focus)
        case .or(let l, let r):
            if try truth(l, focus) { return true }
            return try truth(r, focus)
        case .builtin(.not, let arguments): return !(try truth(arguments[0], focus))
        case .builtin(.recovering, let arguments):
            do {
                return try truth(arguments[0], focus)
            } catch {
                return false
            }
        case .builtin(.boolean, let arguments): return try truth(arguments[0], focus)
        case .builtin(.exists, let arguments): return try exists(arguments[0], focus)
        case .builtin(.empty, let arguments): return !(try exists(arguments[0], focus))
        case .tokenListContains(let operand, let list):
            // concat(' ', x, ' ') of an optional x, then contains(C, …).
            let value = try optionalAtom(operand, focus).map(stringValue) ?? ""
            return tokenLists[list].contains(spaced: value)
        case .builtin(.true, _): return true
        case .builtin(.false, _): return false
        case .generalComparison(let op, let l, .constant(let constant)):
            // `x = 'VAT'`: the literal needs no sequence of its own.
            switch try single(l, focus) {
            case .empty: return false
            case .item(let item): return try generalPair(op, atomize(item), atomize(constant))
            case .sequence(let left):
                if left.isEmpty { return false }
                return try generalCompare(op, left, constant)
            }
        case .generalComparison(let op, let l, let r):
            let left = try single(l, focus)
            let right = try single(r, focus)
            switch (left, right) {
            case (.empty, _), (_, .empty): return false
            case (.item(let a), .item(let b)): return try generalPair(op, atomize(a), atomize(b))
            default: return try generalCompare(op, left.items, right.items)
            }
        case .constant(let item): return try ebv([item])
        case .step, .path, .descendantPath, .filter, .union, .memo, .guarded:
            // A sequence of nodes is true when it is not empty: stop at the first node.
            if Self.producesNodes(plan) { return try exists(plan, focus) }
            return try ebv(try single(plan, focus))
        default:
            return try ebv(try single(plan, focus))
        }
    }

    /// Whether a plan can only yield nodes (so its effective boolean value is its non-emptiness).
    static func producesNodes(_ plan: Plan) -> Bool {
        switch plan {
        case .step, .root: return true
        case .path(_, let right), .descendantPath(_, let right, _): return producesNodes(right)
        case .filter(let primary, _): return producesNodes(primary)
        case .memo(_, let inner), .guarded(_, let inner): return producesNodes(inner)
        case .union, .intersect, .except: return true
        default: return false
        }
    }

    /// Whether a plan yields at least one item; stops at the first for axis steps and paths of steps.
    func exists(_ plan: Plan, _ focus: Focus) throws(XPathError) -> Bool {
        switch plan {
        case .step(let axis, let test, let predicates) where predicates.isEmpty:
            guard case .node(let node)? = focus.item else {
                throw XPathError(
                    focus.item == nil ? "XPDY0002" : "XPTY0020",
                    "the context item for an axis step is not a node"
                )
            }
            return firstMatch(axis, test, from: node)
        case .path(let left, let right):
            let context: XDMSequence
            switch try single(left, focus) {
            case .empty: return false
            case .item(let item):
                guard case .node = item else {
                    throw XPathError("XPTY0019", "the left-hand side of '/' must be nodes, found \(item.typeName)")
                }
                return try exists(right, Focus(item: item, position: 1, size: 1))
            case .sequence(let items): context = items
            }
            for (index, item) in context.enumerated() {
                guard case .node = item else {
                    throw XPathError("XPTY0019", "the left-hand side of '/' must be nodes, found \(item.typeName)")
                }
                if try exists(right, Focus(item: item, position: index + 1, size: context.count)) { return true }
            }
            return false
        case .guarded(let names, let inner):
            if isAbsent(names, focus) { return false }
            return try exists(inner, focus)
        case .descendantPath(let left, let right, let required):
            let context = try eval(left, focus)
            guard context.count == 1, case .node(let start) = context[0] else {
                let nodes = try descendantsOrSelf(context)
                for (index, item) in nodes.enumerated()
                where try exists(right, Focus(item: item, position: index + 1, size: nodes.count)) {
                    return true
                }
                return false
            }
            if case .step(let axis, .name(let id), let predicates) = right, predicates.isEmpty {
                let named = axis == .attribute ? tree.attributes(named: id) : tree.elements(named: id)
                return !Self.range(of: named, from: start + 1, to: tree.end(start)).isEmpty
            }
            for parent in requiredParents(required, within: start)
            where try exists(right, Focus(item: .node(parent), position: 1, size: 1)) {
                return true
            }
            return false
        default:
            return !(try eval(plan, focus)).isEmpty
        }
    }

    /// Whether an unfiltered axis step from `node` selects anything.
    private func firstMatch(_ axis: Axis, _ test: NodeTest, from node: Int32) -> Bool {
        let principal: NodeKind = axis == .attribute ? .attribute : .element
        switch axis {
        case .child:
            var child = tree.firstChild(node)
            while child >= 0 {
                if matches(child, test, principal: principal) { return true }
                child = tree.nextSibling(child)
            }
            return false
        case .attribute:
            var attribute = tree.firstAttribute(node)
            while attribute >= 0 {
                if matches(attribute, test, principal: principal) { return true }
                attribute = tree.nextSibling(attribute)
            }
            return false
        case .self:
            return matches(node, test, principal: principal)
        case .parent:
            let parent = tree.parent(node)
            return parent >= 0 && matches(parent, test, principal: principal)
        default:
            return (try? step(axis, test, [], from: node).isEmpty == false) ?? false
        }
    }
}
