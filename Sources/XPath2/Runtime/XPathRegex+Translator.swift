/// Translates an XML Schema regular expression with the XPath 2.0 extensions (F&O §7.6.1) into the syntax of
/// Swift's `Regex`, rejecting what Saxon rejects (FORX0002).
///
/// Every literal is written as `\x{…}` and every class as an explicit Swift class, so nothing depends on Swift's
/// own escapes or options: `.` becomes `[^\x{A}\x{D}]`, `\s` four code points, `^`/`$` become `\A`/`\z`, and the `i`
/// flag is applied by expanding literals and ranges to their case variants (categories such as `\p{Lu}` are not
/// expanded, as in Saxon).
struct RegexTranslator: PatternCursor {
    let pattern: [UInt32]
    let dotAll: Bool
    let multiline: Bool
    let caseBlind: Bool
    var index = 0
    /// Capturing groups opened so far.
    var groupCount = 0
    var closedGroups = Set<Int>()

    init(pattern: [UInt32], flags: RegexFlags) {
        self.pattern = flags.extended ? RegexTranslator.strippingWhitespace(pattern) : pattern
        dotAll = flags.dotAll
        multiline = flags.multiline
        caseBlind = flags.caseBlind
    }

    /// The `x` flag removes whitespace outside square brackets before parsing (as Saxon does, even after `\`).
    static func strippingWhitespace(_ pattern: [UInt32]) -> [UInt32] {
        var result = [UInt32]()
        var nesting = 0
        var escaped = false
        for scalar in pattern {
            if scalar == 0x5C && !escaped {
                escaped = true
                result.append(scalar)
            } else if scalar == 0x5B && !escaped {
                nesting += 1
                result.append(scalar)
            } else if scalar == 0x5D && !escaped {
                nesting -= 1
                result.append(scalar)
            } else if nesting == 0 && (scalar == 0x20 || scalar == 0x09 || scalar == 0x0A || scalar == 0x0D) {
                continue
            } else {
                escaped = false
                result.append(scalar)
            }
        }
        return result
    }

    static func error(_ message: String) -> XPathError {
        XPathError("FORX0002", "Invalid regular expression: \(message)")
    }

    /// The whole pattern.
    mutating func translate() throws(XPathError) -> String {
        let body = try expression()
        if index < pattern.count { throw RegexTranslator.error("unmatched ')'") }
        return body
    }

    private mutating func expression() throws(XPathError) -> String {
        var text = try branch()
        while current == 0x7C {
            index += 1
            text += "|" + (try branch())
        }
        return text
    }

    private mutating func branch() throws(XPathError) -> String {
        var text = ""
        while let scalar = current, scalar != 0x7C, scalar != 0x29 {
            text += try piece()
        }
        return text
    }

    private enum Atom {
        case text(String)
        case anchor(String)
    }

