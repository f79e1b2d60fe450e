/// An exact xs:decimal or xs:integer value that computes as Saxon does.
///
/// The value is `unscaled × 10^-scale`, like Java's `BigDecimal`. Numeric equality, hashing and ordering ignore the
/// representation (`1.0 == 1.00`), but the representation is kept as Saxon keeps it, because Saxon's decimal `div`
/// chooses its precision from the operands' scales (see ``divided(by:)``). For the same reason each value remembers
/// whether Saxon would hold it as an integer object (`Int64Value`/`BigIntegerValue`): integer objects keep scale 0,
/// decimal objects (`BigDecimalValue`) have their trailing zeros stripped after every operation, so that `300.0`
/// has scale -2. The caller's xs:integer/xs:decimal type label is separate from this.
///
/// Small values live in an `Int64` significand; anything larger falls back to ``BigUInt``.
public struct XSDecimal: Sendable {
    enum Storage: Sendable {
        case small(Int64)
        case big(negative: Bool, magnitude: BigUInt)
    }

    var storage: Storage
    /// Saxon's `BigDecimal` scale; negative when trailing zeros of a whole number were stripped.
    var scale: Int
    /// Whether Saxon would hold this value as an `IntegerValue` (scale is then 0).
    var isIntegerValue: Bool

    init(unscaled: Int64, scale: Int, integerValue: Bool) {
        storage = .small(unscaled)
        self.scale = scale
        isIntegerValue = integerValue
    }

    init(_ wide: WideDecimal, integerValue: Bool) {
        scale = wide.scale
        isIntegerValue = integerValue
        if let magnitude = wide.magnitude.uint64Value {
            if !wide.negative, magnitude <= UInt64(Int64.max) {
                storage = .small(Int64(magnitude))
                return
            }
            if wide.negative, magnitude <= UInt64(Int64.max) + 1 {
                storage = .small(Int64(truncatingIfNeeded: 0 &- magnitude))
                return
            }
        }
        storage = .big(negative: wide.negative && !wide.magnitude.isZero, magnitude: wide.magnitude)
    }

    /// An xs:integer value.
    public init(_ int: Int) {
        self.init(unscaled: Int64(int), scale: 0, integerValue: true)
    }

    /// The value in the arbitrary-precision representation.
    var wide: WideDecimal {
        switch storage {
        case .small(let value):
            return WideDecimal(negative: value < 0, magnitude: BigUInt(value.magnitude), scale: scale)
        case .big(let negative, let magnitude):
            return WideDecimal(negative: negative, magnitude: magnitude, scale: scale)
        }
    }

    /// -1, 0 or 1.
    public var signum: Int {
        switch storage {
        case .small(let value): return value.signum() < 0 ? -1 : (value == 0 ? 0 : 1)
        case .big(let negative, let magnitude): return magnitude.isZero ? 0 : (negative ? -1 : 1)
        }
    }

    /// The same number as Saxon's `BigDecimalValue` constructor leaves it: a decimal object without trailing zeros.
    func normalizedDecimal() -> XSDecimal {
        switch storage {
        case .small(var value):
            var newScale = scale
            if value == 0 { return XSDecimal(unscaled: 0, scale: 0, integerValue: false) }
            while value % 10 == 0 {
                value /= 10
                newScale -= 1
            }
            return XSDecimal(unscaled: value, scale: newScale, integerValue: false)
        case .big:
            return XSDecimal(wide.stripped(), integerValue: false)
        }
    }

    static let powersOfTen: [Int64] = {
        var table: [Int64] = [1]
        for _ in 1...18 { table.append(table[table.count - 1] * 10) }
        return table
    }()

    /// `value × 10^exponent`, or nil on overflow.
    static func scaleUp(_ value: Int64, by exponent: Int) -> Int64? {
        if exponent == 0 || value == 0 { return value }
        guard exponent > 0, exponent <= 18 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: powersOfTen[exponent])
        return overflow ? nil : product
    }
}

/// A sign-magnitude decimal `(-1)^negative × magnitude × 10^-scale` for the slow paths.
struct WideDecimal: Sendable {
    var negative: Bool
    var magnitude: BigUInt
    var scale: Int

    /// Trailing zeros removed; zero gets scale 0.
    ///
    /// Nine zeros at a time while the magnitude is wider than 64 bits, then in `UInt64` arithmetic: a quotient
    /// computed at Saxon's division scale has up to twenty trailing zeros, and one big division per zero made
    /// decimal `div` the most expensive operation of the rules.
    func stripped() -> WideDecimal {
        if magnitude.isZero { return WideDecimal(negative: false, magnitude: magnitude, scale: 0) }
        var magnitude = self.magnitude
        var scale = self.scale
        while magnitude.uint64Value == nil {
            let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 1_000_000_000)
            if remainder != 0 { break }
            magnitude = quotient
            scale -= 9
        }
        if var small = magnitude.uint64Value {
            while small % 10 == 0 {
                small /= 10
                scale -= 1
            }
            return WideDecimal(negative: negative, magnitude: BigUInt(small), scale: scale)
        }
        while true {
            let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 10)
            if remainder != 0 { break }
            magnitude = quotient
            scale -= 1
        }
        return WideDecimal(negative: negative, magnitude: magnitude, scale: scale)
    }

    /// The magnitude scaled to `target` (which must not be below `scale`).
    func magnitude(atScale target: Int) -> BigUInt {
        magnitude.timesPowerOfTen(target - scale)
    }

    static func compare(_ a: WideDecimal, _ b: WideDecimal) -> Int {
        let signA = a.magnitude.isZero ? 0 : (a.negative ? -1 : 1)
        let signB = b.magnitude.isZero ? 0 : (b.negative ? -1 : 1)
        if signA != signB { return signA < signB ? -1 : 1 }
        if signA == 0 { return 0 }
        let common = max(a.scale, b.scale)
        let order = BigUInt.compare(a.magnitude(atScale: common), b.magnitude(atScale: common))
        return signA < 0 ? -order : order
    }
}

