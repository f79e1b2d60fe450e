import Testing

@testable import XPath2

/// An xs:date cast from a string, with Saxon's canonical result or `ERR FORG0001`.
struct DateLexicalCase: Sendable, CustomTestStringConvertible {
    var input: String
    var expected: String

    init(_ input: String, _ expected: String) {
        self.input = input
        self.expected = expected
    }

    var testDescription: String { "\(input.debugDescription) -> \(expected)" }
}

/// Two xs:date values with Saxon's `lt` and `eq` results.
struct DateComparisonCase: Sendable, CustomTestStringConvertible {
    var lhs: String
    var rhs: String
    var less: Bool
    var equal: Bool

    init(_ lhs: String, _ rhs: String, _ less: Bool, _ equal: Bool) {
        self.lhs = lhs
        self.rhs = rhs
        self.less = less
        self.equal = equal
    }

    var testDescription: String { "\(lhs) vs \(rhs)" }
}

@Test(arguments: dateLexicalCases)
func dateLexicalMatchesSaxon(_ test: DateLexicalCase) {
    #expect((XSDate(lexical: test.input)?.description ?? "ERR FORG0001") == test.expected)
}

@Test(arguments: dateComparisonCases)
func dateComparisonMatchesSaxon(_ test: DateComparisonCase) throws {
    let a = try #require(XSDate(lexical: test.lhs))
    let b = try #require(XSDate(lexical: test.rhs))
    #expect((a < b) == test.less)
    #expect((a == b) == test.equal)
    if a == b { #expect(a.hashValue == b.hashValue) }
}