    private mutating func piece() throws(XPathError) -> String {
        let atom = try self.atom()
        guard let scalar = current, [0x3F, 0x2A, 0x2B, 0x7B].contains(scalar) else {
            switch atom {
            case .text(let text), .anchor(let text): return text
            }
        }
        index += 1
        var minimum = 0
        var quantifier: String
        switch scalar {
        case 0x3F: quantifier = "?"
        case 0x2A: quantifier = "*"
        case 0x2B:
            quantifier = "+"
            minimum = 1
        default:
            (quantifier, minimum) = try bounds()
        }
        if current == 0x3F {
            index += 1
            quantifier += "?"
        }
        switch atom {
        case .text(let text): return text + quantifier
        // Saxon ignores a quantifier on ^ or $, or drops the anchor when zero repetitions are allowed.
        case .anchor(let text): return minimum == 0 ? "" : text
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` after the `{`.
    private mutating func bounds() throws(XPathError) -> (String, Int) {
        func number() throws(XPathError) -> Int {
            var digits = ""
            while let scalar = current, scalar >= 0x30, scalar <= 0x39 {
                digits.append(Character(Unicode.Scalar(scalar)!))
                index += 1
            }
            guard let value = Int32(digits) else { throw RegexTranslator.error("bad quantifier") }
            return Int(value)
        }
        let minimum = try number()
        // Swift's Regex takes counts up to 65535: larger maxima become unbounded, larger minima are refused.
        if minimum > 65535 { throw RegexTranslator.error("repetition count above 65535 (a Swift Regex limit)") }
        if current == 0x7D {
            index += 1
            return ("{\(minimum)}", minimum)
        }
        guard current == 0x2C else { throw RegexTranslator.error("expected ',' in quantifier") }
        index += 1
        if current == 0x7D {
            index += 1
            return ("{\(minimum),}", minimum)
        }
        let maximum = try number()
        guard maximum >= minimum, current == 0x7D else { throw RegexTranslator.error("bad quantifier range") }
        index += 1
        return (maximum > 65535 ? "{\(minimum),}" : "{\(minimum),\(maximum)}", minimum)
    }

    private mutating func atom() throws(XPathError) -> Atom {
        guard let scalar = current else { throw RegexTranslator.error("unexpected end") }
        switch scalar {
        case 0x5E:
            index += 1
            return .anchor(multiline ? "(?m:^)" : "\\A")
        case 0x24:
            index += 1
            return .anchor(multiline ? "(?=\\x{A}|\\z)" : "\\z")
        case 0x2E:
            index += 1
            return .text(dotAll ? "[\\x{0}-\\x{10FFFF}]" : "[^\\x{A}\\x{D}]")
        case 0x5B:
            return .text(try characterClass())
        case 0x28:
            return .text(try group())
        case 0x29, 0x5D, 0x7D:
            throw RegexTranslator.error("unexpected '\(Character(Unicode.Scalar(scalar)!))'")
        case 0x3F, 0x2A, 0x2B, 0x7B:
            throw RegexTranslator.error("quantifier without an atom")
        case 0x5C:
            switch try escape(inClass: false) {
            case .character(let character): return .text(literalText(character))
            case .member(let member):
                return .text(
                    member.hasPrefix("[") || member.hasPrefix("\\p") || member.hasPrefix("\\P")
                        ? member : "[" + member + "]"
                )
            case .backReference(let number): return .text("\\g{\(number)}")
            }
        default:
            index += 1
            return .text(literalText(scalar))
        }
    }

    func literalText(_ scalar: UInt32) -> String {
        guard caseBlind else { return RegexClasses.literal(scalar) }
        let variants = RegexClasses.caseVariants(scalar)
        if variants.count == 1 { return RegexClasses.literal(scalar) }
        return "[" + variants.map(RegexClasses.hex).joined() + "]"
    }

    private mutating func group() throws(XPathError) -> String {
        index += 1
        if current == 0x3F {
            guard index + 1 < pattern.count, pattern[index + 1] == 0x3A else {
                throw RegexTranslator.error("only (?: is allowed after '('")
            }
            index += 2
            let body = try expression()
            guard current == 0x29 else { throw RegexTranslator.error("missing ')'") }
            index += 1
            return "(?:" + body + ")"
        }
        groupCount += 1
        let number = groupCount
        let body = try expression()
        guard current == 0x29 else { throw RegexTranslator.error("missing ')'") }
        index += 1
        closedGroups.insert(number)
        return "(" + body + ")"
    }

    enum Escape {
        case character(UInt32)
        case member(String)
        case backReference(Int)
    }

    /// An escape at `\`; advances past it.
    mutating func escape(inClass: Bool) throws(XPathError) -> Escape {
        index += 1
        guard let letter = current else { throw RegexTranslator.error("'\\' at the end") }
        index += 1
        switch letter {
        case 0x6E: return .character(0x0A)
        case 0x72: return .character(0x0D)
        case 0x74: return .character(0x09)
        case 0x5C, 0x7C, 0x2E, 0x2D, 0x5E, 0x3F, 0x2A, 0x2B, 0x7B, 0x7D, 0x28, 0x29, 0x5B, 0x5D, 0x24:
            return .character(letter)
        case 0x70, 0x50:
            guard current == 0x7B, let close = pattern[index...].firstIndex(of: 0x7D) else {
                throw RegexTranslator.error("expected '{' after \\p")
            }
            let name = String(String.UnicodeScalarView(pattern[(index + 1)..<close].compactMap(Unicode.Scalar.init)))
            index = close + 1
            guard let member = RegexClasses.property(name, negated: letter == 0x50) else {
                throw RegexTranslator.error("unknown category or block \(name)")
            }
            return .member(member)
        case 0x31...0x39:
            if inClass { throw RegexTranslator.error("back-reference in a character class") }
            var number = Int(letter - 0x30)
            while let digit = current, digit >= 0x30, digit <= 0x39, number * 10 + Int(digit - 0x30) <= groupCount {
                number = number * 10 + Int(digit - 0x30)
                index += 1
            }
            guard closedGroups.contains(number) else { throw RegexTranslator.error("back-reference to \\\(number)") }
            return .backReference(number)
        default:
            if let member = RegexClasses.escapeClass(letter) { return .member(member) }
            throw RegexTranslator.error("escape not allowed")
        }
    }
}

/// A position in a pattern's code points, with the look-ahead both readers of patterns use: the translator and
/// ``RegexMachine``'s reader of its output.
protocol PatternCursor {
    var pattern: [UInt32] { get }
    var index: Int { get }
}

extension PatternCursor {
    var current: UInt32? { index < pattern.count ? pattern[index] : nil }

    /// Whether `text` comes next.
    func follows(_ text: String) -> Bool {
        var i = index
        for scalar in text.unicodeScalars {
            guard i < pattern.count, pattern[i] == scalar.value else { return false }
            i += 1
        }
        return true
    }
}
