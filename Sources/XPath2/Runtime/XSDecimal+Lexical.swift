extension XSDecimal {
    /// Parses the xs:decimal lexical space as Saxon does (`BigDecimalValue.parse`).
    ///
    /// Leading and trailing space, tab, CR and LF are allowed; then an optional sign, digits with at most one `.`,
    /// and at least one digit. No exponent. Like Saxon, a value without `.` and with fewer than 16 characters of
    /// digits (a `-` counts) becomes an integer object; anything else a decimal object without trailing zeros.
    public init?(lexical: String) {
        guard let parsed = XSDecimal.parseDecimal(lexical.utf8) else { return nil }
        self = parsed
    }

    /// Parses the xs:integer lexical space: optional whitespace, optional sign, ASCII digits, optional whitespace.
    public init?(integerLexical: String) {
        var bytes = Substring(integerLexical).utf8[...]
        while let first = bytes.first, XSDecimal.isXMLSpace(first) { bytes.removeFirst() }
        while let last = bytes.last, XSDecimal.isXMLSpace(last) { bytes.removeLast() }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        let magnitude = BigUInt(decimalDigits: bytes)
        self.init(WideDecimal(negative: negative, magnitude: magnitude, scale: 0), integerValue: true)
    }

    static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private enum ParseState {
        case leadingSpace, integerPart, fractionPart, trailingSpace
    }

    private static func parseDecimal(_ utf8: String.UTF8View) -> XSDecimal? {
        var state = ParseState.leadingSpace
        var negative = false
        var foundDot = false
        var digitCount = 0
        var significantDigits = 0
        var value: UInt64 = 0
        var scale = 0
        for byte in utf8 {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                if state != .leadingSpace { state = .trailingSpace }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard state == .leadingSpace else { return nil }
                negative = byte == UInt8(ascii: "-")
                state = .integerPart
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                switch state {
                case .leadingSpace: state = .integerPart
                case .integerPart: break
                case .fractionPart: scale += 1
                case .trailingSpace: return nil
                }
                digitCount += 1
                if significantDigits > 0 || byte != UInt8(ascii: "0") { significantDigits += 1 }
                if significantDigits <= 19 { value = value &* 10 &+ UInt64(byte &- UInt8(ascii: "0")) }
            case UInt8(ascii: "."):
                guard state == .leadingSpace || state == .integerPart else { return nil }
                foundDot = true
                state = .fractionPart
            default:
                return nil
            }
        }
        guard digitCount > 0 else { return nil }
        if significantDigits <= 18 {
            let signed = negative ? -Int64(value) : Int64(value)
            if !foundDot && digitCount + (negative ? 1 : 0) < 16 {
                return XSDecimal(unscaled: signed, scale: 0, integerValue: true)
            }
            // Saxon strips the trailing zeros of the fraction, then its BigDecimalValue strips all trailing zeros.
            return XSDecimal(unscaled: signed, scale: scale, integerValue: false).normalizedDecimal()
        }
        let digits = utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        let wide = WideDecimal(negative: negative, magnitude: BigUInt(decimalDigits: digits), scale: scale)
        return XSDecimal(wide, integerValue: false).normalizedDecimal()
    }
}
