extension XSDecimal {
    /// Exact sum; integer objects stay integers, otherwise the result loses its trailing zeros.
    public static func + (a: XSDecimal, b: XSDecimal) -> XSDecimal {
        let integer = a.isIntegerValue && b.isIntegerValue
        if case .small(let x) = a.storage, case .small(let y) = b.storage {
            let scale = max(a.scale, b.scale)
            if let x1 = scaleUp(x, by: scale - a.scale), let y1 = scaleUp(y, by: scale - b.scale) {
                let (sum, overflow) = x1.addingReportingOverflow(y1)
                if !overflow { return finish(XSDecimal(unscaled: sum, scale: scale, integerValue: integer)) }
            }
        }
        return finish(XSDecimal(wideSum(a.wide, b.wide), integerValue: integer))
    }

    /// Exact difference, with the same representation rules as `+`.
    public static func - (a: XSDecimal, b: XSDecimal) -> XSDecimal {
        a + -b
    }

    /// Exact product, with the same representation rules as `+`.
    public static func * (a: XSDecimal, b: XSDecimal) -> XSDecimal {
        let integer = a.isIntegerValue && b.isIntegerValue
        if case .small(let x) = a.storage, case .small(let y) = b.storage {
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            if !overflow {
                return finish(XSDecimal(unscaled: product, scale: a.scale + b.scale, integerValue: integer))
            }
        }
        let x = a.wide
        let y = b.wide
        let product = WideDecimal(
            negative: x.negative != y.negative,
            magnitude: x.magnitude * y.magnitude,
            scale: x.scale + y.scale
        )
        return finish(XSDecimal(product, integerValue: integer))
    }

    /// Negation; a decimal object loses its trailing zeros, as Saxon's `negate()` does.
    public static prefix func - (a: XSDecimal) -> XSDecimal {
        if case .small(let x) = a.storage, x != Int64.min {
            return finish(XSDecimal(unscaled: -x, scale: a.scale, integerValue: a.isIntegerValue))
        }
        var negated = a.wide
        negated.negative.toggle()
        return finish(XSDecimal(negated, integerValue: a.isIntegerValue))
    }

    /// fn:abs: positive decimal objects are returned unchanged, others negated.
    public var abs: XSDecimal { signum > 0 ? self : -self }

    /// `op:numeric-divide` as Saxon computes it.
    ///
    /// Decimal operands: `scale = max(18, scaleA - scaleB + 18)`, rounding half towards zero (Java's
    /// `RoundingMode.HALF_DOWN`), trailing zeros stripped. Integer objects: when both are in `0..<2^31` and the
    /// quotient is exact, the result is an integer object (Saxon's `Int64Value.div`); when both are in that range
    /// the operands keep scale 0; otherwise (a negative or large operand) both are first stripped of trailing zeros,
    /// so `-7 div 30` has 19 fraction digits while `7 div 30` has 18.
    public func divided(by divisor: XSDecimal) throws(XPathError) -> XSDecimal {
        guard divisor.signum != 0 else { throw XPathError("FOAR0001", "Decimal divide by zero") }
        if isIntegerValue && divisor.isIntegerValue {
            if case .small(let x) = storage, case .small(let y) = divisor.storage, x >> 31 == 0, y >> 31 == 0 {
                if x % y == 0 { return XSDecimal(unscaled: x / y, scale: 0, integerValue: true) }
                return XSDecimal.decimalDivide(self, divisor)
            }
            return XSDecimal.decimalDivide(normalizedDecimal(), divisor.normalizedDecimal())
        }
        return XSDecimal.decimalDivide(self, divisor)
    }

    /// `op:numeric-integer-divide`: the quotient truncated towards zero, as an integer object.
    public func idiv(_ divisor: XSDecimal) throws(XPathError) -> XSDecimal {
        guard divisor.signum != 0 else { throw XPathError("FOAR0001", "Integer division by zero") }
        let (x, y, _) = XSDecimal.aligned(self, divisor)
        if let x, let y, !(x == Int64.min && y == -1) {
            return XSDecimal(unscaled: x / y, scale: 0, integerValue: true)
        }
        let (a, b, scale) = XSDecimal.alignedWide(self, divisor)
        let quotient = a.magnitude(atScale: scale).quotientAndRemainder(dividingBy: b.magnitude(atScale: scale))
        let result = WideDecimal(negative: a.negative != b.negative, magnitude: quotient.quotient, scale: 0)
        return XSDecimal(result, integerValue: true)
    }

