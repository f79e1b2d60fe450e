/// Character classes of XML Schema regular expressions, written as members of a Swift `Regex` character class.
enum RegexClasses {
    /// `\x{HEX}`: one code point, safe anywhere in a Swift pattern.
    static func hex(_ scalar: UInt32) -> String { "\\x{" + String(scalar, radix: 16, uppercase: true) + "}" }

    /// A literal code point outside square brackets.
    static func literal(_ scalar: UInt32) -> String {
        switch scalar {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return String(Character(Unicode.Scalar(scalar)!))
        default: return hex(scalar)
        }
    }

    /// Ranges as class members; a bound that Swift would normalise is split off as a single member.
    static func members(_ ranges: [ClosedRange<UInt32>]) -> String {
        var text = ""
        for range in ranges {
            var low = range.lowerBound
            var high = range.upperBound
            while low < high, isNFCUnstable(low) {
                text += hex(low)
                low += 1
            }
            while low < high, isNFCUnstable(high) {
                text += hex(high)
                high -= 1
            }
            text += low == high ? hex(low) : hex(low) + "-" + hex(high)
        }
        return text
    }

    /// `\s`: space, tab, LF, CR only.
    static let space = members([0x20...0x20, 0x09...0x0A, 0x0D...0x0D])

    /// `\i`: XML 1.1 NCName start characters and `:` (as Saxon).
    static let nameStart = members([
        0x3A...0x3A, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D,
        0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF,
        0xFDF0...0xFFFD, 0x10000...0xEFFFF,
    ])

    /// `\c`: XML 1.1 NCName characters and `:` (as Saxon).
    static let nameChar =
        nameStart + members([0x2D...0x2E, 0x30...0x39, 0xB7...0xB7, 0x300...0x36F, 0x203F...0x2040])

    /// The general categories `\p{..}` accepts (one or two letters).
    static let categories: Set<String> = [
        "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps", "Pe",
        "Pi", "Pf", "Po", "Z", "Zs", "Zl", "Zp", "S", "Sm", "Sc", "Sk", "So", "C", "Cc", "Cf", "Co", "Cn", "Cs",
    ]

    /// The class member for a multi-character escape letter (`s S i I c C d D w W`), or nil.
    static func escapeClass(_ letter: UInt32) -> String? {
        switch Unicode.Scalar(letter).map(Character.init) {
        case "s": return space
        case "S": return "[^" + space + "]"
        case "i": return "[" + nameStart + "]"
        case "I": return "[^" + nameStart + "]"
        case "c": return "[" + nameChar + "]"
        case "C": return "[^" + nameChar + "]"
        case "d": return "\\p{Nd}"
        case "D": return "\\P{Nd}"
        case "w": return "[^\\p{P}\\p{Z}\\p{C}]"
        case "W": return "[\\p{P}\\p{Z}\\p{C}]"
        default: return nil
        }
    }

    /// The class member for `\p{name}` (or `\P{name}` when `negated`), or nil for an unknown name.
    static func property(_ name: String, negated: Bool) -> String? {
        if categories.contains(name) { return (negated ? "\\P{" : "\\p{") + name + "}" }
        guard name.hasPrefix("Is") else { return nil }
        let blockName = String(name.dropFirst(2).filter { !" \t\r\n_".contains($0) })
        let ranges = unicodeBlocks.filter { $0.name == blockName }.map { $0.first...$0.last }
        guard !ranges.isEmpty else { return nil }
        return (negated ? "[^" : "[") + members(ranges) + "]"
    }

    /// The code points that match `scalar` under the `i` flag (itself included), sorted.
    static func caseVariants(_ scalar: UInt32) -> [UInt32] {
        caseVariantTable[scalar] ?? [scalar]
    }

    /// The extra code points the `i` flag adds to a range: case variants of its members that lie outside it.
    static func caseVariants(of range: ClosedRange<UInt32>) -> [UInt32] {
        var extra = Set<UInt32>()
        for (scalar, variants) in caseVariantTable where range.contains(scalar) {
            for variant in variants where !range.contains(variant) { extra.insert(variant) }
        }
        return extra.sorted()
    }

    /// Classes of code points equal under simple case mapping (lower, upper, title; transitively), e.g.
    /// `k K U+212A`, `s S U+017F`, `i I U+0130 U+0131`. Built once, on the first use of the `i` flag.
    static let caseVariantTable: [UInt32: [UInt32]] = {
        var parent = [UInt32: UInt32]()
        func root(_ x: UInt32) -> UInt32 {
            var node = x
            while let next = parent[node], next != node { node = next }
            return node
        }
        func union(_ a: UInt32, _ b: UInt32) {
            let (ra, rb) = (root(a), root(b))
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
            if parent[ra] == nil { parent[ra] = ra }
            if parent[rb] == nil { parent[rb] = rb }
        }
        for value in UInt32(0)...0x1FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenCaseMapped else { continue }
            let properties = scalar.properties
            for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
                let scalars = mapping.unicodeScalars
                if scalars.count == 1, let mapped = scalars.first, mapped.value != value { union(value, mapped.value) }
            }
        }
        union(0x130, 0x69)  // U+0130's simple lowercase mapping is "i"; Swift only offers the full mapping.
        var classes = [UInt32: [UInt32]]()
        for member in parent.keys { classes[root(member), default: []].append(member) }
        var table = [UInt32: [UInt32]]()
        for members in classes.values {
            let sorted = members.sorted()
            for member in sorted { table[member] = sorted }
        }
        return table
    }()
}
