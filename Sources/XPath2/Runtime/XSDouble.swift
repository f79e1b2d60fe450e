/// xs:double lexical forms as Saxon reads and writes them.
public enum XSDouble {
    /// The xs:string cast of an xs:double (XPath 2.0 canonical form, exactly as Saxon writes it).
    ///
    /// Plain notation for magnitudes in `[1e-6, 1e6)` without a trailing `.0` (`1`, `0.1`, `123456.7`, `0.000001`),
    /// otherwise `d.dddEn` with at least one fraction digit (`1.0E6`, `1.0E-7`); `NaN`, `INF`, `-INF`, `0`, `-0`.
    /// The digits come from Steele & White's free-format algorithm (FPP)² as Saxon runs it, which is the shortest
    /// round-trip form except for Saxon's quirks: a symmetric rounding interval even at powers of two, and a
    /// leading zero digit when a power of ten lies in the upper half-interval (`1e23` gives `0.9999999999999999E23`).
    /// Subnormals are formatted like Java's `Double.toString` (at least two digits: `4.9E-324`).
    public static func string(_ double: Double) -> String {
        if double.isNaN { return "NaN" }
        if double.isInfinite { return double < 0 ? "-INF" : "INF" }
        if double == 0 { return double.sign == .minus ? "-0" : "0" }
        let sign = double < 0 ? "-" : ""
        let magnitude = double.magnitude
        if magnitude == .greatestFiniteMagnitude { return sign + "1.7976931348623157E308" }
        if magnitude.isSubnormal { return sign + javaSubnormalString(magnitude) }
        let (digits, exponent) = freeFormatDigits(magnitude)
        if magnitude >= 1e-6 && magnitude < 1e6 {
            var significant = Substring(digits)
            var point = exponent + 1
            while significant.first == "0" {
                significant.removeFirst()
                point -= 1
            }
            if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + significant }
            if point >= significant.count {
                return sign + significant + String(repeating: "0", count: point - significant.count)
            }
            let split = significant.index(significant.startIndex, offsetBy: point)
            return sign + significant[..<split] + "." + significant[split...]
        }
        let rest = digits.dropFirst()
        return sign + digits.prefix(1) + "." + (rest.isEmpty ? "0" : rest) + "E" + String(exponent)
    }

    /// Steele & White's (FPP)² with the simple fixup: digits `d0 d1 …` and the exponent `h` of `d0`, so that the
    /// value is about `d0.d1… × 10^h`. `d0` may be 0 in the fixup's boundary case, as in Saxon.
    static func freeFormatDigits(_ magnitude: Double) -> (digits: String, exponent: Int) {
        // In [1e-6, 1e6) every intermediate value stays below 2^80.
        if magnitude >= 1e-6 && magnitude < 1e6 { return freeFormatDigits(magnitude, using: UInt128.self) }
        return freeFormatDigits(magnitude, using: BigUInt.self)
    }

    private static func freeFormatDigits<Number: FreeFormatArithmetic>(
        _ magnitude: Double,
        using: Number.Type
    ) -> (digits: String, exponent: Int) {
        let fraction = magnitude.significandBitPattern | 1 << 52
        let shift = Int(magnitude.exponentBitPattern) - 1023 - 52
        var r = Number(fraction).shiftedLeft(max(shift, 0))
        var s = Number(1).shiftedLeft(max(0, -shift))
        // One unit in the last place on each side; Saxon never widens M+ for powers of two.
        var mMinus = Number(1).shiftedLeft(max(shift, 0))
        var mPlus = mMinus
        var k = 0
        while Number.compare(r, s.ceilingOfTenth()) < 0 {
            k -= 1
            r = r.timesTen()
            mMinus = mMinus.timesTen()
            mPlus = mPlus.timesTen()
        }
        while Number.compare(r.shiftedLeft(1) + mPlus, s.shiftedLeft(1)) >= 0 {
            s = s.timesTen()
            k += 1
        }
        let exponent = k - 1
        var digits = ""
        var digit: UInt8
        var low: Bool
        var high: Bool
        while true {
            (digit, r) = r.timesTen().digitAndRemainder(dividingBy: s)
            mMinus = mMinus.timesTen()
            mPlus = mPlus.timesTen()
            low = Number.compare(r.shiftedLeft(1), mMinus) < 0
            high = Number.compare(r.shiftedLeft(1) + mPlus, s.shiftedLeft(1)) > 0
            if low || high { break }
            digits.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + digit))
        }
        if high && (!low || Number.compare(r.shiftedLeft(1), s) > 0) { digit += 1 }
        digits.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + digit))
        return (digits, exponent)
    }

    /// Java's `Double.toString` for subnormals: the shortest digits, but at least two (the closest two-digit
    /// decimal when one digit would do), in `d.dddE-n` form.
    static func javaSubnormalString(_ magnitude: Double) -> String {
        var (digits, point) = shortestDigits(magnitude)
        if digits.count == 1, let exact = try? XSDecimal(converting: magnitude).wide {
            // Round the exact expansion to two significant digits, half to even.
            let text = exact.magnitude.decimalString
            let leading = Array(text.utf8)
            var two = Int(leading[0] - 48) * 10 + Int(leading[1] - 48)
            let rest = leading.dropFirst(2)
            let firstRest = rest.first.map { Int($0) - 48 } ?? 0
            let beyondHalf = rest.dropFirst().contains { $0 != UInt8(ascii: "0") }
            if firstRest > 5 || (firstRest == 5 && (beyondHalf || two % 2 == 1)) { two += 1 }
            point = text.count - exact.scale
            if two == 100 {
                two = 10
                point += 1
            }
            digits = String(two)
        }
        let rest = digits.dropFirst()
        return digits.prefix(1) + "." + (rest.isEmpty ? "0" : rest) + "E" + String(point - 1)
    }

    /// Shortest round-trip digits `d1d2…dn` (no leading or trailing zeros) and `point`, with
    /// `magnitude = 0.d1d2…dn × 10^point`. Swift's `description` chooses the shortest, closest digits.
    static func shortestDigits(_ magnitude: Double) -> (digits: String, point: Int) {
        let text = magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits = ""
        var point = 0
        var seenDot = false
        for character in mantissa {
            if character == "." {
                seenDot = true
                continue
            }
            if !seenDot { point += 1 }
            if digits.isEmpty && character == "0" {
                point -= 1
                continue
            }
            digits.append(character)
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (digits, point + exponent)
    }

    /// Parses the xs:double lexical space as Saxon does for casts and fn:number; nil where Saxon raises FORG0001
    /// (fn:number then returns NaN).
    ///
    /// Accepts an optional sign, digits with an optional `.`, an optional exponent, `INF`, `+INF`, `-INF`, `NaN`;
    /// surrounding space, tab, CR, LF. Rejects hex, `inf`, `nan`, `Infinity`, `1e`, `.e5`. Saxon 13 quirk kept:
    /// whitespace after `INF`/`NaN` is rejected, whitespace after a number is not.
    public static func parse(_ text: String) -> Double? {
        var bytes = Substring(text).utf8[...]
        while let first = bytes.first, XSDecimal.isXMLSpace(first) { bytes.removeFirst() }
        switch String(Substring(bytes)) {
        case "INF", "+INF": return .infinity
        case "-INF": return -.infinity
        case "NaN": return .nan
        default: break
        }
        while let last = bytes.last, XSDecimal.isXMLSpace(last) { bytes.removeLast() }
        guard isValidNumber(bytes) else { return nil }
        return Double(String(Substring(bytes)))
    }

    /// `[+-]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][+-]?[0-9]+)?`
    private static func isValidNumber(_ bytes: Substring.UTF8View.SubSequence) -> Bool {
        var index = bytes.startIndex
        func isDigit(_ i: Substring.UTF8View.Index) -> Bool {
            i < bytes.endIndex && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")
        }
        func skipDigits() -> Int {
            var count = 0
            while isDigit(index) {
                index = bytes.index(after: index)
                count += 1
            }
            return count
        }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            index = bytes.index(after: index)
        }
        var mantissaDigits = skipDigits()
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index = bytes.index(after: index)
            mantissaDigits += skipDigits()
        }
        guard mantissaDigits > 0 else { return false }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index = bytes.index(after: index)
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index = bytes.index(after: index)
            }
            guard skipDigits() > 0 else { return false }
        }
        return index == bytes.endIndex
    }
}

