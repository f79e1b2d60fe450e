extension RegexTranslator {
    private func follows(_ scalars: UInt32...) -> Bool {
        guard index + scalars.count <= pattern.count else { return false }
        for (offset, scalar) in scalars.enumerated() where pattern[index + offset] != scalar { return false }
        return true
    }

    /// A bracketed class at `[`, with XSD 1.1 hyphen rules and `-[…]` subtraction, as Saxon parses it.
    mutating func characterClass() throws(XPathError) -> String {
        let hyphen: UInt32 = 0x2D
        let open: UInt32 = 0x5B
        let close: UInt32 = 0x5D
        index += 1
        if index + 1 >= pattern.count || pattern[index] == close { throw RegexTranslator.error("missing ']'") }
        var positive = true
        if follows(0x5E) {
            if follows(0x5E, hyphen, open) { throw RegexTranslator.error("nothing before subtraction") }
            if follows(0x5E, close) { throw RegexTranslator.error("empty negative character group") }
            positive = false
            index += 1
        } else if follows(hyphen, open) {
            throw RegexTranslator.error("nothing before subtraction")
        }
        var ranges = [ClosedRange<UInt32>]()
        // Saxon adds no case variants for a character written just before `-[`, `-]` or `--[`.
        var exactSingles = [ClosedRange<UInt32>]()
        var members = [String]()
        var subtrahend: String?
        var rangeStart: UInt32?
        var definingRange = false
        while index < pattern.count, pattern[index] != close {
            let scalar = pattern[index]
            var simple: UInt32?
            switch scalar {
            case open:
                throw RegexTranslator.error("unescaped '[' in a character class")
            case 0x5C:
                switch try escape(inClass: true) {
                case .character(let character):
                    simple = character
                case .member(let member):
                    if definingRange { throw RegexTranslator.error("class escape after '-'") }
                    members.append(member)
                    continue
                case .backReference:
                    throw RegexTranslator.error("back-reference in a character class")
                }
            case hyphen:
                if follows(hyphen, open) {
                    index += 1
                    subtrahend = try characterClass()
                    if !follows(close) { throw RegexTranslator.error("expected ']' after subtraction") }
                } else if follows(hyphen, close) {
                    simple = hyphen
                    index += 1
                } else if rangeStart != nil {
                    definingRange = true
                    index += 1
                    continue
                } else if definingRange {
                    throw RegexTranslator.error("bad range")
                } else if follows(hyphen, hyphen) && !follows(hyphen, hyphen, open) {
                    throw RegexTranslator.error("unescaped hyphen as start of range")
                } else {
                    simple = hyphen
                    index += 1
                }
            default:
                simple = scalar
                index += 1
            }
            guard let character = simple else { continue }
            if definingRange, let start = rangeStart {
                if start > character { throw RegexTranslator.error("bad character range") }
                ranges.append(start...character)
                definingRange = false
                rangeStart = nil
            } else if follows(hyphen) {
                if follows(hyphen, open) || follows(hyphen, close) || follows(hyphen, hyphen, open) {
                    exactSingles.append(character...character)
                } else if follows(hyphen, hyphen) {
                    throw RegexTranslator.error("unescaped hyphen as end of range")
                } else {
                    rangeStart = character
                }
            } else {
                ranges.append(character...character)
            }
        }
        if index == pattern.count { throw RegexTranslator.error("unterminated character class") }
        index += 1
        if caseBlind {
            var extra = [UInt32]()
            for range in ranges {
                extra +=
                    range.count == 1
                    ? RegexClasses.caseVariants(range.lowerBound).filter { $0 != range.lowerBound }
                    : RegexClasses.caseVariants(of: range)
            }
            ranges += extra.map { $0...$0 }
        }
        var text = (positive ? "[" : "[^") + RegexClasses.members(ranges + exactSingles) + members.joined() + "]"
        if let subtrahend { text = "[" + text + "--" + subtrahend + "]" }
        return text
    }
}