extension XSDecimal: Hashable, Comparable {
    /// Three-way numeric comparison.
    static func compare(_ a: XSDecimal, _ b: XSDecimal) -> Int {
        if case .small(let x) = a.storage, case .small(let y) = b.storage {
            if a.scale == b.scale { return x < y ? -1 : (x == y ? 0 : 1) }
            if (x < 0) != (y < 0) { return x < 0 ? -1 : 1 }
            if x == 0 || y == 0 { return x == y ? 0 : (x < y ? -1 : 1) }
            if a.scale < b.scale {
                if let scaled = scaleUp(x, by: b.scale - a.scale) { return scaled < y ? -1 : (scaled == y ? 0 : 1) }
            } else if let scaled = scaleUp(y, by: a.scale - b.scale) {
                return x < scaled ? -1 : (x == scaled ? 0 : 1)
            }
        }
        return WideDecimal.compare(a.wide, b.wide)
    }

    public static func == (a: XSDecimal, b: XSDecimal) -> Bool { compare(a, b) == 0 }

    public static func < (a: XSDecimal, b: XSDecimal) -> Bool { compare(a, b) < 0 }

    public func hash(into hasher: inout Hasher) {
        let normal = normalizedDecimal()
        hasher.combine(normal.scale)
        switch normal.storage {
        case .small(let value): hasher.combine(value)
        case .big(let negative, let magnitude):
            hasher.combine(negative)
            hasher.combine(magnitude)
        }
    }
}

extension XSDecimal: CustomStringConvertible {
    /// The canonical xs:string cast, as Saxon writes it: no exponent, no trailing zeros, `0` for zero.
    public var description: String {
        var negative: Bool
        var digits: String
        var exponent = scale
        switch storage {
        case .small(var value):
            if value == 0 { return "0" }
            while exponent > 0, value % 10 == 0 {
                value /= 10
                exponent -= 1
            }
            if exponent >= 0 && exponent <= 18 { return XSDecimal.plainText(value, fractionDigits: exponent) }
            negative = value < 0
            digits = String(value.magnitude)
        case .big:
            var value = wide
            if value.magnitude.isZero { return "0" }
            if exponent > 0 { value = value.stripped() }
            exponent = value.scale
            negative = value.negative
            digits = value.magnitude.decimalString
        }
        let sign = negative ? "-" : ""
        if exponent <= 0 { return sign + digits + String(repeating: "0", count: -exponent) }
        if digits.count > exponent {
            let split = digits.index(digits.endIndex, offsetBy: -exponent)
            return sign + digits[..<split] + "." + digits[split...]
        }
        return sign + "0." + String(repeating: "0", count: exponent - digits.count) + digits
    }
}

extension XSDecimal {
    /// `value × 10^-fractionDigits` in plain notation, written into one small buffer.
    static func plainText(_ value: Int64, fractionDigits: Int) -> String {
        var magnitude = value.magnitude
        let capacity = 22 + fractionDigits
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var position = capacity
            var written = 0
            repeat {
                if written == fractionDigits && written > 0 {
                    position -= 1
                    buffer[position] = UInt8(ascii: ".")
                }
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                written += 1
            } while magnitude > 0 || written <= fractionDigits
            if value < 0 {
                position -= 1
                buffer[position] = UInt8(ascii: "-")
            }
            let length = capacity - position
            for i in 0..<length { buffer[i] = buffer[position + i] }
            return length
        }
    }

    /// Whether the value is a whole number.
    public var isInteger: Bool {
        if isIntegerValue || scale <= 0 { return true }
        switch storage {
        case .small(let value):
            guard scale <= 18 else { return value == 0 }
            return value % XSDecimal.powersOfTen[scale] == 0
        case .big:
            return wide.stripped().scale <= 0
        }
    }

    /// The value as an `Int` when it is a whole number in range.
    public func toInt() -> Int? {
        guard isInteger else { return nil }
        switch storage {
        case .small(let value):
            if scale >= 0 { return Int(exactly: value / XSDecimal.powersOfTen[min(scale, 18)]) }
            guard let scaled = XSDecimal.scaleUp(value, by: -scale) else { return nil }
            return Int(exactly: scaled)
        case .big:
            let normal = XSDecimal(wide.stripped(), integerValue: false)
            if case .small = normal.storage { return normal.toInt() }
            return nil
        }
    }
}
