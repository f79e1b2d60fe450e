import EInvoiceXML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The bodies of the XPath 2.0 functions the rules use (F&O 1.0); one switch keeps dispatch cheap.
extension Evaluator {
    /// An optional string argument: empty sequence → "", xs:string or xs:untypedAtomic → its value.
    func stringArgument(_ plan: Plan, _ focus: Focus) throws(XPathError) -> String {
        guard let item = try optionalAtom(plan, focus) else { return "" }
        switch item {
        case .string(let s), .untypedAtomic(let s): return s
        default: throw XPathError("XPTY0004", "required type is xs:string, supplied value has type \(item.typeName)")
        }
    }

    /// An optional xs:double argument (untypedAtomic cast, numeric promotion); nil for the empty sequence.
    func doubleArgument(_ plan: Plan, _ focus: Focus) throws(XPathError) -> Double? {
        guard let item = try optionalAtom(plan, focus) else { return nil }
        switch try numericOperand(item) {
        case .double(let d): return d
        case .integer(let d), .decimal(let d): return d.doubleValue
        default: throw XPathError("XPTY0004", "required type is xs:double")
        }
    }

    private func contextString(_ arguments: [Plan], _ focus: Focus) throws(XPathError) -> String {
        if arguments.isEmpty {
            guard let item = focus.item else { throw XPathError("XPDY0002", "the context item is absent") }
            return stringValue(item)
        }
        return try stringArgument(arguments[0], focus)
    }

    private func contextNode(_ arguments: [Plan], _ focus: Focus) throws(XPathError) -> Int32? {
        if arguments.isEmpty {
            guard let item = focus.item else { throw XPathError("XPDY0002", "the context item is absent") }
            guard case .node(let n) = item else { throw XPathError("XPTY0004", "the context item is not a node") }
            return n
        }
        switch try single(arguments[0], focus) {
        case .empty: return nil
        case .item(.node(let n)): return n
        case .item(let item): return try singleNode([item])
        case .sequence(let items): return try singleNode(items)
        }
    }

    /// Whether the string value of an item holds a non-whitespace character, without building the string.
    func hasNonWhitespace(_ item: Item) -> Bool {
        switch item {
        case .node(let n):
            switch tree.kind(n) {
            case .document, .element:
                var index = n + 1
                let end = tree.end(n)
                while index < end {
                    if tree.kind(index) == .text && Self.hasNonWhitespace(tree.value(index)) { return true }
                    index += 1
                }
                return false
            default: return Self.hasNonWhitespace(tree.value(n))
            }
        case .string(let s), .untypedAtomic(let s): return Self.hasNonWhitespace(s)
        default: return Self.hasNonWhitespace(stringValue(item))
        }
    }

