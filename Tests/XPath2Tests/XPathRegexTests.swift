import Testing

@testable import XPath2

/// One fn:matches, fn:replace or fn:tokenize call with Saxon's result.
struct RegexCase: Sendable, CustomTestStringConvertible {
    enum Function: Sendable {
        case matches, replace, tokenize
    }

    var function: Function
    var pattern: String
    var flags: String
    var input: String
    var replacement: String
    var expected: String

    init(
        _ function: Function,
        _ pattern: String,
        _ flags: String,
        _ input: String,
        _ replacement: String,
        _ expected: String
    ) {
        self.function = function
        self.pattern = pattern
        self.flags = flags
        self.input = input
        self.replacement = replacement
        self.expected = expected
    }

    var testDescription: String {
        "\(function)(\(input.debugDescription), \(pattern.debugDescription), \(flags.debugDescription)) = \(expected)"
    }
}

/// Cases where the Swift `Regex` translation differs from Saxon (see the ``XPathRegex`` documentation).
let knownRegexDifferences: Set<String> = [
    #"(a)\1 i aA"#,  // back-references compare case-sensitively under the i flag
    #"a{65536}  a"#,  // Swift's Regex takes repetition counts up to 65535
    #"(a)?\1b  b"#,  // a back-reference to an unset group fails instead of matching ""
]

@Test(arguments: regexCases)
func regexMatchesSaxon(_ test: RegexCase) {
    if knownRegexDifferences.contains("\(test.pattern) \(test.flags) \(test.input)") {
        withKnownIssue { regexCaseResult(test) }
        return
    }
    regexCaseResult(test)
}

func regexCaseResult(_ test: RegexCase) {
    let result = outcome { () throws(XPathError) -> String in
        let regex = try XPathRegex(pattern: test.pattern, flags: test.flags)
        switch test.function {
        case .matches: return String(regex.matches(test.input))
        case .replace: return try regex.replace(test.input, with: test.replacement)
        case .tokenize: return try regex.tokenize(test.input).map { "[" + $0 + "]" }.joined()
        }
    }
    #expect(
        result == test.expected,
        "translated: \((try? XPathRegex(pattern: test.pattern, flags: test.flags))?.translatedPattern ?? "-")"
    )
}
