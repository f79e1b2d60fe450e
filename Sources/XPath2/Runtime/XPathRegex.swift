/// The flags argument of fn:matches, fn:replace and fn:tokenize.
struct RegexFlags {
    var dotAll = false
    var multiline = false
    var caseBlind = false
    var extended = false
    /// `q` (XPath 3.0; Saxon accepts it in 2.0 stylesheets too): the pattern and the replacement are literal.
    var literal = false

    init(_ flags: String) throws(XPathError) {
        for flag in flags {
            switch flag {
            case "s": dotAll = true
            case "m": multiline = true
            case "i": caseBlind = true
            case "x": extended = true
            case "q": literal = true
            default: throw XPathError("FORX0001", "Invalid regular expression flags: \(flags)")
            }
        }
    }
}

/// A compiled XPath regular expression (XML Schema syntax with the F&O §7.6.1 extensions), translated into the
/// syntax of Swift's `Regex` with Unicode-scalar semantics, so that `.` is one code point and `"\r\n"` two
/// characters. The translation runs on ``RegexMachine`` when the machine takes it (every pattern of the official
/// rules), else on Swift's `Regex`.
///
/// Compile each pattern once and reuse it; nothing is cached globally (only the case-variant table that the `i`
/// flag needs is built once).
///
/// Known differences from Saxon, all outside what the XRechnung rules use: in `m` mode `^` also matches after CR,
/// NEL, FF, U+2028 and U+2029 (Swift has no look-behind to restrict it to LF); a back-reference to a group that
/// did not participate fails instead of matching the empty string; back-references are compared case-sensitively
/// under `i`; `\p{..}` follows the Unicode version of the Swift runtime, not Saxon's tables.
///
/// `@unchecked Sendable`: `Regex<AnyRegexOutput>` is not `Sendable` only because `AnyRegexOutput` is not; the
/// regex itself is immutable after `init` (the runtime compiles its program lazily, with an atomic
/// initialise-once), and the outputs it produces are values created per match.
public struct XPathRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    /// The number of capturing groups.
    public let groupCount: Int
    /// The Swift pattern the XPath pattern was translated to.
    public let translatedPattern: String
    let isLiteral: Bool
    let matchesEmptyString: Bool
    /// The same pattern on the faster ``RegexMachine``, when it takes the pattern (the tests set it to nil to
    /// compare with Swift's `Regex`).
    var machine: RegexMachine?

    /// Compiles `pattern` with `flags` (`s`, `m`, `i`, `x`, `q`); throws FORX0001 for bad flags, FORX0002 for a
    /// pattern Saxon rejects.
    public init(pattern: String, flags: String = "") throws(XPathError) {
        let options = try RegexFlags(flags)
        var translator = RegexTranslator(
            pattern: options.literal ? [] : pattern.unicodeScalars.map(\.value),
            flags: options
        )
        if options.literal {
            translatedPattern = pattern.unicodeScalars.map { translator.literalText($0.value) }.joined()
        } else {
            translatedPattern = try translator.translate()
        }
        groupCount = translator.groupCount
        isLiteral = options.literal
        do {
            regex = try Regex(translatedPattern).matchingSemantics(.unicodeScalar)
        } catch {
            throw XPathError("FORX0002", "Invalid regular expression: \(pattern)")
        }
        matchesEmptyString = ((try? regex.firstMatch(in: "")) ?? nil) != nil
        machine = RegexMachine(translated: translatedPattern, groupCount: groupCount)
    }

    /// The steps a search on the machine may take before it is left to Swift's `Regex`: enough for any ordinary
    /// input, a bound for a pattern that backtracks badly on a hostile one.
    private static func budget(_ input: [UInt32]) -> Int { 100_000 + 100 * input.count }

    /// The longest input, in UTF-8 bytes, searched on the machine: above the 15 MiB document limit, so that every
    /// text of a document is (Swift's `Regex` backtracks quadratically on a hostile invoice's huge telephone
    /// number). The machine's copy takes four bytes per character and its visited states one bit per instruction
    /// and character: about 100 MB for a 15 MB text, for the moment it is checked.
    static let machineInputLimit = 16 << 20

    /// The input's code points for the machine, or nil when the search is Swift's.
    private func machineInput(_ string: String) -> [UInt32]? {
        guard machine != nil, string.utf8.count <= Self.machineInputLimit else { return nil }
        return string.unicodeScalars.map(\.value)
    }

    /// Every match on the machine, from left to right, or nil when it left the search to Swift.
    private func machineMatches(_ input: [UInt32], first: Bool) -> [RegexMachine.Match]? {
        guard let machine else { return nil }
        var visited = machine.visitedStates(for: input)
        // With the visited states a search is bounded by the machine's size times the input's: no budget needed.
        var budget = visited == nil ? Self.budget(input) : Int.max
        var matches: [RegexMachine.Match] = []
        var from = 0
        do {
            while from <= input.count,
                let match = try machine.firstMatch(in: input, from: from, budget: &budget, visited: &visited)
            {
                matches.append(match)
                if first { break }
                // A pattern that matches the empty string is refused before the search (FORX0003) in replace and
                // tokenize; matches stops at the first.
                from = Swift.max(match.range.upperBound, match.range.lowerBound + 1)
            }
        } catch {
            return nil
        }
        return matches
    }

    /// The code points of `range` as a string, written as UTF-8 in one allocation.
    private static func text(_ input: [UInt32], _ range: Range<Int>) -> String {
        var count = 0
        for value in input[range] { count += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4 }
        if count == 0 { return "" }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for value in input[range] {
                for unit in UTF8.encode(Unicode.Scalar(value)!)! {
                    buffer[index] = unit
                    index += 1
                }
            }
            return index
        }
    }

    /// fn:matches: whether the pattern matches some substring of `string`.
    public func matches(_ string: String) -> Bool {
        if let input = machineInput(string), let found = machineMatches(input, first: true) { return !found.isEmpty }
        return ((try? regex.firstMatch(in: string)) ?? nil) != nil
    }

    /// fn:replace: every non-overlapping match replaced; `$N` inserts group N (`$0` the match, an unset or missing
    /// group nothing), `\$` and `\\` insert `$` and `\`. Throws FORX0003 if the pattern matches the empty string,
    /// FORX0004 for a bad replacement.
    public func replace(_ string: String, with replacement: String) throws(XPathError) -> String {
        if matchesEmptyString { throw XPathError("FORX0003", "The regular expression matches a zero-length string") }
        let parts = isLiteral ? [.text(replacement)] : try XPathRegex.parseReplacement(replacement, groups: groupCount)
        if let input = machineInput(string), let matches = machineMatches(input, first: false) {
            var result = ""
            var rest = 0
            for match in matches {
                result += Self.text(input, rest..<match.range.lowerBound)
                for part in parts {
                    switch part {
                    case .text(let text): result += text
                    case .group(let number) where number <= groupCount:
                        if let range = match.group(number) { result += Self.text(input, range) }
                    case .group: break
                    }
                }
                rest = match.range.upperBound
            }
            return result + Self.text(input, rest..<input.count)
        }
        var result = ""
        var rest = string.startIndex
        for match in string.matches(of: regex) {
            result += string[rest..<match.range.lowerBound]
            for part in parts {
                switch part {
                case .text(let text): result += text
                case .group(0): result += string[match.range]
                case .group(let number) where number < match.output.count:
                    result += match.output[number].substring ?? ""
                case .group: break
                }
            }
            rest = match.range.upperBound
        }
        result += string[rest...]
        return result
    }

    /// fn:tokenize: the substrings between matches; an empty string gives no tokens. Throws FORX0003 if the
    /// pattern matches the empty string.
    public func tokenize(_ string: String) throws(XPathError) -> [String] {
        if string.isEmpty { return [] }
        if matchesEmptyString { throw XPathError("FORX0003", "The regular expression matches a zero-length string") }
        if let input = machineInput(string), let matches = machineMatches(input, first: false) {
            var tokens = [String]()
            var rest = 0
            for match in matches {
                tokens.append(Self.text(input, rest..<match.range.lowerBound))
                rest = match.range.upperBound
            }
            tokens.append(Self.text(input, rest..<input.count))
            return tokens
        }
        var tokens = [String]()
        var rest = string.startIndex
        for match in string.matches(of: regex) {
            tokens.append(String(string[rest..<match.range.lowerBound]))
            rest = match.range.upperBound
        }
        tokens.append(String(string[rest...]))
        return tokens
    }

    enum ReplacementPart {
        case text(String)
        case group(Int)
    }

    /// Splits a replacement string; `$` takes one digit, then more while the number stays a group number.
    static func parseReplacement(_ replacement: String, groups: Int) throws(XPathError) -> [ReplacementPart] {
        var parts = [ReplacementPart]()
        var text = ""
        let scalars = Array(replacement.unicodeScalars)
        var i = 0
        func digit(_ at: Int) -> Int? {
            guard at < scalars.count, (0x30...0x39).contains(scalars[at].value) else { return nil }
            return Int(scalars[at].value) - 0x30
        }
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "\\" {
                guard i + 1 < scalars.count, scalars[i + 1] == "\\" || scalars[i + 1] == "$" else {
                    throw XPathError("FORX0004", "Invalid replacement string: '\\' must be followed by '\\' or '$'")
                }
                text.unicodeScalars.append(scalars[i + 1])
                i += 2
            } else if scalar == "$" {
                guard var number = digit(i + 1) else {
                    throw XPathError("FORX0004", "Invalid replacement string: '$' must be followed by a digit")
                }
                i += 2
                while let next = digit(i), number * 10 + next <= groups {
                    number = number * 10 + next
                    i += 1
                }
                if !text.isEmpty {
                    parts.append(.text(text))
                    text = ""
                }
                parts.append(.group(number))
            } else {
                text.unicodeScalars.append(scalar)
                i += 1
            }
        }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }
}
