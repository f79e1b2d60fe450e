/// The functions of XPath 2.0 Functions and Operators that the rules may call, with their arities.
enum BuiltinFunction: String, Sendable, CaseIterable {
    case not, exists, empty, count, boolean, `true`, `false`
    case string, data, number, concat
    case stringJoin = "string-join"
    case stringLength = "string-length"
    case normalizeSpace = "normalize-space"
    case upperCase = "upper-case"
    case lowerCase = "lower-case"
    case translate
    case contains
    case startsWith = "starts-with"
    case endsWith = "ends-with"
    case substring
    case substringBefore = "substring-before"
    case substringAfter = "substring-after"
    case matches, replace, tokenize
    case stringToCodepoints = "string-to-codepoints"
    case codepointsToString = "codepoints-to-string"
    case sum, avg, min, max, abs, round, floor, ceiling
    case roundHalfToEven = "round-half-to-even"
    case distinctValues = "distinct-values"
    case reverse, subsequence
    case indexOf = "index-of"
    case remove
    case insertBefore = "insert-before"
    case exactlyOne = "exactly-one"
    case zeroOrOne = "zero-or-one"
    case oneOrMore = "one-or-more"
    case position, last, name
    case localName = "local-name"
    case namespaceURI = "namespace-uri"
    case root
    case xsString = "xs:string"
    case xsUntypedAtomic = "xs:untypedAtomic"
    case xsBoolean = "xs:boolean"
    case xsDecimal = "xs:decimal"
    case xsInteger = "xs:integer"
    case xsDouble = "xs:double"
    case xsDate = "xs:date"
    /// `boolean(normalize-space(x))` without building the string; not callable by name (the space).
    case nonWhitespace = " non-whitespace"
    /// A pattern predicate: a dynamic error makes it false (XSLT 3.0 §5.5.4: the pattern does not match that
    /// node). Not callable by name.
    case recovering = " recovering"

    /// The arities the function accepts (F&O signatures); `concat` takes two or more.
    var arities: ClosedRange<Int> {
        switch self {
        case .true, .false, .position, .last: return 0...0
        case .not, .exists, .empty, .count, .boolean, .recovering, .data, .upperCase, .lowerCase, .stringToCodepoints,
            .codepointsToString, .avg, .abs, .floor, .ceiling, .round, .distinctValues, .reverse, .exactlyOne,
            .zeroOrOne, .oneOrMore, .min, .max:
            return 1...1
        case .string, .number, .stringLength, .normalizeSpace, .nonWhitespace, .name, .localName, .namespaceURI, .root:
            return 0...1
        case .concat: return 2...Int.max
        case .stringJoin: return 2...2
        case .translate: return 3...3
        case .contains, .startsWith, .endsWith, .substringBefore, .substringAfter: return 2...2
        case .substring: return 2...3
        case .matches, .tokenize: return 2...3
        case .replace: return 3...4
        case .sum, .roundHalfToEven: return 1...2
        case .subsequence: return 2...3
        case .indexOf, .remove: return 2...2
        case .insertBefore: return 3...3
        case .xsString, .xsUntypedAtomic, .xsBoolean, .xsDecimal, .xsInteger, .xsDouble, .xsDate: return 1...1
        }
    }

    /// The target type of a constructor function.
    var constructedType: AtomicType? {
        switch self {
        case .xsString: return .string
        case .xsUntypedAtomic: return .untypedAtomic
        case .xsBoolean: return .boolean
        case .xsDecimal: return .decimal
        case .xsInteger: return .integer
        case .xsDouble: return .double
        case .xsDate: return .date
        default: return nil
        }
    }

    /// Whether the value is never more than one item: such calls are evaluated by ``Evaluator/callAtMostOne``.
    var returnsAtMostOne: Bool {
        switch self {
        case .data, .matches, .replace, .tokenize, .stringToCodepoints, .sum, .min, .max, .distinctValues, .reverse,
            .subsequence, .indexOf, .remove, .insertBefore, .exactlyOne, .zeroOrOne, .oneOrMore:
            return false
        default:
            return true
        }
    }

    /// Whether the function's value depends on the focus position or size.
    var usesPositionOrSize: Bool { self == .position || self == .last }
}