    /// `op:numeric-mod`: the remainder has the sign of the dividend.
    public func mod(_ divisor: XSDecimal) throws(XPathError) -> XSDecimal {
        guard divisor.signum != 0 else { throw XPathError("FOAR0001", "Modulo by zero") }
        let integer = isIntegerValue && divisor.isIntegerValue
        let (x, y, scale) = XSDecimal.aligned(self, divisor)
        if let x, let y {
            let (remainder, _) = x.remainderReportingOverflow(dividingBy: y)
            return XSDecimal.finish(XSDecimal(unscaled: remainder, scale: scale, integerValue: integer))
        }
        let (a, b, common) = XSDecimal.alignedWide(self, divisor)
        let remainder = a.magnitude(atScale: common).quotientAndRemainder(dividingBy: b.magnitude(atScale: common))
        let result = WideDecimal(negative: a.negative, magnitude: remainder.remainder, scale: common)
        return XSDecimal.finish(XSDecimal(result, integerValue: integer))
    }

    /// Decimal objects are normalised after each operation; integer objects are kept as they are.
    static func finish(_ value: XSDecimal) -> XSDecimal {
        value.isIntegerValue ? value : value.normalizedDecimal()
    }

    /// Both significands at the larger scale, when they fit in `Int64`.
    private static func aligned(_ a: XSDecimal, _ b: XSDecimal) -> (Int64?, Int64?, Int) {
        guard case .small(let x) = a.storage, case .small(let y) = b.storage else { return (nil, nil, 0) }
        let scale = max(a.scale, b.scale)
        return (scaleUp(x, by: scale - a.scale), scaleUp(y, by: scale - b.scale), scale)
    }

    private static func alignedWide(_ a: XSDecimal, _ b: XSDecimal) -> (WideDecimal, WideDecimal, Int) {
        let x = a.wide
        let y = b.wide
        return (x, y, max(x.scale, y.scale))
    }

    private static func wideSum(_ x: WideDecimal, _ y: WideDecimal) -> WideDecimal {
        let scale = max(x.scale, y.scale)
        let mx = x.magnitude(atScale: scale)
        let my = y.magnitude(atScale: scale)
        if x.negative == y.negative { return WideDecimal(negative: x.negative, magnitude: mx + my, scale: scale) }
        if BigUInt.compare(mx, my) >= 0 { return WideDecimal(negative: x.negative, magnitude: mx - my, scale: scale) }
        return WideDecimal(negative: y.negative, magnitude: my - mx, scale: scale)
    }

    /// Saxon's `Calculator.decimalDivide`: `A.divide(B, max(18, sA - sB + 18), HALF_DOWN)`, then stripped.
    static func decimalDivide(_ a: XSDecimal, _ b: XSDecimal) -> XSDecimal {
        let scale = max(18, a.scale - b.scale + 18)
        // quotient = A.unscaled × 10^shift / B.unscaled, where shift >= 18.
        let shift = scale - a.scale + b.scale
        if case .small(let x) = a.storage, case .small(let y) = b.storage, shift <= 38 {
            let power = UInt128(10).power(shift)
            let (numerator, overflow) = UInt128(x.magnitude).multipliedReportingOverflow(by: power)
            if !overflow {
                let denominator = UInt128(y.magnitude)
                var (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
                if remainder > denominator - remainder { quotient += 1 }
                if quotient == 0 { return XSDecimal(unscaled: 0, scale: 0, integerValue: false) }
                // Stripped here, in 128-bit arithmetic, before the quotient may need a BigUInt.
                var strippedScale = scale
                while quotient % 10 == 0 {
                    quotient /= 10
                    strippedScale -= 1
                }
                let negative = (x < 0) != (y < 0)
                if quotient <= UInt128(Int64.max) {
                    let signed = negative ? -Int64(quotient) : Int64(quotient)
                    return XSDecimal(unscaled: signed, scale: strippedScale, integerValue: false)
                }
                let magnitude = BigUInt(limbs: (0..<4).map { UInt32(truncatingIfNeeded: quotient >> ($0 * 32)) })
                let wide = WideDecimal(negative: negative, magnitude: magnitude, scale: strippedScale)
                return XSDecimal(wide, integerValue: false).normalizedDecimal()
            }
        }
        let x = a.wide
        let y = b.wide
        let numerator = x.magnitude.timesPowerOfTen(shift)
        var (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: y.magnitude)
        if BigUInt.compare(remainder, y.magnitude - remainder) > 0 { quotient = quotient + BigUInt(1) }
        let result = WideDecimal(negative: x.negative != y.negative, magnitude: quotient, scale: scale)
        return XSDecimal(result, integerValue: false).normalizedDecimal()
    }
}

extension UInt128 {
    fileprivate func power(_ exponent: Int) -> UInt128 {
        var result: UInt128 = 1
        for _ in 0..<exponent { result *= self }
        return result
    }
}
