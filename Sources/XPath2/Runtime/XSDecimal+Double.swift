extension XSDecimal {
    /// The nearest xs:double (round half to even), as Saxon's `xs:double(xs:decimal(...))` gives it.
    public var doubleValue: Double {
        if case .small(let x) = storage, x.magnitude < 1 << 53 {
            if scale == 0 { return Double(x) }
            if scale > 0, scale <= 22 { return Double(x) / XSDecimal.doublePowersOfTen[scale] }
            if scale < 0, scale >= -22 { return Double(x) * XSDecimal.doublePowersOfTen[-scale] }
        }
        let value = wide
        let text = (value.negative ? "-" : "") + value.magnitude.decimalString + "e" + String(-value.scale)
        return Double(text) ?? .nan
    }

    private static let doublePowersOfTen: [Double] = (0...22).map { exponent in
        var power = 1.0
        for _ in 0..<exponent { power *= 10 }
        return power
    }

    /// The xs:decimal cast of an xs:double as Saxon does it (`new BigDecimal(double)`): the exact binary value,
    /// so `xs:decimal(0.1e0)` is `0.1000000000000000055511151231257827021181583404541015625`.
    /// NaN and infinities throw FOCA0002.
    public init(converting double: Double) throws(XPathError) {
        guard double.isFinite else {
            throw XPathError("FOCA0002", "Cannot convert double \(XSDouble.string(double)) to decimal")
        }
        if double == 0 {
            self.init(unscaled: 0, scale: 0, integerValue: false)
            return
        }
        var significand = double.significandBitPattern
        var exponent = Int(double.exponentBitPattern)
        if exponent == 0 {
            exponent = 1
        } else {
            significand |= 1 << 52
        }
        exponent -= 1075
        let trailing = significand.trailingZeroBitCount
        significand >>= UInt64(trailing)
        exponent += trailing
        let magnitude: BigUInt
        var scale = 0
        if exponent >= 0 {
            magnitude = BigUInt(significand).shiftedLeft(exponent)
        } else {
            magnitude = BigUInt(significand) * BigUInt.power(5, -exponent)
            scale = -exponent
        }
        self.init(WideDecimal(negative: double < 0, magnitude: magnitude, scale: scale), integerValue: false)
    }

    /// Same as ``init(converting:)``.
    public init(exactly double: Double) throws(XPathError) {
        try self.init(converting: double)
    }
}