    func call(_ function: BuiltinFunction, _ arguments: [Plan], _ focus: Focus) throws(XPathError) -> XDMSequence {
        switch function {
        case .data: return try atomize(try eval(arguments[0], focus))
        case .matches, .replace, .tokenize:
            return try callRegex(function, arguments, nil, focus)
        case .stringToCodepoints:
            return try stringArgument(arguments[0], focus).unicodeScalars.map { .int(Int($0.value)) }
        case .sum: return try sum(arguments, focus)
        case .min, .max: return try minMax(function == .max, try atomize(try eval(arguments[0], focus)))
        case .distinctValues:
            var result: XDMSequence = []
            for item in try atomize(try eval(arguments[0], focus)) {
                let isDuplicate = result.contains { seen in
                    (try? valueCompare(.eq, seen, item, untypedAs: .string)) == true
                        || (seen.doubleIfNumeric?.isNaN == true && item.doubleIfNumeric?.isNaN == true)
                }
                if !isDuplicate { result.append(item) }
            }
            return result
        case .reverse: return try eval(arguments[0], focus).reversed()
        case .subsequence:
            let items = try eval(arguments[0], focus)
            guard let start = try doubleArgument(arguments[1], focus) else {
                throw XPathError("XPTY0004", "empty start")
            }
            var length = Double.infinity
            if arguments.count == 3, let l = try doubleArgument(arguments[2], focus) { length = l }
            let from = Self.xpathRound(start)
            let until = from + Self.xpathRound(length)
            return items.enumerated().filter { Double($0.offset + 1) >= from && Double($0.offset + 1) < until }.map(
                \.element
            )
        case .indexOf:
            let items = try atomize(try eval(arguments[0], focus))
            guard let search = try optionalAtom(arguments[1], focus) else {
                throw XPathError("XPTY0004", "index-of needs a search value")
            }
            var result: XDMSequence = []
            for (index, item) in items.enumerated()
            where (try? valueCompare(.eq, item, search, untypedAs: .string)) == true {
                result.append(.int(index + 1))
            }
            return result
        case .remove:
            var items = try eval(arguments[0], focus)
            guard let p = try optionalAtom(arguments[1], focus), let n = try integerOperand(p).toInt()
            else {
                throw XPathError("XPTY0004", "remove needs a position")
            }
            if n >= 1 && n <= items.count { items.remove(at: n - 1) }
            return items
        case .insertBefore:
            var items = try eval(arguments[0], focus)
            guard let p = try optionalAtom(arguments[1], focus), let n = try integerOperand(p).toInt()
            else {
                throw XPathError("XPTY0004", "insert-before needs a position")
            }
            let inserts = try eval(arguments[2], focus)
            items.insert(contentsOf: inserts, at: Swift.max(0, Swift.min(items.count, n - 1)))
            return items
        case .exactlyOne:
            let items = try eval(arguments[0], focus)
            if items.count != 1 { throw XPathError("FORG0005", "exactly-one called with \(items.count) items") }
            return items
        case .zeroOrOne:
            let items = try eval(arguments[0], focus)
            if items.count > 1 { throw XPathError("FORG0003", "zero-or-one called with \(items.count) items") }
            return items
        case .oneOrMore:
            let items = try eval(arguments[0], focus)
            if items.isEmpty { throw XPathError("FORG0004", "one-or-more called with an empty sequence") }
            return items
        default:
            switch try callAtMostOne(function, arguments, focus) {
            case .boolean(let b)?: return Self.booleanSequence(b)
            case let item?: return [item]
            case nil: return []
            }
        }
    }

