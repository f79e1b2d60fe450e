extension XSDecimal {
    /// How a discarded fraction is rounded away.
    enum RoundingRule {
        case floor, ceiling, towardZero, halfToCeiling, halfToEven
    }

    /// fn:floor: integers unchanged; decimals rounded down and stripped of trailing zeros.
    public func floor() -> XSDecimal {
        isIntegerValue ? self : rescaled(to: 0, .floor).normalizedDecimal()
    }

    /// fn:ceiling: integers unchanged; decimals rounded up and stripped of trailing zeros.
    public func ceiling() -> XSDecimal {
        isIntegerValue ? self : rescaled(to: 0, .ceiling).normalizedDecimal()
    }

    /// fn:round: the nearest whole number, halves rounded towards positive infinity (`round(-2.5) = -2`).
    public func round() -> XSDecimal { round(precision: 0) }

    /// fn:round#2 (XPath 3.1): rounds to `precision` fraction digits, halves towards positive infinity.
    public func round(precision: Int) -> XSDecimal { rounded(precision: precision, .halfToCeiling) }

    /// fn:round-half-to-even: rounds to `precision` fraction digits, halves to the even neighbour.
    public func roundHalfToEven(precision: Int) -> XSDecimal { rounded(precision: precision, .halfToEven) }

    /// The xs:integer cast of this value: truncated towards zero, as an integer object.
    public func truncated() -> XSDecimal {
        if isIntegerValue { return self }
        return rescaled(to: 0, .towardZero).withScaleZero(integerValue: true)
    }

    /// The xs:decimal cast of this value (Saxon's `IntegerToDecimal`): a decimal object of the same value.
    public func castAsDecimal() -> XSDecimal {
        guard isIntegerValue else { return self }
        if case .small = storage { return XSDecimal(wide, integerValue: false) }
        return normalizedDecimal()
    }

    private func rounded(precision: Int, _ rule: RoundingRule) -> XSDecimal {
        if isIntegerValue {
            if precision >= 0 { return self }
            return rescaled(to: precision, rule).withScaleZero(integerValue: true)
        }
        if precision >= scale { return self }
        return rescaled(to: precision, rule).normalizedDecimal()
    }

    /// The same value with scale 0 (requires a whole number).
    private func withScaleZero(integerValue: Bool) -> XSDecimal {
        if scale == 0 {
            var copy = self
            copy.isIntegerValue = integerValue
            return copy
        }
        if case .small(let x) = storage, scale < 0, let scaled = XSDecimal.scaleUp(x, by: -scale) {
            return XSDecimal(unscaled: scaled, scale: 0, integerValue: integerValue)
        }
        let value = wide
        let whole = WideDecimal(negative: value.negative, magnitude: value.magnitude(atScale: 0), scale: 0)
        return XSDecimal(whole, integerValue: integerValue)
    }

    /// Java's `setScale(newScale, rule)`: the value with `newScale` fraction digits (unchanged when not fewer).
    func rescaled(to newScale: Int, _ rule: RoundingRule) -> XSDecimal {
        if newScale >= scale { return self }
        let drop = scale - newScale
        if case .small(let x) = storage, drop <= 18 {
            let divisor = UInt64(XSDecimal.powersOfTen[drop])
            let (quotient, remainder) = x.magnitude.quotientAndRemainder(dividingBy: divisor)
            let up = XSDecimal.roundsAway(
                negative: x < 0,
                remainderVersusHalf: remainder == 0
                    ? nil : (2 * remainder < divisor ? -1 : (2 * remainder == divisor ? 0 : 1)),
                quotientIsOdd: quotient & 1 == 1,
                rule
            )
            let magnitude = quotient + (up ? 1 : 0)
            let wide = WideDecimal(negative: x < 0, magnitude: BigUInt(magnitude), scale: newScale)
            return XSDecimal(wide, integerValue: isIntegerValue)
        }
        let value = wide
        let divisor = BigUInt.power(10, drop)
        let (quotient, remainder) = value.magnitude.quotientAndRemainder(dividingBy: divisor)
        let twice = remainder + remainder
        let up = XSDecimal.roundsAway(
            negative: value.negative,
            remainderVersusHalf: remainder.isZero ? nil : BigUInt.compare(twice, divisor),
            quotientIsOdd: quotient.isOdd,
            rule
        )
        let magnitude = up ? quotient + BigUInt(1) : quotient
        return XSDecimal(
            WideDecimal(negative: value.negative, magnitude: magnitude, scale: newScale),
            integerValue: isIntegerValue
        )
    }

    /// Whether the truncated magnitude must grow by one; `remainderVersusHalf` is nil for an exact quotient.
    private static func roundsAway(
        negative: Bool,
        remainderVersusHalf: Int?,
        quotientIsOdd: Bool,
        _ rule: RoundingRule
    ) -> Bool {
        guard let half = remainderVersusHalf else { return false }
        switch rule {
        case .floor: return negative
        case .ceiling: return !negative
        case .towardZero: return false
        case .halfToCeiling: return half > 0 || (half == 0 && !negative)
        case .halfToEven: return half > 0 || (half == 0 && quotientIsOdd)
        }
    }
}
