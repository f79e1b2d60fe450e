import Testing

@testable import XPath2

/// An xs:double, written as a round-trip literal, with Saxon's string and xs:decimal casts of it.
struct DoubleFormatCase: Sendable, CustomTestStringConvertible {
    var literal: String
    var expectedString: String
    var expectedDecimal: String

    init(_ literal: String, _ expectedString: String, _ expectedDecimal: String) {
        self.literal = literal
        self.expectedString = expectedString
        self.expectedDecimal = expectedDecimal
    }

    var testDescription: String { "\(literal) -> \(expectedString)" }

    var value: Double {
        switch literal {
        case "NaN": return .nan
        case "INF": return .infinity
        case "-INF": return -.infinity
        default: return Double(literal)!
        }
    }
}

/// A string cast to xs:double, with Saxon's result (`ERR FORG0001` when the cast fails).
struct DoubleParseCase: Sendable, CustomTestStringConvertible {
    var input: String
    var expected: String

    init(_ input: String, _ expected: String) {
        self.input = input
        self.expected = expected
    }

    var testDescription: String { "\(input.debugDescription) -> \(expected)" }
}

@Test(arguments: doubleFormatCases)
func doubleStringMatchesSaxon(_ test: DoubleFormatCase) {
    #expect(XSDouble.string(test.value) == test.expectedString)
}

@Test(arguments: doubleFormatCases)
func doubleToDecimalMatchesSaxon(_ test: DoubleFormatCase) {
    let result = outcome { () throws(XPathError) -> String in try XSDecimal(converting: test.value).description }
    #expect(result == test.expectedDecimal)
}

@Test(arguments: doubleFormatCases)
func decimalToDoubleRoundTrips(_ test: DoubleFormatCase) throws {
    guard test.value.isFinite else { return }
    #expect(try XSDecimal(converting: test.value).doubleValue == test.value)
}

@Test(arguments: doubleParseCases)
func doubleParseMatchesSaxon(_ test: DoubleParseCase) {
    #expect((XSDouble.parse(test.input).map(XSDouble.string) ?? "ERR FORG0001") == test.expected)
}