    /// The functions whose value is at most one item (``BuiltinFunction/returnsAtMostOne``), without a sequence;
    /// nil for the empty sequence.
    func callAtMostOne(_ function: BuiltinFunction, _ arguments: [Plan], _ focus: Focus) throws(XPathError) -> Item? {
        switch function {
        case .not, .boolean, .exists, .empty, .recovering:
            return .boolean(try truth(.builtin(function, arguments), focus))
        case .count: return .int(try countOf(arguments[0], focus))
        case .true: return .boolean(true)
        case .false: return .boolean(false)
        case .position: return .int(focus.position)
        case .last: return .int(focus.size)
        case .string:
            if arguments.isEmpty {
                guard let item = focus.item else { throw XPathError("XPDY0002", "the context item is absent") }
                return .string(stringValue(item))
            }
            switch try single(arguments[0], focus) {
            case .empty: return .string("")
            case .item(let item): return .string(stringValue(item))
            case .sequence(let items):
                if items.count > 1 { throw XPathError("XPTY0004", "string() of a sequence of more than one item") }
                return .string(items.first.map(stringValue) ?? "")
            }
        case .number:
            let item: Item?
            if arguments.isEmpty {
                guard let context = focus.item else { throw XPathError("XPDY0002", "the context item is absent") }
                item = atomize(context)
            } else {
                item = try optionalAtom(arguments[0], focus)
            }
            guard let item else { return .double(.nan) }
            if case .double = item { return item }
            if case .date = item { return .double(.nan) }
            return (try? cast(item, to: .double)) ?? .double(.nan)
        case .concat:
            var result = ""
            for argument in arguments {
                if let item = try optionalAtom(argument, focus) { result += stringValue(item) }
            }
            return .string(result)
        case .stringJoin:
            var parts: [String] = []
            for item in try atomize(try eval(arguments[0], focus)) {
                switch item {
                case .string(let s), .untypedAtomic(let s): parts.append(s)
                default: throw XPathError("XPTY0004", "string-join requires xs:string items")
                }
            }
            return .string(parts.joined(separator: try stringArgument(arguments[1], focus)))
        case .stringLength:
            return .int(try contextString(arguments, focus).unicodeScalars.count)
        case .normalizeSpace:
            return .string(Self.normalizeSpace(try contextString(arguments, focus)))
        case .nonWhitespace:
            if arguments.isEmpty {
                guard let item = focus.item else { throw XPathError("XPDY0002", "the context item is absent") }
                return .boolean(hasNonWhitespace(item))
            }
            let item: Item
            switch try single(arguments[0], focus) {
            case .empty: return .boolean(false)
            case .item(let value): item = value
            case .sequence(let items):
                if items.isEmpty { return .boolean(false) }
                if items.count > 1 {
                    throw XPathError("XPTY0004", "a sequence of more than one item is not allowed here")
                }
                item = items[0]
            }
            switch item {
            case .string, .untypedAtomic, .node: return .boolean(hasNonWhitespace(item))
            default:
                throw XPathError("XPTY0004", "required type is xs:string, supplied value has type \(item.typeName)")
            }
        case .upperCase: return .string(Self.upperCase(try stringArgument(arguments[0], focus)))
        case .lowerCase: return .string(try stringArgument(arguments[0], focus).lowercased())
        case .translate:
            let s = try stringArgument(arguments[0], focus)
            let from = Array(try stringArgument(arguments[1], focus).unicodeScalars)
            let to = Array(try stringArgument(arguments[2], focus).unicodeScalars)
            var map: [Unicode.Scalar: Unicode.Scalar?] = [:]
            for (index, c) in from.enumerated() where map[c] == nil {
                map[c] = index < to.count ? .some(to[index]) : .some(nil)
            }
            var result = String.UnicodeScalarView()
            for c in s.unicodeScalars {
                if let mapped = map[c] {
                    if let m = mapped { result.append(m) }
                } else {
                    result.append(c)
                }
            }
            return .string(String(result))
        case .contains:
            let s = try stringArgument(arguments[0], focus)
            let t = try stringArgument(arguments[1], focus)
            return .boolean(Self.find(t, in: s) != nil)
        case .startsWith:
            let s = try stringArgument(arguments[0], focus)
            let t = try stringArgument(arguments[1], focus)
            return .boolean(s.utf8.starts(with: t.utf8))
        case .endsWith:
            let s = try stringArgument(arguments[0], focus)
            let t = try stringArgument(arguments[1], focus)
            return .boolean(
                s.utf8.count >= t.utf8.count && s.utf8.suffix(t.utf8.count).elementsEqual(t.utf8)
            )
        case .substringBefore:
            let s = try stringArgument(arguments[0], focus)
            let t = try stringArgument(arguments[1], focus)
            guard let range = Self.find(t, in: s) else { return .string("") }
            return .string(String(decoding: Array(s.utf8)[..<range.lowerBound], as: UTF8.self))
        case .substringAfter:
            let s = try stringArgument(arguments[0], focus)
            let t = try stringArgument(arguments[1], focus)
            guard let range = Self.find(t, in: s) else { return .string("") }
            return .string(String(decoding: Array(s.utf8)[range.upperBound...], as: UTF8.self))
        case .substring:
            let s = try stringArgument(arguments[0], focus)
            guard let start = try doubleArgument(arguments[1], focus) else {
                throw XPathError("XPTY0004", "substring start must not be empty")
            }
            var length = Double.infinity
            if arguments.count == 3 {
                guard let l = try doubleArgument(arguments[2], focus) else {
                    throw XPathError("XPTY0004", "substring length must not be empty")
                }
                length = l
            }
            return .string(Self.substring(s, start, length))
        case .codepointsToString:
            var result = String.UnicodeScalarView()
            for item in try atomize(try eval(arguments[0], focus)) {
                guard let n = try integerOperand(item).toInt(), let scalar = Unicode.Scalar(UInt32(clamping: n)) else {
                    throw XPathError("FOCH0001", "invalid code point")
                }
                result.append(scalar)
            }
            return .string(String(result))
        case .avg:
            let items = try eval(arguments[0], focus)
            if items.isEmpty { return nil }
            let total = try sum([arguments[0]], focus)[0]
            return try arithmetic(.div, total, .int(items.count))
        case .abs, .floor, .ceiling, .round:
            guard let item = try optionalAtom(arguments[0], focus) else { return nil }
            return try rounding(function, try numericOperand(item))
        case .roundHalfToEven:
            guard let item = try optionalAtom(arguments[0], focus) else { return nil }
            var precision = 0
            if arguments.count == 2 {
                guard let p = try optionalAtom(arguments[1], focus), let n = try integerOperand(p).toInt()
                else {
                    throw XPathError("XPTY0004", "precision must be an integer")
                }
                precision = n
            }
            switch try numericOperand(item) {
            case .integer(let d): return .integer(d.roundHalfToEven(precision: precision))
            case .decimal(let d): return .decimal(d.roundHalfToEven(precision: precision))
            case .double(let d):
                if d.isNaN || d.isInfinite || d == 0 { return .double(d) }
                let rounded = try XSDecimal(converting: d).roundHalfToEven(precision: precision)
                return .double(rounded.doubleValue)
            default: throw XPathError("XPTY0004", "round-half-to-even of a non-numeric value")
            }
        case .name, .localName, .namespaceURI:
            guard let node = try contextNode(arguments, focus) else { return .string("") }
            let id = tree.nameID(node)
            if id < 0 { return .string("") }
            if function == .name {
                let key = Int64(id) << 32 | Int64(tree.prefixID(node))
                if let cached = qualifiedNames[key] { return .string(cached) }
                guard let name = tree.name(node) else { return .string("") }
                let prefix = tree.prefix(node)
                let qualified = prefix.isEmpty ? name.local : prefix + ":" + name.local
                qualifiedNames[key] = qualified
                return .string(qualified)
            }
            guard let name = tree.name(node) else { return .string("") }
            return .string(function == .localName ? name.local : name.namespace)
        case .root:
            guard try contextNode(arguments, focus) != nil else { return nil }
            return .node(0)
        case .xsString, .xsUntypedAtomic, .xsBoolean, .xsDecimal, .xsInteger, .xsDouble, .xsDate:
            guard let item = try optionalAtom(arguments[0], focus) else { return nil }
            return try cast(item, to: function.constructedType!)
        default:
            preconditionFailure("\(function.rawValue) may return more than one item")
        }
    }

