import Testing

@testable import XPath2

/// A binary operation whose expected result Saxon computed; operands are `i:<xs:integer>` or `d:<xs:decimal>`.
struct DecimalBinaryCase: Sendable, CustomTestStringConvertible {
    var lhs: String
    var operation: String
    var rhs: String
    var expected: String

    init(_ lhs: String, _ operation: String, _ rhs: String, _ expected: String) {
        self.lhs = lhs
        self.operation = operation
        self.rhs = rhs
        self.expected = expected
    }

    var testDescription: String { "\(lhs) \(operation) \(rhs) = \(expected)" }
}

/// A unary operation whose expected result Saxon computed.
struct DecimalUnaryCase: Sendable, CustomTestStringConvertible {
    var operand: String
    var operation: String
    var expected: String

    init(_ operand: String, _ operation: String, _ expected: String) {
        self.operand = operand
        self.operation = operation
        self.expected = expected
    }

    var testDescription: String { "\(operation)(\(operand)) = \(expected)" }
}

/// The operand as the caller would build it: `i:` from xs:integer text, `d:` from xs:decimal text.
func decimalOperand(_ text: String) -> XSDecimal {
    let value = String(text.dropFirst(2))
    let parsed = text.hasPrefix("i:") ? XSDecimal(integerLexical: value) : XSDecimal(lexical: value)
    guard let parsed else { fatalError("bad operand \(text)") }
    return parsed
}

func outcome(_ body: () throws(XPathError) -> String) -> String {
    do {
        return try body()
    } catch {
        return "ERR \(error.code)"
    }
}

let allDecimalBinaryCases =
    decimalBinaryCases1 + decimalBinaryCases2 + decimalBinaryCases3 + decimalBinaryCases4 + decimalBinaryCases5
    + decimalBinaryCases6 + decimalBinaryCases7 + decimalBinaryCases8
let allDecimalUnaryCases = decimalUnaryCases1 + decimalUnaryCases2 + decimalUnaryCases3 + decimalUnaryCases4

@Test(arguments: allDecimalBinaryCases)
func decimalBinaryMatchesSaxon(_ test: DecimalBinaryCase) {
    let a = decimalOperand(test.lhs)
    let b = decimalOperand(test.rhs)
    let result = outcome { () throws(XPathError) -> String in
        switch test.operation {
        case "+": return (a + b).description
        case "-": return (a - b).description
        case "*": return (a * b).description
        case "div": return try a.divided(by: b).description
        case "idiv": return try a.idiv(b).description
        case "mod": return try a.mod(b).description
        case "lt": return String(a < b)
        case "eq": return String(a == b)
        default: return "unknown operation"
        }
    }
    #expect(result == test.expected)
}

@Test(arguments: allDecimalUnaryCases)
func decimalUnaryMatchesSaxon(_ test: DecimalUnaryCase) {
    let x = decimalOperand(test.operand)
    let seven = XSDecimal(7)
    let result = outcome { () throws(XPathError) -> String in
        switch test.operation {
        case "string": return x.description
        case "neg": return (-x).description
        case "abs": return x.abs.description
        case "floor": return x.floor().description
        case "ceiling": return x.ceiling().description
        case "round": return x.round().description
        case "double": return XSDouble.string(x.doubleValue)
        case "integer": return x.truncated().description
        case "div7": return try x.divided(by: seven).description
        case "div7.0": return try x.divided(by: XSDecimal(lexical: "7.0")!).description
        case "floordiv7": return try x.floor().divided(by: seven).description
        case "rounddiv7": return try x.round().divided(by: seven).description
        case "negdiv7": return try (-x).divided(by: seven).description
        case "7div": return try seven.divided(by: x).description
        case "castdecdiv7": return try x.castAsDecimal().divided(by: seven).description
        case let op where op.hasPrefix("rhe"): return x.roundHalfToEven(precision: Int(op.dropFirst(3))!).description
        case let op where op.hasPrefix("round"): return x.round(precision: Int(op.dropFirst(5))!).description
        default: return "unknown operation"
        }
    }
    #expect(result == test.expected)
}

/// A string cast to xs:decimal and to xs:integer, with Saxon's results.
struct DecimalLexicalCase: Sendable, CustomTestStringConvertible {
    var input: String
    var expectedDecimal: String
    var expectedInteger: String

    init(_ input: String, _ expectedDecimal: String, _ expectedInteger: String) {
        self.input = input
        self.expectedDecimal = expectedDecimal
        self.expectedInteger = expectedInteger
    }

    var testDescription: String { input.debugDescription }
}

@Test(arguments: decimalLexicalCases)
func decimalLexicalMatchesSaxon(_ test: DecimalLexicalCase) {
    #expect((XSDecimal(lexical: test.input)?.description ?? "ERR FORG0001") == test.expectedDecimal)
    #expect((XSDecimal(integerLexical: test.input)?.description ?? "ERR FORG0001") == test.expectedInteger)
}