/// The unsigned arithmetic that (FPP)² needs: `UInt128` for everyday magnitudes, ``BigUInt`` for the rest.
protocol FreeFormatArithmetic {
    init(_ value: UInt64)
    static func + (a: Self, b: Self) -> Self
    static func compare(_ a: Self, _ b: Self) -> Int
    func shiftedLeft(_ bits: Int) -> Self
    func timesTen() -> Self
    /// `⌈self / 10⌉`.
    func ceilingOfTenth() -> Self
    /// The single decimal digit `self / divisor` (requires `self < 10 × divisor`) and the remainder.
    func digitAndRemainder(dividingBy divisor: Self) -> (UInt8, Self)
}

extension UInt128: FreeFormatArithmetic {
    static func compare(_ a: UInt128, _ b: UInt128) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
    func shiftedLeft(_ bits: Int) -> UInt128 { self << bits }
    func timesTen() -> UInt128 { self * 10 }
    func ceilingOfTenth() -> UInt128 { (self + 9) / 10 }
    func digitAndRemainder(dividingBy divisor: UInt128) -> (UInt8, UInt128) {
        var digit: UInt8 = 0
        var rest = self
        while rest >= divisor {
            rest -= divisor
            digit += 1
        }
        return (digit, rest)
    }
}

extension BigUInt: FreeFormatArithmetic {
    func timesTen() -> BigUInt { multiplied(by: 10) }
    func ceilingOfTenth() -> BigUInt { (self + BigUInt(9)).quotientAndRemainder(dividingBy: 10).quotient }
    func digitAndRemainder(dividingBy divisor: BigUInt) -> (UInt8, BigUInt) {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor)
        return (UInt8(quotient.uint64Value ?? 0), remainder)
    }
}