    @inline(__always)
    static func isXMLSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// fn:normalize-space; returns its argument unchanged (no copy) when it is already normalised.
    static func normalizeSpace(_ s: String) -> String {
        var isNormal = true
        var previousSpace = true
        var any = false
        for byte in s.utf8 {
            let space = isXMLSpace(byte)
            if space && (previousSpace || byte != 0x20) {
                isNormal = false
                break
            }
            previousSpace = space
            any = true
        }
        if isNormal && (!any || !previousSpace) { return s }
        var result: [UInt8] = []
        result.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for byte in s.utf8 {
            if isXMLSpace(byte) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Whether a string holds any character other than XML whitespace: the EBV of its normalize-space.
    static func hasNonWhitespace(_ s: String) -> Bool {
        s.utf8.contains { !isXMLSpace($0) }
    }

    /// The byte range of the first occurrence of `needle` in `haystack` (codepoint collation): UTF-8 byte
    /// order is code point order, so a byte search is exact. memchr finds the candidates and memcmp checks them
    /// (code lists of a few kilobytes are searched for every coded element).
    static func find(_ needle: String, in haystack: String) -> Range<Int>? {
        var needle = needle
        var haystack = haystack
        return needle.withUTF8 { n -> Range<Int>? in
            haystack.withUTF8 { h -> Range<Int>? in
                if n.isEmpty { return 0..<0 }
                guard n.count <= h.count, let hBase = h.baseAddress, let nBase = n.baseAddress else { return nil }
                let first = Int32(n[0])
                var offset = 0
                let last = h.count - n.count
                while offset <= last {
                    guard let hit = memchr(hBase + offset, first, last - offset + 1) else { return nil }
                    let position = UnsafeRawPointer(hit) - UnsafeRawPointer(hBase)
                    if memcmp(hBase + position, nBase, n.count) == 0 { return position..<(position + n.count) }
                    offset = position + 1
                }
                return nil
            }
        }
    }

    /// fn:upper-case; ASCII strings without the Unicode machinery.
    static func upperCase(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            if !s.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) { return s }
            return String(decoding: s.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
        }
        return s.uppercased()
    }

    /// fn:round on doubles: half rounds towards positive infinity.
    static func xpathRound(_ d: Double) -> Double {
        if d.isNaN || d.isInfinite { return d }
        return (d + 0.5).rounded(.down)
    }

    static func substring(_ s: String, _ start: Double, _ length: Double) -> String {
        let from = xpathRound(start)
        let until = from + xpathRound(length)
        if from.isNaN || until.isNaN { return "" }
        var result = String.UnicodeScalarView()
        var position = 1.0
        for c in s.unicodeScalars {
            if position >= from && position < until { result.append(c) }
            position += 1
        }
        return String(result)
    }

    private func sum(_ arguments: [Plan], _ focus: Focus) throws(XPathError) -> XDMSequence {
        let items = try atomize(try eval(arguments[0], focus))
        if items.isEmpty {
            if arguments.count == 2 { return try atomize(try eval(arguments[1], focus)) }
            return [.int(0)]
        }
        var total = try numericOperandForAggregate(items[0])
        for item in items.dropFirst() {
            total = try arithmetic(.add, total, try numericOperandForAggregate(item))
        }
        return [total]
    }

    private func numericOperandForAggregate(_ item: Item) throws(XPathError) -> Item {
        switch item {
        case .untypedAtomic: return try cast(item, to: .double)
        case .integer, .decimal, .double: return item
        default: throw XPathError("FORG0006", "sum of non-numeric values")
        }
    }

    private func minMax(_ isMax: Bool, _ items: XDMSequence) throws(XPathError) -> XDMSequence {
        guard var best = items.first.map({ item -> Item in item }) else { return [] }
        if case .untypedAtomic = best { best = try cast(best, to: .double) }
        for var item in items.dropFirst() {
            if case .untypedAtomic = item { item = try cast(item, to: .double) }
            if try valueCompare(isMax ? .gt : .lt, item, best, untypedAs: .double) { best = item }
        }
        return [best]
    }

    private func rounding(_ function: BuiltinFunction, _ item: Item) throws(XPathError) -> Item {
        switch item {
        case .integer(let d):
            return function == .abs ? .integer(d < XSDecimal(0) ? XSDecimal(0) - d : d) : item
        case .decimal(let d):
            switch function {
            case .abs: return .decimal(d < XSDecimal(0) ? XSDecimal(0) - d : d)
            case .floor: return .decimal(d.floor())
            case .ceiling: return .decimal(d.ceiling())
            default: return .decimal(d.round())
            }
        case .double(let d):
            switch function {
            case .abs: return .double(Swift.abs(d))
            case .floor: return .double(d.rounded(.down))
            case .ceiling: return .double(d.rounded(.up))
            default:
                if d.isNaN || d.isInfinite || d == 0 { return .double(d) }
                if d < 0 && d >= -0.5 { return .double(-0.0) }
                return .double((d + 0.5).rounded(.down))
            }
        default: throw XPathError("XPTY0004", "\(function.rawValue) of a non-numeric value")
        }
    }
}