@Test func equalityAndHashingAreNumeric() throws {
    let values = ["1", "1.0", "1.00", "+1", "001.000"].compactMap { XSDecimal(lexical: $0) }
    #expect(values.count == 5)
    #expect(Set(values).count == 1)
    #expect(XSDecimal(lexical: "0.0") == XSDecimal(0))
    #expect(XSDecimal(lexical: "-0") == XSDecimal(lexical: "0.000"))
    let big = try #require(XSDecimal(integerLexical: "100000000000000000000"))
    let stripped = try #require(XSDecimal(lexical: "100000000000000000000.000"))
    #expect(big == stripped)
    #expect(big.hashValue == stripped.hashValue)
    #expect(try XSDecimal(converting: 300) == XSDecimal(300))
    #expect(Set([try XSDecimal(converting: 300), XSDecimal(300), XSDecimal(lexical: "300.00")!]).count == 1)
    #expect(XSDecimal(lexical: "1234.56")! < XSDecimal(lexical: "1234.560000000000000000001")!)
    #expect(XSDecimal(lexical: "-99999999999999999999")! < XSDecimal(Int.min))
}

@Test func integerQueries() {
    #expect(XSDecimal(lexical: "12.000")!.isInteger)
    #expect(!XSDecimal(lexical: "12.5")!.isInteger)
    #expect(XSDecimal(lexical: "12.000")!.toInt() == 12)
    #expect(XSDecimal(lexical: "1200.0")!.toInt() == 1200)
    #expect(XSDecimal(lexical: "12.5")!.toInt() == nil)
    #expect(XSDecimal(integerLexical: "9223372036854775808")!.toInt() == nil)
    #expect(XSDecimal(integerLexical: "-9223372036854775808")!.toInt() == Int.min)
}

/// Chains whose results depend on how Saxon represents the intermediate value (its scale).
@Test func scaleOfIntermediateResultsMatchesSaxon() throws {
    func d(_ text: String) -> XSDecimal { XSDecimal(lexical: text)! }
    let one = XSDecimal(1)
    // Expected values from Saxon-HE 13.1.1.
    #expect(try one.divided(by: d("150.5") + d("149.5")).description == "0.00333333333333333333")
    #expect(try one.divided(by: XSDecimal(150) + XSDecimal(150)).description == "0.003333333333333333")
    #expect(try one.divided(by: d("300.0") * one).description == "0.00333333333333333333")
    #expect(try one.divided(by: (XSDecimal(60).divided(by: XSDecimal(3))) + XSDecimal(20)).description == "0.025")
    #expect(try one.divided(by: d("600.5").idiv(XSDecimal(2))).description == "0.003333333333333333")
    #expect(try one.divided(by: d("600.5").mod(d("300.5"))).description == "0.00333333333333333333")
    #expect(try one.divided(by: XSDecimal(converting: 300)).description == "0.003333333333333333")
    #expect(try one.divided(by: XSDecimal(300).castAsDecimal()).description == "0.003333333333333333")
    #expect(try one.divided(by: d("300.2").roundHalfToEven(precision: 0)).description == "0.00333333333333333333")
}

@Test func divisionByZeroThrows() {
    for zero in [XSDecimal(0), XSDecimal(lexical: "0.0")!] {
        #expect(throws: XPathError("FOAR0001", "Decimal divide by zero")) { try XSDecimal(1).divided(by: zero) }
        #expect((try? XSDecimal(1).idiv(zero)) == nil)
        #expect((try? XSDecimal(lexical: "1.5")!.mod(zero)) == nil)
    }
    #expect(throws: XPathError.self) { try XSDecimal(converting: .nan) }
    #expect(throws: XPathError.self) { try XSDecimal(converting: -.infinity) }
}

/// Quotients with trailing zeros, in and beyond 64 bits: the stripped scale decides the precision of a division by
/// the quotient (expected values from Saxon-HE 13.1.1).
@Test func quotientsAreStrippedAsSaxonStripsThem() throws {
    let cases: [(String, String, String, String?)] = [
        ("100", "4", "25", "0.04"),
        ("1000000", "8", "125000", "0.000008"),
        ("100000000000000000000", "4", "25000000000000000000", "0.00000000000000000004"),
        ("12345678901234567890", "10", "1234567890123456789", "0.000000000000000001"),
        ("-7.50", "2.5", "-3", "-0.333333333333333333"),
        ("2", "3", "0.666666666666666667", "1.499999999999999999"),
        ("123456789012345678901234567890", "1000", "123456789012345678901234567.89", "0"),
        ("0.0", "3", "0", nil),
        ("3", "0.0008", "3750", "0.0002666666666666667"),
    ]
    for (a, b, quotient, inverse) in cases {
        let q = try XSDecimal(lexical: a)!.divided(by: XSDecimal(lexical: b)!)
        #expect(q.description == quotient, "\(a) div \(b)")
        if let inverse { #expect(try XSDecimal(1).divided(by: q).description == inverse, "1 div (\(a) div \(b))") }
    }
}
